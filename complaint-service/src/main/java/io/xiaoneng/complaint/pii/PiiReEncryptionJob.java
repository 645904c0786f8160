package io.xiaoneng.complaint.pii;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.identity.PiiCipher;
import io.xiaoneng.platform.identity.PiiReEncryption;
import io.xiaoneng.platform.identity.PiiReEncryption.EncryptedColumns;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.problem.Problem;
import io.xiaoneng.platform.security.Roles;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * After a PII key rotation, rewrites the complainants' name, phone and contact still encrypted with an older key
 * ({@link PiiReEncryption}: bounded batches, {@code FOR UPDATE SKIP LOCKED}, safe to re-run and to run on two
 * replicas at once). Started by an admin ({@code POST /api/v1/admin/pii/re-encrypt}, audited) or at startup when
 * {@code xiaoneng.complaint.pii.re-encrypt.at-startup=true}. Every column holding a {@code PiiCipher} value of this
 * service is listed in {@link #ENCRYPTED}.
 */
@Path("/api/v1/admin/pii/re-encrypt")
@Tag(name = "Administration", description = "Operations tasks of the service")
@ApplicationScoped
public class PiiReEncryptionJob {

    private static final Logger LOG = Logger.getLogger(PiiReEncryptionJob.class);

    static final List<EncryptedColumns> ENCRYPTED = List.of(
            new EncryptedColumns("complaint", "id", List.of("complainant_name", "complainant_phone", "complainant_contact")));

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

    @ConfigProperty(name = "xiaoneng.complaint.pii.re-encrypt.batch-size")
    int batchSize;

    @ConfigProperty(name = "xiaoneng.complaint.pii.re-encrypt.at-startup")
    boolean atStartup;

    private PiiReEncryption job;

    void onStart(@Observes StartupEvent event) {
        job = new PiiReEncryption(dataSource, cipher, ENCRYPTED, batchSize, registry);
        if (atStartup) {
            // In the background: the service serves meanwhile, reading values under either key.
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
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(operationId = "reEncryptPersonalData",
            summary = "Re-encrypt the personal data still under an older PII key with the current key (admin); safe to repeat")
    @APIResponse(responseCode = "200", description = "Done: what was rewritten, and what is still under another key (0 → an older key may be removed)",
            content = @Content(schema = @Schema(implementation = PiiReEncryption.Report.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not an admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PiiReEncryption.Report reEncrypt() throws SQLException {
        return run(user.username());
    }

    PiiReEncryption.Report run(String actor) throws SQLException {
        Map<String, Long> before = job.countByKey();
        PiiReEncryption.Report report = job.run();
        QuarkusTransaction.requiringNew().run(() -> audit.record(actor, "pii-key", cipher.currentVersion(), "re-encrypted",
                Map.of("valuesByKey", before), report));
        return report;
    }
}
