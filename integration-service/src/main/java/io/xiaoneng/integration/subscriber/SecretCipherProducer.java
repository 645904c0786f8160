package io.xiaoneng.integration.subscriber;

import io.xiaoneng.platform.identity.PiiCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The cipher of the subscribers' HMAC secrets at rest: the platform's AES-256-GCM {@link PiiCipher} with the key
 * {@code xiaoneng.integration.secret.key} (a development key in application.properties; production sets
 * {@code XIAONENG_INTEGRATION_SECRET_KEY} from a secret).
 */
@ApplicationScoped
class SecretCipherProducer {

    static final String KEY_PROPERTY = "xiaoneng.integration.secret.key";

    @Produces
    @Singleton
    PiiCipher secretCipher(@ConfigProperty(name = KEY_PROPERTY) String base64Key) {
        return new PiiCipher(KEY_PROPERTY, base64Key);
    }
}
