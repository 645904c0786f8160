package io.xiaoneng.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.xiaoneng.platform.http.IfMatch;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Documents the answers of optimistic locking once for every service: an operation that takes an {@code If-Match}
 * header ({@link IfMatch}) answers 412 when it is not the current ETag and 428 when it is missing, both as problem
 * details. Written here instead of two annotations on each of the dozens of commands; an operation that declares its
 * own 412 or 428 (a more specific text) keeps it. Runs at build time: the services start with the document done.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ConditionalRequestResponses implements OASFilter {

    static final String PRECONDITION_FAILED = "412";
    static final String PRECONDITION_REQUIRED = "428";

    @Override
    public Operation filterOperation(Operation operation) {
        if (!takesIfMatch(operation)) {
            return operation;
        }
        ProblemResponses.addUnlessDeclared(operation, PRECONDITION_FAILED,
                "If-Match is not the current ETag: the resource changed meanwhile; read it again");
        ProblemResponses.addUnlessDeclared(operation, PRECONDITION_REQUIRED,
                "If-Match is missing: a change needs the ETag of the version it was made on");
        return operation;
    }

    static boolean takesIfMatch(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.HEADER && IfMatch.HEADER.equalsIgnoreCase(p.getName()));
    }
}
