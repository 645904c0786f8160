package io.xiaoneng.evaluation.survey.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The ballots of one department in one survey, and what they mean: the dissatisfaction rate = dissatisfied / valid
 * ballots, published with the valid-ballot count and a Wilson interval.
 */
public record DepartmentTally(String departmentCode, long ballots, long satisfied, long basicallySatisfied,
                              long dissatisfied) {

    /** Decimals of published rates and bounds (fractions: 0.199000 = 19.9 %). */
    public static final int SCALE = 6;

    public long valid() {
        return satisfied + basicallySatisfied + dissatisfied;
    }

    public long invalid() {
        return ballots - valid();
    }

    /** dissatisfied / valid, or null without valid ballots. */
    public BigDecimal rate() {
        return valid() == 0 ? null : BigDecimal.valueOf(dissatisfied).divide(BigDecimal.valueOf(valid()), SCALE, RoundingMode.HALF_UP);
    }

    public WilsonInterval interval(Thresholds t) {
        return WilsonInterval.of(dissatisfied, valid(), t.confidence().doubleValue());
    }

    public Outcome outcome(Thresholds t) {
        return t.judge(dissatisfied, valid());
    }

    public static BigDecimal rounded(double value) {
        return BigDecimal.valueOf(value).setScale(SCALE, RoundingMode.HALF_UP);
    }
}
