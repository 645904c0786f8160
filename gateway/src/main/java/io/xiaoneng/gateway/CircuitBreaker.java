package io.xiaoneng.gateway;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One service's breaker. Closed: calls go through, consecutive failures are counted. After
 * {@code failureThreshold} of them it opens: calls are refused at once (the caller gets 503 with Retry-After, no
 * connection is tried) for {@code openFor}. Then it is half-open: exactly one trial call goes through; its success
 * closes the breaker, its failure opens it again for another {@code openFor}.
 *
 * <p>Shared by all event loops, hence synchronized; the critical sections are a few field reads and writes.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier nanoClock;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, Duration openFor) {
        this(failureThreshold, openFor, System::nanoTime);
    }

    CircuitBreaker(int failureThreshold, Duration openFor, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1");
        }
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether a call may go to the service now; a true answer must be followed by success() or failure(). */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (nanoClock.getAsLong() - openedAt < openForNanos) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            default: // HALF_OPEN: one trial at a time
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    public synchronized void success() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    public synchronized void failure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = nanoClock.getAsLong();
        }
        trialInFlight = false;
    }

    /** A call let through that ended without a verdict on the service (the caller went away): not counted. */
    public synchronized void abandoned() {
        trialInFlight = false;
    }

    public synchronized State state() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= openForNanos) {
            return State.HALF_OPEN; // the next call will be the trial
        }
        return state;
    }

    /** Whole seconds until a trial call will be let through (at least 1). */
    public synchronized long retryAfterSeconds() {
        if (state != State.OPEN) {
            return 1;
        }
        long remaining = openForNanos - (nanoClock.getAsLong() - openedAt);
        return Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L);
    }
}
