package io.xiaoneng.platform.identity;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiiCipherTest {

    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final String KEY_2 = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    @Test
    void roundTripsWithAFreshNonceEveryTime() {
        PiiCipher cipher = new PiiCipher("test.key", KEY);
        String a = cipher.encrypt("11010519491231002X");
        String b = cipher.encrypt("11010519491231002X");
        assertThat(a).startsWith("v1:").isNotEqualTo(b).doesNotContain("1101051949");
        assertThat(cipher.decrypt(a)).isEqualTo("11010519491231002X");
        assertThat(cipher.decrypt(b)).isEqualTo("11010519491231002X");
        assertThat(cipher.encrypt(null)).isNull();
        assertThat(cipher.decrypt(null)).isNull();
    }

    @Test
    void aTamperedValueOrAnotherKeyIsRefusedWithoutShowingTheValue() {
        PiiCipher cipher = new PiiCipher("test.key", KEY);
        byte[] sealed = Base64.getDecoder().decode(cipher.encrypt("13812345678").substring(3));
        sealed[sealed.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(sealed);
        assertThatThrownBy(() -> cipher.decrypt(tampered)).hasMessage("decryption failed");

        PiiCipher other = new PiiCipher("test.key", Base64.getEncoder().encodeToString(new byte[32]));
        assertThatThrownBy(() -> other.decrypt(cipher.encrypt("13812345678"))).hasMessage("decryption failed");
        assertThatThrownBy(() -> cipher.decrypt("v2:abc")).hasMessage("unknown key version v2 (configured: [v1])");
        assertThatThrownBy(() -> cipher.decrypt("13812345678")).hasMessage("unknown key version");
        assertThatThrownBy(() -> cipher.decrypt("v1:not base64!")).hasMessage("decryption failed");
    }

    @Test
    void aKeyOfTheWrongLengthNamesItsProperty() {
        assertThatThrownBy(() -> new PiiCipher("xiaoneng.complaint.pii.key", Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessage("xiaoneng.complaint.pii.key must be 32 bytes (base64), got 16");
    }

    @Test
    void decryptsByTheStoredPrefixAndEncryptsWithTheCurrentKey() {
        PiiCipher before = new PiiCipher("p.key", KEY);
        String underV1 = before.encrypt("13812345678");
        PiiCipher rotated = PiiCipher.fromConfig(config(Map.of(
                "p.key", KEY, "p.keys.v2", KEY_2, "p.current-key", "v2")), "p");

        assertThat(rotated.currentVersion()).isEqualTo("v2");
        assertThat(rotated.versions()).containsExactly("v1", "v2");
        assertThat(rotated.decrypt(underV1)).isEqualTo("13812345678");
        String underV2 = rotated.encrypt("13812345678");
        assertThat(underV2).startsWith("v2:");
        assertThat(rotated.isCurrent(underV1)).isFalse();
        assertThat(rotated.isCurrent(underV2)).isTrue();
        assertThat(rotated.isCurrent(null)).isTrue();
        assertThat(rotated.reEncrypt(underV2)).isSameAs(underV2);
        String rewritten = rotated.reEncrypt(underV1);
        assertThat(rewritten).startsWith("v2:");

        // v1 removed: what was rewritten still reads, a value left under v1 fails naming the version only
        PiiCipher afterRemoval = PiiCipher.fromConfig(config(Map.of("p.keys.v2", KEY_2, "p.current-key", "v2")), "p");
        assertThat(afterRemoval.decrypt(rewritten)).isEqualTo("13812345678");
        assertThatThrownBy(() -> afterRemoval.decrypt(underV1))
                .hasMessage("unknown key version v1 (configured: [v2])");
        assertThat(PiiCipher.versionOf(underV1)).isEqualTo("v1");
    }

    @Test
    void keysComeFromEnvironmentVariablesToo() {
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("p.key", KEY), "props", 250))
                .withSources(new EnvConfigSource(Map.of("P_KEYS_V2", KEY_2, "P_CURRENT_KEY", "v2"), 300))
                .build();
        PiiCipher cipher = PiiCipher.fromConfig(config, "p");
        assertThat(cipher.versions()).containsExactly("v1", "v2");
        assertThat(cipher.encrypt("x")).startsWith("v2:");
    }

    @Test
    void theLegacySingleKeyAloneIsV1AndCurrent() {
        PiiCipher cipher = PiiCipher.fromConfig(config(Map.of("p.key", KEY)), "p");
        assertThat(cipher.currentVersion()).isEqualTo("v1");
        assertThat(new PiiCipher("x", KEY).decrypt(cipher.encrypt("a"))).isEqualTo("a");
    }

    @Test
    void aWrongConfigurationFailsAtStartWithThePropertyNamed() {
        assertThatThrownBy(() -> PiiCipher.fromConfig(config(Map.of("p.key", KEY, "p.keys.v2", KEY_2)), "p"))
                .hasMessage("p.current-key must name the key to encrypt with, one of [v1, v2]");
        assertThatThrownBy(() -> PiiCipher.fromConfig(config(Map.of("p.key", KEY, "p.current-key", "v2")), "p"))
                .hasMessage("p.current-key is v2 but the configured keys are [v1]");
        assertThatThrownBy(() -> PiiCipher.fromConfig(config(Map.of("p.key", KEY, "p.keys.v1", KEY_2)), "p"))
                .hasMessageContaining("p.key and p.keys.v1 are both set and differ");
        assertThatThrownBy(() -> PiiCipher.fromConfig(config(Map.of("p.keys.new", KEY)), "p"))
                .hasMessage("p.keys.new: a key version is v1, v2, …");
        assertThatThrownBy(() -> PiiCipher.fromConfig(config(Map.of("p.keys.v2", "c2hvcnQ=", "p.current-key", "v2")), "p"))
                .hasMessage("p.keys.v2 must be 32 bytes (base64), got 5");
        assertThatThrownBy(() -> PiiCipher.fromConfig(config(Map.of()), "p"))
                .hasMessage("no PII key configured: set p.keys.v1");
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 250)).build();
    }
}
