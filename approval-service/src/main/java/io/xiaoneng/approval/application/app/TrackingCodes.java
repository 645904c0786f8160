package io.xiaoneng.approval.application.app;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Tracking numbers (readable, printed on the receipt, guessable by design) and verification codes (random, the
 * only secret of anonymous tracking). Only a SHA-256 of the code is stored: a leaked database does not reveal
 * codes, and with ~59 bits of randomness a fast hash is enough (nobody can enumerate 2^59 candidates per case).
 */
@ApplicationScoped
public class TrackingCodes {

    /** No 0/O, 1/I/L: read aloud over the phone and typed from a paper receipt. */
    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    static final int CODE_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    /** {@code XN20260210000042}: day of receipt + a database sequence, unique across replicas. */
    public String trackingNumber(LocalDate receivedOn, long sequence) {
        return "XN" + DAY.format(receivedOn) + String.format(Locale.ROOT, "%06d", sequence);
    }

    public String newCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    public String hash(String code) {
        String normalized = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison, so response times say nothing about how much of a code was right. */
    public boolean matches(String code, String storedHash) {
        byte[] given = hash(code).getBytes(StandardCharsets.US_ASCII);
        byte[] stored = (storedHash == null ? "" : storedHash).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, stored);
    }
}
