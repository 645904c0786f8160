package io.xiaoneng.platform.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The two numbers a citizen gets for a case he files: a public <em>reference</em> (printed on the receipt, read out on
 * the phone; guessable by design: prefix + day of receipt + a database sequence) and a secret <em>code</em> (random,
 * the only key to following the case without logging in). Only a SHA-256 of a code is stored and looked up: a leaked
 * database reveals no codes, and with ≥ 59 bits of randomness a fast hash is enough (nobody enumerates 2^59 candidates
 * per case). Each service keeps its own prefix and code length in a subclass.
 */
public abstract class CaseCodes {

    /** No 0/O, 1/I/L: read aloud over the phone and typed from a paper receipt. */
    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final String referencePrefix;
    private final int codeLength;

    protected CaseCodes(String referencePrefix, int codeLength) {
        this.referencePrefix = referencePrefix;
        this.codeLength = codeLength;
    }

    /** {@code <prefix>20260210000042}: day of receipt + a database sequence, unique across replicas. */
    public String reference(LocalDate receivedOn, long sequence) {
        return referencePrefix + DAY.format(receivedOn) + String.format(Locale.ROOT, "%06d", sequence);
    }

    public String newCode() {
        StringBuilder code = new StringBuilder(codeLength);
        for (int i = 0; i < codeLength; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The stored form of a code as a citizen types it: blanks and dashes dropped, case ignored. */
    public String hash(String code) {
        String normalized = code == null ? "" : code.strip().replace("-", "").toUpperCase(Locale.ROOT);
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
