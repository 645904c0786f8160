package io.xiaoneng.platform.http;

import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.problem.PreconditionFailedProblem;
import io.xiaoneng.platform.problem.PreconditionRequiredProblem;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code If-Match} precondition of an update (RFC 9110 §13.1.1), for entities tagged by {@link EntityTags}.
 *
 * <pre>{@code
 * @PUT @Path("/{code}")
 * public Response update(@PathParam("code") String code, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid Change body) {
 *     Thing t = things.update(code, IfMatch.required(ifMatch), body);   // the service calls ifMatch.check(t.version)
 *     return EntityTags.ok(ThingView.of(t), t.version);
 * }
 * }</pre>
 *
 * Missing header → 428 {@code precondition-required} (an update without it would silently overwrite someone
 * else's change); a tag that is not the current version → 412 {@code precondition-failed}; {@code *} matches any
 * existing version. Check it against a row read with a write lock in the updating transaction, so that two
 * updates with the same tag cannot both pass.
 */
public final class IfMatch {

    public static final String HEADER = "If-Match";

    private final boolean any;
    private final List<String> tags;

    private IfMatch(boolean any, List<String> tags) {
        this.any = any;
        this.tags = tags;
    }

    /** The precondition of a request that must be conditional: 428 when the header is missing. */
    public static IfMatch required(String header) {
        if (header == null || header.isBlank()) {
            throw new PreconditionRequiredProblem(HEADER);
        }
        return parse(header);
    }

    /** Parses a present header: {@code *} or a comma-separated list of entity tags; 400 when malformed. */
    public static IfMatch parse(String header) {
        String value = header.trim();
        if (value.equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<String> tags = new ArrayList<>();
        for (String part : value.split(",")) {
            String tag = part.trim();
            if (tag.isEmpty()) {
                continue;
            }
            boolean weak = tag.startsWith("W/");
            String opaque = weak ? tag.substring(2) : tag;
            if (opaque.length() < 2 || !opaque.startsWith("\"") || !opaque.endsWith("\"") || opaque.substring(1, opaque.length() - 1).contains("\"")) {
                throw new BadRequestProblem("if-match-malformed");
            }
            if (!weak) { // strong comparison: a weak tag can never match
                tags.add(opaque);
            }
        }
        if (tags.isEmpty() && !value.contains("W/")) {
            throw new BadRequestProblem("if-match-malformed");
        }
        return new IfMatch(false, List.copyOf(tags));
    }

    public boolean matches(long currentVersion) {
        return any || tags.contains(EntityTags.of(currentVersion));
    }

    /** Throws 412 unless the current version is one the client named. */
    public void check(long currentVersion) {
        if (!matches(currentVersion)) {
            throw new PreconditionFailedProblem();
        }
    }

    @Override
    public String toString() {
        return any ? "*" : String.join(", ", tags);
    }
}
