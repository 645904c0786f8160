package io.xiaoneng.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xiaoneng.platform.identity.InvalidIdentifierException.Reason;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResidentIdNumberTest {

    /** The example printed in GB 11643-1999: 北京市朝阳区, born 31 Dec 1949, sequence 002 (female), check X. */
    private static final String STANDARD_EXAMPLE = "11010519491231002X";
    /** The standard's second example: 广东省汕头市潮阳县, born 1 Jan 1880, sequence 001, check 4. */
    private static final String STANDARD_EXAMPLE_2 = "440524188001010014";
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 15);

    private static void assertRejected(String text, Reason reason) {
        assertThatThrownBy(() -> ResidentIdNumber.parse(text, TODAY))
                .isInstanceOfSatisfying(InvalidIdentifierException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.identifierType()).isEqualTo("resident ID number");
                });
    }

    @Test
    void acceptsTheStandardsExamples() {
        ResidentIdNumber first = ResidentIdNumber.parse(STANDARD_EXAMPLE, TODAY);
        assertThat(first.value()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(first.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));

        ResidentIdNumber second = ResidentIdNumber.parse(STANDARD_EXAMPLE_2, TODAY);
        assertThat(second.birthDate()).isEqualTo(LocalDate.of(1880, 1, 1));
    }

    @Test
    void acceptsLowercaseXAndSurroundingWhitespaceAndNormalises() {
        ResidentIdNumber lower = ResidentIdNumber.parse("  11010519491231002x\t", TODAY);
        assertThat(lower.value()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(lower).isEqualTo(ResidentIdNumber.parse(STANDARD_EXAMPLE, TODAY))
                .hasSameHashCodeAs(ResidentIdNumber.parse(STANDARD_EXAMPLE, TODAY));
    }

    @Test
    void parseWithoutExplicitTodayUsesTheClock() {
        assertThat(ResidentIdNumber.parse(STANDARD_EXAMPLE).value()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(ResidentIdNumber.isValid(STANDARD_EXAMPLE)).isTrue();
        assertThat(ResidentIdNumber.isValid("11010519491231002")).isFalse();
        // Born in year 2999: in the future whatever today is.
        assertThat(ResidentIdNumber.isValid(CheckCharacters.residentId("11010529990101002"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002", "11010519491231002X1", "110105491231002", ""})
    void rejectsWrongLength(String text) {
        assertRejected(text, text.isEmpty() ? Reason.EMPTY : Reason.WRONG_LENGTH);
    }

    @Test
    void rejectsEmpty() {
        assertRejected(null, Reason.EMPTY);
        assertRejected("   ", Reason.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1101051949123100X2", // X only allowed last
            "11010519491231002Y",
            "A1010519491231002X",
            "110105 9491231002X",
            "１10105194912310024" // full-width digit one, which Character.isDigit would accept
    })
    void rejectsBadCharacters(String text) {
        assertRejected(text, Reason.INVALID_CHARACTER);
    }

    @Test
    void rejectsWrongCheckCharacter() {
        assertRejected("110105194912310020", Reason.INVALID_CHECKSUM);
        assertRejected("440524188001010015", Reason.INVALID_CHECKSUM);
    }

    @Test
    void rejectsEverySingleDigitTypoAndTheTranspositionsOfTheExample() {
        // MOD 11-2 detects every single substitution and every swap of two adjacent different digits.
        for (int i = 0; i < 17; i++) {
            for (char digit = '0'; digit <= '9'; digit++) {
                if (digit == STANDARD_EXAMPLE.charAt(i)) {
                    continue;
                }
                String typo = STANDARD_EXAMPLE.substring(0, i) + digit + STANDARD_EXAMPLE.substring(i + 1);
                assertRejected(typo, Reason.INVALID_CHECKSUM);
            }
            if (i < 16 && STANDARD_EXAMPLE.charAt(i) != STANDARD_EXAMPLE.charAt(i + 1)) {
                String swapped = STANDARD_EXAMPLE.substring(0, i) + STANDARD_EXAMPLE.charAt(i + 1)
                        + STANDARD_EXAMPLE.charAt(i) + STANDARD_EXAMPLE.substring(i + 2);
                assertRejected(swapped, Reason.INVALID_CHECKSUM);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"19490230", "19491301", "19490000", "20250229", "00000000"})
    void rejectsImpossibleBirthDateEvenWithCorrectCheckCharacter(String birth) {
        String number = CheckCharacters.residentId("110105" + birth + "002");
        assertRejected(number, Reason.INVALID_BIRTH_DATE);
    }

    @Test
    void acceptsLeapDay() {
        assertThat(ResidentIdNumber.parse(CheckCharacters.residentId("11010520000229002"), TODAY).birthDate())
                .isEqualTo(LocalDate.of(2000, 2, 29));
    }

    @Test
    void rejectsBirthDateAfterTodayButAcceptsToday() {
        assertRejected(CheckCharacters.residentId("11010520250616002"), Reason.BIRTH_DATE_IN_FUTURE);
        assertThat(ResidentIdNumber.parse(CheckCharacters.residentId("11010520250615002"), TODAY).birthDate())
                .isEqualTo(TODAY);
    }

    @Test
    void masksAllButFirstThreeAndLastFour() {
        ResidentIdNumber id = ResidentIdNumber.parse(STANDARD_EXAMPLE, TODAY);
        assertThat(id.masked()).isEqualTo("110***********002X").hasSize(18);
        assertThat(ResidentIdNumber.parse(STANDARD_EXAMPLE_2, TODAY).masked()).isEqualTo("440***********0014");
    }

    @Test
    void toStringNeverShowsTheFullNumber() {
        ResidentIdNumber id = ResidentIdNumber.parse(STANDARD_EXAMPLE, TODAY);
        assertThat(id.toString()).isEqualTo(id.masked());
        assertThat("applicant " + id).doesNotContain("19491231").doesNotContain(STANDARD_EXAMPLE);
    }

    @Test
    void errorMessagesDoNotEchoTheInput() {
        String typo = "110105194912310021";
        assertThatThrownBy(() -> ResidentIdNumber.parse(typo, TODAY))
                .hasMessageNotContaining(typo).hasMessageNotContaining("19491231")
                .hasMessageContaining("INVALID_CHECKSUM");
    }
}
