package io.xiaoneng.complaint.app;

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
 * Public references (printed, read out on the phone, Open311 {@code service_request_id}; guessable by design) and
 * secret tracking codes (the only key to anonymous tracking, feedback and reopening). A tracking code is 16 characters
 * of a 31-letter alphabet (~79 bits); only its SHA-256 is stored, and lookups go by that hash.
 */
@ApplicationScoped
public class TrackingCodes {

    /** No 0/O, 1/I/L: read aloud over the phone and typed from a paper receipt. */
    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    static final int CODE_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    /** {@code TS20261127000042}: day of receipt + a database sequence, unique across replicas. */
    public String reference(LocalDate receivedOn, long sequence) {
        return "TS" + DAY.format(receivedOn) + String.format(Locale.ROOT, "%06d", sequence);
    }

    public String newCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    public String hash(String code) {
        String normalized = code == null ? "" : code.strip().replace("-", "").toUpperCase(Locale.ROOT);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
