package io.xiaoneng.platform.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.xiaoneng.platform.identity.InvalidIdentifierException.Reason;
import java.util.Locale;

/**
 * 统一社会信用代码: the 18-character unified social credit code of organisations, GB 32100-2015.
 *
 * <p>Layout: position 1 registration authority (e.g. {@code 1} 机构编制, {@code 5} 民政, {@code 9} 工商/市场监管,
 * {@code Y} other), position 2 organisation type within it (e.g. {@code 91} enterprise, {@code 92} individual business
 * 个体工商户, {@code 93} farmers' cooperative), positions 3–8 the registering authority's administrative division code
 * (GB/T 2260, digits), positions 9–17 the organisation code (GB 11714), position 18 the check character. Characters
 * come from {@code 0-9} and the upper-case letters except I, O, Z, S, V; the check character is
 * {@code 31 - (Σ value × weight mod 31)}, where a result of 31 is written {@code 0}.
 *
 * <p>Validated: length, character set, digits in 3–8, check character. Input is upper-cased (people type
 * {@code 91350100m000100y43}). Not validated: positions 1 and 2 against the authority/type table, which has been
 * extended since 2015 (e.g. {@code N} for rural collective economic organisations), so a closed list would refuse
 * real, newer codes.
 *
 * <p>{@link #toString()} is the <em>full</em> code, unlike the personal identifiers in this package: the code is
 * public by law — it is printed on the business licence that must be displayed, and published in the national
 * enterprise credit information system — and it is what officials search, correlate and quote, logs included.
 * Where a page should still not show it (for instance a complainant that is a business, whose identity the
 * department complained about must not learn), the caller uses {@link #masked()}; hiding who complained is an
 * access-control decision, not something a type can know.
 */
public final class UnifiedSocialCreditCode {

    private static final String TYPE = "unified social credit code";
    private static final int LENGTH = 18;
    /** Index of a character in this string is its numeric value. */
    private static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private final String value;

    private UnifiedSocialCreditCode(String value) {
        this.value = value;
    }

    /**
     * Validates and normalises a code (whitespace around removed, letters upper-cased).
     *
     * @throws InvalidIdentifierException with the reason
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static UnifiedSocialCreditCode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidIdentifierException(TYPE, Reason.EMPTY, null);
        }
        String candidate = text.strip().toUpperCase(Locale.ROOT);
        if (candidate.length() != LENGTH) {
            throw new InvalidIdentifierException(TYPE, Reason.WRONG_LENGTH,
                    "expected " + LENGTH + " characters, got " + candidate.length());
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = candidate.charAt(i);
            if (CHARSET.indexOf(c) < 0) {
                throw new InvalidIdentifierException(TYPE, Reason.INVALID_CHARACTER,
                        "position " + (i + 1) + " must be a digit or a capital letter other than I, O, Z, S, V");
            }
            if (i >= 2 && i <= 7 && !(c >= '0' && c <= '9')) {
                throw new InvalidIdentifierException(TYPE, Reason.INVALID_CHARACTER,
                        "position " + (i + 1) + " belongs to the administrative division code and must be a digit");
            }
        }
        if (candidate.charAt(LENGTH - 1) != checkCharacter(candidate)) {
            throw new InvalidIdentifierException(TYPE, Reason.INVALID_CHECKSUM, null);
        }
        return new UnifiedSocialCreditCode(candidate);
    }

    /** Whether {@link #parse(String)} would accept the text. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    private static char checkCharacter(String code) {
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += CHARSET.indexOf(code.charAt(i)) * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return CHARSET.charAt(check == 31 ? 0 : check);
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** Position 1: the registration authority (登记管理部门), e.g. {@code '9'} for market regulation. */
    public char registrationAuthorityCode() {
        return value.charAt(0);
    }

    /** Position 2: the organisation type (机构类别) within the authority, e.g. {@code '1'} enterprise under {@code 9}. */
    public char organisationTypeCode() {
        return value.charAt(1);
    }

    /** Positions 3–8: the administrative division code of the registering authority. */
    public String administrativeDivisionCode() {
        return value.substring(2, 8);
    }

    /** Positions 9–17: the organisation code (组织机构代码, GB 11714). */
    public String organisationCode() {
        return value.substring(8, 17);
    }

    /**
     * The first 8 characters (authority, type, region — shared by many organisations) and the last 4, the six in
     * between as {@code *}: {@code 91350100******0Y43}.
     */
    public String masked() {
        return Masking.keep(value, 8, 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnifiedSocialCreditCode other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The full code: it is public register information (see the class comment). */
    @Override
    public String toString() {
        return value;
    }
}
