package io.xiaoneng.platform.problem;

/** 409: the request contradicts the current state (a duplicate, a concurrent change, ...). */
public class ConflictProblem extends ProblemException {

    public ConflictProblem(String detailKey, Object... args) {
        super(409, ProblemCodes.CONFLICT, detailKey, args);
    }

    protected ConflictProblem(String code, String detailKey, Object... args) {
        super(409, code, detailKey, args);
    }

    /** 409: a resource of kind {@code kind} with this id exists already. */
    public static ConflictProblem alreadyExists(String kind, Object id) {
        ConflictProblem problem = new ConflictProblem("already-exists", new Msg("kind." + kind, kind), id);
        problem.withProperty("kind", kind).withProperty("id", String.valueOf(id));
        return problem;
    }

    /** 409 {@code request-in-progress}: the same idempotent request is still being processed. */
    public static ConflictProblem requestInProgress() {
        return new ConflictProblem(ProblemCodes.REQUEST_IN_PROGRESS, "request-in-progress");
    }
}
