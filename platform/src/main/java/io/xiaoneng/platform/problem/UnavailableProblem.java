package io.xiaoneng.platform.problem;

import java.time.Duration;

/**
 * 503: the service cannot serve the request now (a dependency such as the database is down or saturated);
 * {@code Retry-After} (seconds) says when to try again.
 */
public class UnavailableProblem extends ProblemException {

    public UnavailableProblem(Duration retryAfter) {
        this(retryAfter, null);
    }

    public UnavailableProblem(Duration retryAfter, Throwable cause) {
        super(503, ProblemCodes.UNAVAILABLE, cause, "unavailable");
        RetryAfter.apply(this, retryAfter);
    }
}
