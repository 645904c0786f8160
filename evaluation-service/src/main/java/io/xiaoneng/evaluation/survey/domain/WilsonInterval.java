package io.xiaoneng.evaluation.survey.domain;

/**
 * The Wilson score interval of a proportion (Wilson 1927): unlike the normal approximation it stays inside [0, 1]
 * and is honest for small samples and rates near 0, which is why it is published next to a dissatisfaction rate.
 */
public record WilsonInterval(double low, double high) {

    /**
     * @param successes  dissatisfied ballots
     * @param n          valid ballots (0 → the whole [0, 1]: nothing is known)
     * @param confidence two-sided confidence level, e.g. 0.95
     */
    public static WilsonInterval of(long successes, long n, double confidence) {
        if (successes < 0 || successes > n) {
            throw new IllegalArgumentException("0 <= successes <= n");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence in (0, 1)");
        }
        if (n == 0) {
            return new WilsonInterval(0, 1);
        }
        double z = zFor(confidence);
        double p = (double) successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new WilsonInterval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** The standard normal quantile for a two-sided level: 0.95 → 1.959964. */
    public static double zFor(double confidence) {
        return inverseNormal(1 - (1 - confidence) / 2);
    }

    /**
     * Inverse of the standard normal CDF, P. J. Acklam's rational approximation (relative error below 1.2e-9),
     * plenty for four published decimals.
     */
    static double inverseNormal(double p) {
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
