package io.xiaoneng.evaluation.survey;

import io.xiaoneng.evaluation.survey.domain.Outcome;
import io.xiaoneng.evaluation.survey.domain.Thresholds;
import io.xiaoneng.evaluation.survey.domain.WilsonInterval;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The thresholds and the Wilson interval as plain rules, at their boundaries. */
class SurveyRulesTest {

    static final Thresholds RULES = new Thresholds(new BigDecimal("0.20"), new BigDecimal("0.30"), 30, new BigDecimal("0.95"));

    @Test
    void thresholdsAtTheBoundariesInExactArithmetic() {
        assertThat(RULES.judge(199, 1000)).isEqualTo(Outcome.NONE);
        assertThat(RULES.judge(200, 1000)).isEqualTo(Outcome.EXPLANATION_REQUIRED);
        assertThat(RULES.judge(299, 1000)).isEqualTo(Outcome.EXPLANATION_REQUIRED);
        assertThat(RULES.judge(300, 1000)).isEqualTo(Outcome.RESIGNATION_REQUIRED);
        assertThat(RULES.judge(1000, 1000)).isEqualTo(Outcome.RESIGNATION_REQUIRED);
        // 1/3 and 1/5 are not exact in binary floating point; integers are.
        assertThat(RULES.judge(10, 50)).isEqualTo(Outcome.EXPLANATION_REQUIRED);
        assertThat(RULES.judge(9, 30)).isEqualTo(Outcome.RESIGNATION_REQUIRED);
    }

    @Test
    void belowTheMinimumSampleNothingIsJudged() {
        assertThat(RULES.judge(29, 29)).isEqualTo(Outcome.INSUFFICIENT_SAMPLE);
        assertThat(RULES.judge(0, 0)).isEqualTo(Outcome.INSUFFICIENT_SAMPLE);
        assertThat(RULES.judge(6, 30)).isEqualTo(Outcome.EXPLANATION_REQUIRED);
    }

    @Test
    void wilsonIntervalAgainstKnownValues() {
        assertThat(WilsonInterval.zFor(0.95)).isCloseTo(1.959964, within(1e-6));
        assertThat(WilsonInterval.zFor(0.99)).isCloseTo(2.575829, within(1e-6));
        // 0 of 10: the textbook upper bound 0.2775 (the "rule of three" would say 0.3).
        WilsonInterval none = WilsonInterval.of(0, 10, 0.95);
        assertThat(none.low()).isZero();
        assertThat(none.high()).isCloseTo(0.277533, within(1e-6));
        WilsonInterval fifth = WilsonInterval.of(200, 1000, 0.95);
        assertThat(fifth.low()).isCloseTo(0.176377, within(1e-6));
        assertThat(fifth.high()).isCloseTo(0.225919, within(1e-6));
        WilsonInterval wider = WilsonInterval.of(200, 1000, 0.99);
        assertThat(wider.low()).isCloseTo(0.169443, within(1e-6));
        assertThat(wider.high()).isCloseTo(0.234512, within(1e-6));
        WilsonInterval all = WilsonInterval.of(29, 29, 0.95);
        assertThat(all.low()).isCloseTo(0.883030, within(1e-6));
        assertThat(all.high()).isEqualTo(1.0);
    }
}
