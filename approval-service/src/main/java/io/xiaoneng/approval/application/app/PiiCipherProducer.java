package io.xiaoneng.approval.application.app;

import io.xiaoneng.platform.identity.PiiCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ID and phone number cipher of this service: the platform's AES-256-GCM {@link PiiCipher} with the key
 * {@code xiaoneng.approval.pii.key} (a development key in application.properties; production sets {@code XIAONENG_APPROVAL_PII_KEY}).
 */
@ApplicationScoped
class PiiCipherProducer {

    static final String KEY_PROPERTY = "xiaoneng.approval.pii.key";

    @Produces
    @Singleton
    PiiCipher piiCipher(@ConfigProperty(name = KEY_PROPERTY) String base64Key) {
        return new PiiCipher(KEY_PROPERTY, base64Key);
    }
}
