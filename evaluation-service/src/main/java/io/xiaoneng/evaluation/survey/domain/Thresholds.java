package io.xiaoneng.evaluation.survey.domain;

import java.math.BigDecimal;

/**
 * The accountability rules of the year-end survey, frozen on the survey when it is closed so that its results read
 * the same later whatever the configuration then says.
 *
 * @param explanation  dissatisfaction rate (fraction) from which an explanation is required, 0.20 in the report
 * @param resignation  rate from which resignation is required, 0.30
 * @param minimumValid valid ballots a department needs before any rate is judged
 * @param confidence   level of the published Wilson interval, 0.95
 */
public record Thresholds(BigDecimal explanation, BigDecimal resignation, int minimumValid, BigDecimal confidence) {

    public Thresholds {
        if (explanation.signum() <= 0 || resignation.compareTo(explanation) < 0 || resignation.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("0 < explanation <= resignation <= 1");
        }
        if (minimumValid < 1) {
            throw new IllegalArgumentException("minimum sample >= 1");
        }
        if (confidence.signum() <= 0 || confidence.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("confidence in (0, 1)");
        }
    }

    /**
     * Judged in exact integer arithmetic (dissatisfied ≥ threshold × valid), so 200 of 1,000 is exactly 20 % and
     * never 19.999… by a floating-point accident.
     */
    public Outcome judge(long dissatisfied, long valid) {
        if (valid < minimumValid) {
            return Outcome.INSUFFICIENT_SAMPLE;
        }
        BigDecimal d = BigDecimal.valueOf(dissatisfied);
        BigDecimal v = BigDecimal.valueOf(valid);
        if (d.compareTo(resignation.multiply(v)) >= 0) {
            return Outcome.RESIGNATION_REQUIRED;
        }
        if (d.compareTo(explanation.multiply(v)) >= 0) {
            return Outcome.EXPLANATION_REQUIRED;
        }
        return Outcome.NONE;
    }
}
