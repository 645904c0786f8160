package io.xiaoneng.approval.application.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LightPolicyTest {

    private final LightPolicy policy = new LightPolicy(25);

    @ParameterizedTest(name = "{0} allowed, {1} left, overdue={2} → {3}")
    @CsvSource({
            "20, 20, false, GREEN",
            "20, 6,  false, GREEN",   // 30 % left
            "20, 5,  false, YELLOW",  // exactly 25 %: no longer "more than 25 %"
            "20, 1,  false, YELLOW",
            "20, 0,  false, YELLOW",  // the due day itself: the limit runs to its end
            "20, 0,  true,  RED",
            "10, 3,  false, GREEN",   // 30 %
            "10, 2,  false, YELLOW",  // 20 %
            "4,  1,  false, YELLOW",  // 25 %
            "5,  2,  false, GREEN",   // 40 %
            "1,  1,  false, GREEN",
            "1,  0,  false, YELLOW",
    })
    void thresholds(int allowed, int remaining, boolean overdue, Light expected) {
        assertThat(policy.light(allowed, remaining, overdue)).isEqualTo(expected);
    }

    @Test
    void theThresholdIsConfiguration() {
        LightPolicy strict = new LightPolicy(50);
        assertThat(strict.light(20, 10, false)).isEqualTo(Light.YELLOW);
        assertThat(strict.light(20, 11, false)).isEqualTo(Light.GREEN);
        LightPolicy never = new LightPolicy(0);
        assertThat(never.light(20, 0, false)).as("0 %: yellow only on the due day").isEqualTo(Light.YELLOW);
        assertThat(never.light(20, 1, false)).isEqualTo(Light.GREEN);
    }

    @Test
    void percentagesOnly() {
        assertThatThrownBy(() -> new LightPolicy(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LightPolicy(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
