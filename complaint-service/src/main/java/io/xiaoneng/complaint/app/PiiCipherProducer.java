package io.xiaoneng.complaint.app;

import io.xiaoneng.platform.identity.PiiCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * The complainant identity cipher of this service: the platform's AES-256-GCM {@link PiiCipher} with the versioned
 * keys under {@code xiaoneng.complaint.pii} ({@code .key} = v1, {@code .keys.v2} …, {@code .current-key}; development
 * key in application.properties, production sets {@code XIAONENG_COMPLAINT_PII_KEY} and, when rotating,
 * {@code XIAONENG_COMPLAINT_PII_KEYS_V2} and {@code XIAONENG_COMPLAINT_PII_CURRENT_KEY}).
 */
@ApplicationScoped
class PiiCipherProducer {

    static final String PREFIX = "xiaoneng.complaint.pii";

    @Produces
    @Singleton
    PiiCipher piiCipher(Config config) {
        return PiiCipher.fromConfig(config, PREFIX);
    }
}
