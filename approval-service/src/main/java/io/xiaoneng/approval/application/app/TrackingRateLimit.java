package io.xiaoneng.approval.application.app;

import io.xiaoneng.platform.problem.TooManyRequestsProblem;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits anonymous tracking look-ups per client address: at most {@code xiaoneng.approval.tracking.rate-limit.requests}
 * per {@code …window} (fixed windows). The verification code has ~59 bits, so guessing is hopeless anyway; the limit
 * keeps one address from hammering the database or enumerating tracking numbers (which are printed, not secret).
 * Counted per replica (in memory): with n replicas behind the gateway an address gets at most n × the limit — a
 * bound, not an exact quota, which is what this protection needs. {@code requests = 0} turns it off.
 */
@ApplicationScoped
public class TrackingRateLimit {

    @ConfigProperty(name = "xiaoneng.approval.tracking.rate-limit.requests", defaultValue = "30")
    int requests;

    @ConfigProperty(name = "xiaoneng.approval.tracking.rate-limit.window", defaultValue = "60s")
    Duration window;

    Clock clock = Clock.systemUTC();

    private record Window(long start, int count) {}

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /** Counts one look-up of {@code address}; 429 with {@code Retry-After} when over the limit. */
    public void check(String address) {
        if (requests <= 0) {
            return;
        }
        long now = clock.millis();
        long length = window.toMillis();
        Window w = windows.compute(address == null ? "?" : address, (k, old) ->
                old == null || now - old.start() >= length ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
        if (w.count() > requests) {
            throw new TooManyRequestsProblem(Duration.ofMillis(w.start() + length - now));
        }
        if (windows.size() > 100_000) {
            windows.values().removeIf(x -> now - x.start() >= length); // forget finished windows
        }
    }

    /** Tests: start afresh. */
    public void reset() {
        windows.clear();
    }
}
