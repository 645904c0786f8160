package io.xiaoneng.integration.delivery;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The signature header of a push: {@code X-Xiaoneng-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} over
 * {@code t + "." + body} with the subscriber's secret (its UTF-8 bytes as the key). The timestamp inside the signed
 * text lets a receiver refuse replays of old bodies (README, "Verifying the signature").
 */
public final class Signature {
    private Signature() {}

    public static final String HEADER = "X-Xiaoneng-Signature";

    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds + "." + body);
    }

    static String hmacHex(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
