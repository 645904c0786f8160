package io.xiaoneng.platform.identity;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CaseCodesTest {

    final CaseCodes codes = new CaseCodes("XN", 12) {};

    @Test
    void theReferenceIsPrefixDayAndSequence() {
        assertThat(codes.reference(LocalDate.of(2026, 2, 10), 42)).isEqualTo("XN20260210000042");
    }

    @Test
    void codesHaveTheLengthAndOnlyUnambiguousLetters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = codes.newCode();
            assertThat(code).hasSize(12).matches("[" + CaseCodes.ALPHABET + "]+").doesNotContain("0", "O", "1", "I", "L");
            seen.add(code);
        }
        assertThat(seen).as("random, not repeated").hasSize(1000);
    }

    @Test
    void aCodeMatchesItsHashAsACitizenTypesItAndNothingElse() {
        String code = codes.newCode();
        String stored = codes.hash(code);

        assertThat(stored).hasSize(64).doesNotContain(code);
        String typed = " " + code.substring(0, 4).toLowerCase() + "-" + code.substring(4) + " ";
        assertThat(codes.matches(typed, stored)).isTrue();
        assertThat(codes.matches(code.substring(1), stored)).isFalse();
        assertThat(codes.matches(null, stored)).isFalse();
        assertThat(codes.matches(code, null)).isFalse();
    }
}
