package io.xiaoneng.platform.problem;

import java.time.Duration;

/** 429: the caller exceeded a rate limit; {@code Retry-After} (seconds) says when to try again. */
public class TooManyRequestsProblem extends ProblemException {

    public TooManyRequestsProblem(Duration retryAfter) {
        super(429, ProblemCodes.TOO_MANY_REQUESTS, "too-many-requests");
        RetryAfter.apply(this, retryAfter);
    }
}
