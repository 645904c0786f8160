package io.xiaoneng.platform.problem;

import java.util.List;

/**
 * 409 {@code illegal-transition}: a command that the aggregate's current state does not allow. The body names the
 * current {@code state}, the attempted {@code command} and the {@code allowed} commands, so a client can offer
 * the right next steps instead of guessing.
 */
public class IllegalTransitionProblem extends ProblemException {

    public IllegalTransitionProblem(String kind, Object id, String currentState, String command, List<String> allowed) {
        super(409, ProblemCodes.ILLEGAL_TRANSITION, "illegal-transition",
                new Msg("kind." + kind, kind), id, currentState, command);
        withProperty("kind", kind);
        withProperty("id", String.valueOf(id));
        withProperty("state", currentState);
        withProperty("command", command);
        withAllowed(allowed);
    }
}
