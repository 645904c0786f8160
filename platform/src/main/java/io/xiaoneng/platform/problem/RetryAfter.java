package io.xiaoneng.platform.problem;

import java.time.Duration;

/** {@code Retry-After} in delay-seconds (RFC 9110 §10.2.3), mirrored as member {@code retryAfterSeconds}. */
final class RetryAfter {
    private RetryAfter() {}

    static void apply(ProblemException problem, Duration retryAfter) {
        // Whole seconds, rounded up and at least 1: "0" would invite an immediate retry storm.
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        problem.withHeader("Retry-After", Long.toString(seconds));
        problem.withProperty("retryAfterSeconds", seconds);
    }
}
