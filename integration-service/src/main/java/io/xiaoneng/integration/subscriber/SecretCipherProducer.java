package io.xiaoneng.integration.subscriber;

import io.xiaoneng.platform.identity.PiiCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * The cipher of the subscribers' HMAC secrets at rest: the platform's AES-256-GCM {@link PiiCipher} with the
 * versioned keys under {@code xiaoneng.integration.secret} ({@code .key} = v1, {@code .keys.v2} …,
 * {@code .current-key}; development key in application.properties, production sets
 * {@code XIAONENG_INTEGRATION_SECRET_KEY} from a secret and, when rotating, {@code XIAONENG_INTEGRATION_SECRET_KEYS_V2}
 * and {@code XIAONENG_INTEGRATION_SECRET_CURRENT_KEY}).
 */
@ApplicationScoped
class SecretCipherProducer {

    static final String PREFIX = "xiaoneng.integration.secret";

    @Produces
    @Singleton
    PiiCipher secretCipher(Config config) {
        return PiiCipher.fromConfig(config, PREFIX);
    }
}
