package io.xiaoneng.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.xiaoneng.platform.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Every error answer of every service is an RFC 9457 problem ({@link Problem}), so the document says so once, here:
 * a 4xx or 5xx response an operation declares without a body of its own ({@code @APIResponse(responseCode = "404",
 * description = "No such window")}) is documented as {@code application/problem+json} with the {@code Problem}
 * schema. A response that declares its own content (Open311's GeoReport error list) keeps it. Runs at build time.
 * The {@code Problem} schema itself is in every service's components through {@link ServiceApplication}.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String SCHEMA = "Problem";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return operation;
        }
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (isError(status) && response.getRef() == null && isEmpty(response.getContent())) {
                response.setContent(problemContent());
            }
        });
        return operation;
    }

    /** The body of an error answer: problem details with the shared schema. */
    static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA)));
    }

    static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(problemContent());
    }

    /** Adds the problem answer {@code status} to {@code operation} unless it declares that status itself. */
    static void addUnlessDeclared(Operation operation, String status, String description) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, problem(description));
        }
    }

    static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static boolean isEmpty(Content content) {
        return content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty();
    }
}
