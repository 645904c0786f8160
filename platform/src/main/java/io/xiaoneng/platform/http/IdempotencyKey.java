package io.xiaoneng.platform.http;

import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.problem.ProblemCodes;

/**
 * The value of an {@code Idempotency-Key} header: 1–255 printable ASCII characters (space to tilde, not only
 * spaces). A UUID per logical operation is what clients should send. Anything else is refused with 400
 * {@code invalid-idempotency-key} rather than silently ignored, so a client never believes it is protected when
 * it is not.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (!isValid(value)) {
            throw new BadRequestProblem(ProblemCodes.INVALID_IDEMPOTENCY_KEY, "invalid-idempotency-key");
        }
    }

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || value.isBlank()) {
            return false;
        }
        return value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    @Override
    public String toString() {
        return value;
    }
}
