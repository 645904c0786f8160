package io.xiaoneng.platform.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.xiaoneng.platform.identity.InvalidIdentifierException.Reason;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A mainland China phone number a person can be called back on: a mobile number or a landline with its area code.
 *
 * <p>Accepted input: digits with optional spaces, hyphens and parentheses ({@code 138 1234 5678},
 * {@code (0571) 8765-4321}), optionally prefixed by {@code +86} or {@code 0086} (then the landline's leading 0 may be
 * left out, as in international format). Canonical {@link #value()}:
 * <ul>
 *   <li>mobile: 11 digits {@code 1[3-9]xxxxxxxxx}, e.g. {@code 13812345678};</li>
 *   <li>landline: {@code areaCode-subscriber}, e.g. {@code 010-12345678}, {@code 0571-8765432}. Area codes
 *       {@code 010} and {@code 020}–{@code 029} have three digits and 8-digit subscriber numbers; all other area
 *       codes have four digits ({@code 0[3-9]xx}) and 7- or 8-digit subscriber numbers. Subscriber numbers start
 *       with 2–9 (0 is the trunk prefix, 1 the short service numbers).</li>
 * </ul>
 * Not accepted: extensions, short and service numbers (110, 12345, 95xxx, 400/800), foreign numbers — they are not a
 * person's contact number. Area codes are checked by shape, not against the list of assigned codes.
 *
 * <p>{@link #toString()} is the {@linkplain #masked() masked} form, so the number cannot leak into logs.
 */
public final class PhoneNumber {

    /** Mobile or fixed line. */
    public enum Kind { MOBILE, LANDLINE }

    private static final String TYPE = "phone number";
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    private static final Pattern THREE_DIGIT_AREA = Pattern.compile("(010|02[0-9])([2-9][0-9]{7})");
    private static final Pattern FOUR_DIGIT_AREA = Pattern.compile("(0[3-9][0-9]{2})([2-9][0-9]{6,7})");

    private final String value;
    private final Kind kind;
    private final String areaCode;

    private PhoneNumber(String value, Kind kind, String areaCode) {
        this.value = value;
        this.kind = kind;
        this.areaCode = areaCode;
    }

    /**
     * Validates and normalises a number.
     *
     * @throws InvalidIdentifierException with the reason, never echoing the input
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static PhoneNumber parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidIdentifierException(TYPE, Reason.EMPTY, null);
        }
        String digits = digitsOf(text.strip());
        if (digits.startsWith("+86") || digits.startsWith("0086")) {
            String national = digits.substring(digits.startsWith("+") ? 3 : 4);
            // International format drops the landline's trunk 0 (+86 571 ..., +86 10 ... for Beijing);
            // mobiles (13-19) have none.
            boolean mobile = national.length() > 1 && national.charAt(0) == '1' && national.charAt(1) >= '3';
            digits = mobile || national.startsWith("0") ? national : "0" + national;
        } else if (digits.startsWith("+")) {
            throw new InvalidIdentifierException(TYPE, Reason.INVALID_FORMAT, "only +86 numbers are accepted");
        }
        if (digits.startsWith("1")) {
            if (digits.length() != 11) {
                throw new InvalidIdentifierException(TYPE, Reason.WRONG_LENGTH,
                        "a mobile number has 11 digits, got " + digits.length());
            }
            if (!MOBILE.matcher(digits).matches()) {
                throw new InvalidIdentifierException(TYPE, Reason.INVALID_FORMAT,
                        "a mobile number starts with 13 to 19");
            }
            return new PhoneNumber(digits, Kind.MOBILE, null);
        }
        if (digits.startsWith("0")) {
            return landline(digits);
        }
        throw new InvalidIdentifierException(TYPE, Reason.INVALID_FORMAT,
                "expected a mobile number (1…) or a landline with area code (0…)");
    }

    private static PhoneNumber landline(String digits) {
        boolean threeDigitArea = digits.startsWith("010") || digits.startsWith("02");
        var matcher = (threeDigitArea ? THREE_DIGIT_AREA : FOUR_DIGIT_AREA).matcher(digits);
        if (!matcher.matches()) {
            int subscriberLength = digits.length() - (threeDigitArea ? 3 : 4);
            boolean lengthOk = threeDigitArea ? subscriberLength == 8 : subscriberLength == 7 || subscriberLength == 8;
            throw new InvalidIdentifierException(TYPE, lengthOk ? Reason.INVALID_FORMAT : Reason.WRONG_LENGTH,
                    threeDigitArea
                            ? "area codes 010 and 02x take an 8-digit number starting with 2-9"
                            : "a 4-digit area code 0[3-9]xx takes a 7- or 8-digit number starting with 2-9");
        }
        String area = matcher.group(1);
        return new PhoneNumber(area + "-" + matcher.group(2), Kind.LANDLINE, area);
    }

    /** Keeps digits and a leading '+', drops the usual separators, refuses anything else. */
    private static String digitsOf(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            } else if (c == '+' && sb.length() == 0) {
                sb.append(c);
            } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
                throw new InvalidIdentifierException(TYPE, Reason.INVALID_CHARACTER,
                        "only digits, spaces, hyphens, parentheses and a leading + are allowed");
            }
        }
        return sb.toString();
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

    /** The canonical number: 11 digits for a mobile, {@code areaCode-subscriber} for a landline. */
    @JsonValue
    public String value() {
        return value;
    }

    public Kind kind() {
        return kind;
    }

    /** The area code of a landline ({@code 0571}); empty for a mobile. */
    public Optional<String> areaCode() {
        return Optional.ofNullable(areaCode);
    }

    /**
     * Mobile: first 3 and last 4 digits, {@code 138****5678} (the form Chinese operators and apps use). Landline:
     * area code and last 4 digits, {@code 0571-****4321}, {@code 0571-***5432}.
     */
    public String masked() {
        return kind == Kind.MOBILE ? Masking.keep(value, 3, 4) : Masking.keep(value, areaCode.length() + 1, 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhoneNumber other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The masked form, never the full number. */
    @Override
    public String toString() {
        return masked();
    }
}
