package io.xiaoneng.integration.delivery;

import java.time.Duration;

/**
 * Exponential backoff with jitter: after the n-th failed attempt the next waits {@code base · 2^(n-1)}, capped at
 * {@code max}, of which the upper half is random ("equal jitter"). The exponential part keeps a struggling
 * receiver from being hammered; the jitter keeps deliveries that failed together (a receiver down for a minute) from
 * all coming back in the same instant.
 */
public record Backoff(Duration base, Duration max) {

    /** @param random uniform in [0, 1) */
    public Duration after(int failedAttempts, double random) {
        long baseMillis = Math.max(1, base.toMillis());
        int shift = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long exp = Math.min(max.toMillis(), baseMillis << shift);
        long half = exp / 2;
        return Duration.ofMillis(exp - half + (long) (half * random));
    }
}
