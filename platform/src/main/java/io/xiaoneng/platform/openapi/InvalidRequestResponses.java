package io.xiaoneng.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.xiaoneng.platform.problem.Problem;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import java.util.List;

/**
 * Documents the 400 {@code validation-failed} answer once for every service: an operation that takes input a client
 * can get wrong — a request body, or a parameter that is not free text (a number, a date, a UUID, an enum, a bounded
 * or patterned value) — answers 400 with the fields in error when it gets it wrong, whether or not its resource method
 * says so. An operation that declares its own 400 (a more specific text) keeps it; one whose errors have a format of
 * their own (Open311) is left to document its 400 itself. Runs at build time.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class InvalidRequestResponses implements OASFilter {

    static final String BAD_REQUEST = "400";

    @Override
    public Operation filterOperation(Operation operation) {
        if (!takesCheckedInput(operation) || answersErrorsInItsOwnFormat(operation)) {
            return operation;
        }
        ProblemResponses.addUnlessDeclared(operation, BAD_REQUEST,
                "validation-failed: the request is malformed or breaks a rule; the problem's errors name every field in error");
        return operation;
    }

    /**
     * An operation that documents an error answer with a body other than a problem (Open311's GeoReport error list)
     * speaks its own error format: a 400 documented here as a problem would be wrong for it.
     */
    static boolean answersErrorsInItsOwnFormat(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return false;
        }
        return operation.getResponses().getAPIResponses().entrySet().stream()
                .filter(answer -> ProblemResponses.isError(answer.getKey()))
                .map(answer -> answer.getValue().getContent())
                .anyMatch(content -> content != null && content.getMediaTypes() != null
                        && content.getMediaTypes().keySet().stream().anyMatch(type -> !type.equals(Problem.MEDIA_TYPE)));
    }

    static boolean takesCheckedInput(Operation operation) {
        if (operation.getRequestBody() != null) {
            return true;
        }
        List<Parameter> parameters = operation.getParameters();
        return parameters != null && parameters.stream().map(Parameter::getSchema).anyMatch(InvalidRequestResponses::checked);
    }

    /** Whether a value can fail this schema: anything but unconstrained text. */
    static boolean checked(Schema schema) {
        if (schema == null) {
            return false;
        }
        if (schema.getRef() != null || schema.getFormat() != null || schema.getPattern() != null
                || schema.getEnumeration() != null || schema.getMinimum() != null || schema.getMaximum() != null
                || schema.getMinLength() != null || schema.getMaxLength() != null) {
            return true;
        }
        List<Schema.SchemaType> types = schema.getType();
        if (types != null && types.stream().anyMatch(t -> t != Schema.SchemaType.STRING && t != Schema.SchemaType.NULL)) {
            return true;
        }
        return checked(schema.getItems());
    }
}
