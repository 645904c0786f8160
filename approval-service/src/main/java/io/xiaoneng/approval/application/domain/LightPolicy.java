package io.xiaoneng.approval.application.domain;

/**
 * The e-supervision light as a pure function of a clock reading: GREEN while more than {@code yellowPercent} of
 * the allowed working days is left, YELLOW from there down to the due day itself (the limit runs to the end of
 * that day), RED once the due day has passed.
 */
public record LightPolicy(int yellowPercent) {

    public LightPolicy {
        if (yellowPercent < 0 || yellowPercent > 100) {
            throw new IllegalArgumentException("yellowPercent is a percentage");
        }
    }

    /**
     * @param allowedDays   working days the clock allows in total (limit + extension), > 0
     * @param remainingDays working days left until the due day, 0 on the due day
     * @param overdue       whether today is after the due day
     */
    public Light light(int allowedDays, int remainingDays, boolean overdue) {
        if (overdue) {
            return Light.RED;
        }
        // Integers, no rounding: "more than 25 % left" is remaining * 100 > 25 * allowed.
        return (long) remainingDays * 100 > (long) yellowPercent * allowedDays ? Light.GREEN : Light.YELLOW;
    }
}
