package io.xiaoneng.platform.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.xiaoneng.platform.identity.InvalidIdentifierException.Reason;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * 公民身份号码: the 18-character citizen identity number of GB 11643-1999.
 *
 * <p>Layout: 6-digit address code (county of first registration), 8-digit birth date {@code yyyyMMdd}, 3-digit
 * sequence (odd for men, even for women), 1 check character — ISO 7064 MOD 11-2 over the first 17 digits, where a
 * value of 10 is written {@code X}.
 *
 * <p>Validated: length, characters, check character, and that the birth date is a real date not after today in
 * Beijing time. Not validated: the address code against GB/T 2260, because codes are renamed and merged over the
 * years while the numbers issued under the old codes stay valid. The 15-digit first-generation numbers (invalid
 * since 2013) are refused.
 *
 * <p>{@link #toString()} is the {@linkplain #masked() masked} form, so the number cannot leak into logs through string
 * concatenation; {@link #value()} is the full number.
 */
public final class ResidentIdNumber {

    private static final String TYPE = "resident ID number";
    private static final int LENGTH = 18;
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";
    /** "Today" for the birth-date check is Beijing time, like every legal date here. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final String value;
    private final LocalDate birthDate;

    private ResidentIdNumber(String value, LocalDate birthDate) {
        this.value = value;
        this.birthDate = birthDate;
    }

    /**
     * Validates and normalises a number (surrounding whitespace removed, a lowercase {@code x} check character
     * upper-cased), with "today" taken in Beijing time.
     *
     * @throws InvalidIdentifierException with the reason, never echoing the input
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ResidentIdNumber parse(String text) {
        return parse(text, LocalDate.now(ZONE));
    }

    /** As {@link #parse(String)}, with an explicit "today" for the birth-date check. */
    public static ResidentIdNumber parse(String text, LocalDate today) {
        Objects.requireNonNull(today, "today");
        if (text == null || text.isBlank()) {
            throw new InvalidIdentifierException(TYPE, Reason.EMPTY, null);
        }
        String candidate = text.strip();
        if (candidate.length() != LENGTH) {
            throw new InvalidIdentifierException(TYPE, Reason.WRONG_LENGTH,
                    "expected " + LENGTH + " characters, got " + candidate.length());
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            if (!isAsciiDigit(candidate.charAt(i))) { // Character.isDigit would let full-width digits in
                throw new InvalidIdentifierException(TYPE, Reason.INVALID_CHARACTER,
                        "position " + (i + 1) + " must be a digit");
            }
        }
        char check = Character.toUpperCase(candidate.charAt(LENGTH - 1));
        if (!isAsciiDigit(check) && check != 'X') {
            throw new InvalidIdentifierException(TYPE, Reason.INVALID_CHARACTER,
                    "position 18 must be a digit or X");
        }
        String normalised = candidate.substring(0, LENGTH - 1) + check;
        if (check != checkCharacter(normalised)) {
            throw new InvalidIdentifierException(TYPE, Reason.INVALID_CHECKSUM, null);
        }
        LocalDate birthDate;
        try {
            birthDate = LocalDate.of(
                    Integer.parseInt(normalised.substring(6, 10)),
                    Integer.parseInt(normalised.substring(10, 12)),
                    Integer.parseInt(normalised.substring(12, 14)));
        } catch (DateTimeException e) {
            throw new InvalidIdentifierException(TYPE, Reason.INVALID_BIRTH_DATE, "not a calendar date");
        }
        if (birthDate.isAfter(today)) {
            throw new InvalidIdentifierException(TYPE, Reason.BIRTH_DATE_IN_FUTURE, null);
        }
        return new ResidentIdNumber(normalised, birthDate);
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

    /** ISO 7064 MOD 11-2 as written in GB 11643: sum of digit × weight, mod 11, looked up in "10X98765432". */
    private static char checkCharacter(String number) {
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += (number.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARS.charAt(sum % 11);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The full number, upper-case X. Handle with care: this is personal information. */
    @JsonValue
    public String value() {
        return value;
    }

    public LocalDate birthDate() {
        return birthDate;
    }

    /**
     * The first 3 and the last 4 characters, the 11 in between as {@code *}: {@code 110***********002X}.
     *
     * <p>Why 3 + 4: the last four are what people recognise their own number by ("尾号"); the first three (province and
     * prefecture) tell staff roughly where it was issued. The six-digit county code some systems show adds little
     * for a county service centre, where most applicants share it, and the birth date stays hidden either way.
     * Length is kept at 18 so it still reads as an ID number.
     */
    public String masked() {
        return Masking.keep(value, 3, 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResidentIdNumber other && value.equals(other.value);
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
