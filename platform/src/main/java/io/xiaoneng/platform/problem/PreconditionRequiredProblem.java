package io.xiaoneng.platform.problem;

/** 428: the operation requires a conditional request (e.g. {@code If-Match}) and none was sent (RFC 6585). */
public class PreconditionRequiredProblem extends ProblemException {

    public PreconditionRequiredProblem(String header) {
        super(428, ProblemCodes.PRECONDITION_REQUIRED, "precondition-required", header);
        withProperty("header", header);
    }
}
