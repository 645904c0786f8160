package io.xiaoneng.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xiaoneng.platform.identity.InvalidIdentifierException.Reason;
import io.xiaoneng.platform.identity.PhoneNumber.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    private static void assertRejected(String text, Reason reason) {
        assertThatThrownBy(() -> PhoneNumber.parse(text))
                .isInstanceOfSatisfying(InvalidIdentifierException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678",
            "008613812345678", " 13812345678 "})
    void acceptsMobileInCommonNotations(String text) {
        PhoneNumber phone = PhoneNumber.parse(text);
        assertThat(phone.value()).isEqualTo("13812345678");
        assertThat(phone.kind()).isEqualTo(Kind.MOBILE);
        assertThat(phone.areaCode()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"13012345678", "14512345678", "16612345678", "17012345678", "19912345678"})
    void acceptsEveryMobilePrefixFrom13To19(String text) {
        assertThat(PhoneNumber.parse(text).kind()).isEqualTo(Kind.MOBILE);
    }

    @ParameterizedTest
    @CsvSource({
            "010-62345678,      010-62345678, 010",
            "01062345678,       010-62345678, 010",
            "(021) 6234 5678,   021-62345678, 021",
            "0571-87654321,     0571-87654321, 0571",
            "0571-8765432,      0571-8765432, 0571",
            "05718765432,       0571-8765432, 0571",
            "+86 571 87654321,  0571-87654321, 0571",
            "+86 10 62345678,   010-62345678, 010",
            "0086-0571-87654321, 0571-87654321, 0571"})
    void acceptsLandlinesWithAreaCode(String text, String canonical, String area) {
        PhoneNumber phone = PhoneNumber.parse(text);
        assertThat(phone.value()).isEqualTo(canonical);
        assertThat(phone.kind()).isEqualTo(Kind.LANDLINE);
        assertThat(phone.areaCode()).contains(area);
    }

    @Test
    void rejectsEmpty() {
        assertRejected(null, Reason.EMPTY);
        assertRejected("  ", Reason.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1381234567", "138123456789", "12345", "010-6234567", "010-623456789", "0571-876543",
            "0571-876543210"})
    void rejectsWrongLength(String text) {
        assertRejected(text, Reason.WRONG_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "12812345678", // no mobile block starts with 12
            "10012345678",
            "010-02345678", // local numbers never start with 0 or 1
            "0571-17654321",
            "0123-4567890", // 01x other than 010 is no area code
            "87654321", // no area code
            "4008001234", // service number
            "+1 202 555 0123"})
    void rejectsNumbersOfTheWrongShape(String text) {
        assertRejected(text, Reason.INVALID_FORMAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"138.1234.5678", "138123456７8", "tel:13812345678", "138+12345678"})
    void rejectsUnexpectedCharacters(String text) {
        assertRejected(text, Reason.INVALID_CHARACTER);
    }

    @Test
    void sameNumberInDifferentNotationsIsEqual() {
        assertThat(PhoneNumber.parse("+86 138-1234-5678")).isEqualTo(PhoneNumber.parse("13812345678"))
                .hasSameHashCodeAs(PhoneNumber.parse("13812345678"));
        assertThat(PhoneNumber.parse("(0571)87654321")).isEqualTo(PhoneNumber.parse("0571-87654321"));
        assertThat(PhoneNumber.parse("13812345678")).isNotEqualTo(PhoneNumber.parse("13812345679"));
    }

    @Test
    void masksAndToStringIsMasked() {
        PhoneNumber mobile = PhoneNumber.parse("13812345678");
        assertThat(mobile.masked()).isEqualTo("138****5678");
        assertThat(mobile.toString()).isEqualTo("138****5678");
        assertThat(PhoneNumber.parse("010-62345678").masked()).isEqualTo("010-****5678");
        assertThat(PhoneNumber.parse("0571-8765432").masked()).isEqualTo("0571-***5432");
        assertThat("call " + PhoneNumber.parse("0571-87654321")).isEqualTo("call 0571-****4321");
    }

    @Test
    void errorMessagesDoNotEchoTheInput() {
        assertThatThrownBy(() -> PhoneNumber.parse("12812345678")).hasMessageNotContaining("12812345678");
    }
}
