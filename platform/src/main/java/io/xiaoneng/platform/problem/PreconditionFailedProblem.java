package io.xiaoneng.platform.problem;

/** 412: a conditional request ({@code If-Match}) names a version that is no longer current. */
public class PreconditionFailedProblem extends ProblemException {

    public PreconditionFailedProblem() {
        super(412, ProblemCodes.PRECONDITION_FAILED, "precondition-failed");
    }

    public PreconditionFailedProblem(String detailKey, Object... args) {
        super(412, ProblemCodes.PRECONDITION_FAILED, detailKey, args);
    }
}
