package io.xiaoneng.platform.identity;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiiCipherTest {

    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

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
        assertThatThrownBy(() -> cipher.decrypt("v2:abc")).hasMessage("unknown key version");
    }

    @Test
    void aKeyOfTheWrongLengthNamesItsProperty() {
        assertThatThrownBy(() -> new PiiCipher("xiaoneng.complaint.pii.key", Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessage("xiaoneng.complaint.pii.key must be 32 bytes (base64), got 16");
    }
}
