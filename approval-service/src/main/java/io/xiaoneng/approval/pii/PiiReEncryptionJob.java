package io.xiaoneng.approval.pii;

import io.xiaoneng.platform.identity.PiiReEncryption.EncryptedColumns;
import io.xiaoneng.platform.identity.PiiReEncryptionEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * After a key rotation, rewrites the applicants' ID and phone numbers still encrypted with an older key: started by an admin
 * ({@code POST /api/v1/admin/pii/re-encrypt}, audited) or at startup when {@code xiaoneng.approval.pii.re-encrypt.at-startup=true}
 * (the shared logic: {@link PiiReEncryptionEndpoint}). Every column holding a {@code PiiCipher} value of this service
 * is listed in {@link #ENCRYPTED}.
 */
@Path("/api/v1/admin/pii/re-encrypt")
@Tag(name = "Administration", description = "Operations tasks of the service")
@ApplicationScoped
public class PiiReEncryptionJob extends PiiReEncryptionEndpoint {

    static final List<EncryptedColumns> ENCRYPTED = List.of(
            new EncryptedColumns("application", "id", List.of("applicant_id_cipher", "applicant_phone_cipher")));

    @ConfigProperty(name = "xiaoneng.approval.pii.re-encrypt.batch-size")
    int batchSize;

    @ConfigProperty(name = "xiaoneng.approval.pii.re-encrypt.at-startup")
    boolean atStartup;

    @Override
    protected List<EncryptedColumns> encryptedColumns() {
        return ENCRYPTED;
    }

    @Override
    protected int batchSize() {
        return batchSize;
    }

    @Override
    protected boolean atStartup() {
        return atStartup;
    }
}
