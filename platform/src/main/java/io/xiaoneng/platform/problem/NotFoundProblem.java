package io.xiaoneng.platform.problem;

/**
 * 404: the resource of kind {@code kind} (a bundle noun {@code kind.<kind>}, e.g. {@code department}) with id
 * {@code id} does not exist. Members {@code kind} and {@code id} let clients tell which lookup failed.
 */
public class NotFoundProblem extends ProblemException {

    public NotFoundProblem(String kind, Object id) {
        super(404, ProblemCodes.NOT_FOUND, "not-found", new Msg("kind." + kind, kind), id);
        withProperty("kind", kind);
        withProperty("id", String.valueOf(id));
    }
}
