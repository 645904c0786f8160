package io.xiaoneng.platform.problem;

/** 400: the request itself is wrong in a way that is not a field validation (a malformed header, ...). */
public class BadRequestProblem extends ProblemException {

    public BadRequestProblem(String detailKey, Object... args) {
        super(400, ProblemCodes.BAD_REQUEST, detailKey, args);
    }

    public BadRequestProblem(String code, String detailKey, Object... args) {
        super(400, code, detailKey, args);
    }

    /** 400 {@code validation-failed}, the problem field errors are added to ({@link #withFieldError}). */
    public static ProblemException validationFailed() {
        return new BadRequestProblem(ProblemCodes.VALIDATION_FAILED, "validation-failed");
    }
}
