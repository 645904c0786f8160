package io.xiaoneng.platform.problem;

/**
 * 422: the request is well-formed and valid field by field, but cannot be carried out as asked (e.g. it refers to
 * a parent that does not exist). Add {@link #withFieldError} to point at the offending input.
 */
public class UnprocessableProblem extends ProblemException {

    public UnprocessableProblem(String detailKey, Object... args) {
        super(422, ProblemCodes.UNPROCESSABLE, detailKey, args);
    }

    protected UnprocessableProblem(String code, String detailKey, Object... args) {
        super(422, code, detailKey, args);
    }

    /** 422 {@code idempotency-key-reused}: the key was used before with a different request. */
    public static UnprocessableProblem idempotencyKeyReused() {
        return new UnprocessableProblem(ProblemCodes.IDEMPOTENCY_KEY_REUSED, "idempotency-key-reused");
    }

    /**
     * 422 {@code calendar-year-missing}: a date on the way lies in a year without working-day calendar data (the
     * State Council's holiday notice for it is not loaded); nothing is guessed, nothing is changed.
     */
    public static UnprocessableProblem calendarYearMissing(int year) {
        UnprocessableProblem problem = new UnprocessableProblem(ProblemCodes.CALENDAR_YEAR_MISSING, "calendar.year-missing", year);
        problem.withProperty("year", year);
        return problem;
    }
}
