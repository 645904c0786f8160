package io.xiaoneng.platform.identity;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.identity.PiiReEncryption.EncryptedColumns;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The admin operation every service holding {@link PiiCipher} values offers after a key rotation: rewrite what is
 * still encrypted with an older key ({@link PiiReEncryption}: bounded batches, {@code FOR UPDATE SKIP LOCKED}, safe to
 * re-run and to run on two replicas at once), audited as {@code pii-key / re-encrypted} with the values counted per
 * key before and the report after. Optionally started in the background at startup, the service serving meanwhile
 * (values under either key stay readable).
 *
 * <p>A service subclasses it as an {@code @ApplicationScoped} resource with its own {@code @Path}
 * ({@code /api/v1/admin/pii/re-encrypt}) and {@code @Tag}, names every column holding a {@code PiiCipher} value of
 * its database, and reads the batch size and the startup switch from its own configuration keys.
 */
public abstract class PiiReEncryptionEndpoint {

    private static final Logger LOG = Logger.getLogger(PiiReEncryptionEndpoint.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PiiCipher cipher;

    @Inject
    AuditTrail audit;

    @Inject
    MeterRegistry registry;

    @Inject
    CurrentUser user;

    private PiiReEncryption job;

    /** Every column of this service's database holding a {@code PiiCipher} value. */
    protected abstract List<EncryptedColumns> encryptedColumns();

    /** Rows per batch transaction. */
    protected abstract int batchSize();

    /** Whether to re-encrypt in the background as the service starts. */
    protected abstract boolean atStartup();

    void onStart(@Observes StartupEvent event) {
        job = new PiiReEncryption(dataSource, cipher, encryptedColumns(), batchSize(), registry);
        if (atStartup()) {
            Thread thread = new Thread(() -> {
                try {
                    run("system");
                } catch (Exception e) {
                    LOG.errorf("PII re-encryption at startup failed: %s", e.getMessage());
                }
            }, "pii-re-encryption");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON) // here, not on the subclass: the document takes it from the declaring class
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(operationId = "reEncryptPersonalData",
            summary = "Re-encrypt the personal data still under an older PII key with the current key (admin); safe to repeat")
    @APIResponse(responseCode = "200", description = "Done: what was rewritten, and what is still under another key (0 → an older key may be removed)",
            content = @Content(schema = @Schema(implementation = PiiReEncryption.Report.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid token")
    @APIResponse(responseCode = "403", description = "Not an admin")
    public PiiReEncryption.Report reEncrypt() throws SQLException {
        return run(user.username());
    }

    protected PiiReEncryption.Report run(String actor) throws SQLException {
        Map<String, Long> before = job.countByKey();
        PiiReEncryption.Report report = job.run();
        QuarkusTransaction.requiringNew().run(() -> audit.record(actor, "pii-key", cipher.currentVersion(), "re-encrypted",
                Map.of("valuesByKey", before), report));
        return report;
    }
}
