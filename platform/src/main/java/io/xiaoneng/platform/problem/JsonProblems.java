package io.xiaoneng.platform.problem;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Request bodies Jackson could not read, as 400 problems. Jackson's own messages name Java types
 * ({@code `java.lang.String`}, the DTO class) and echo the input, so none of it is used: the field comes from the
 * exception's path, the explanation from the bundles, the expected type is described in JSON terms.
 */
final class JsonProblems {
    private JsonProblems() {}

    /**
     * The problem for a Jackson <em>read</em> exception in {@code t}'s cause chain; empty when there is none, and
     * for failures that are the service's own bug: a DTO Jackson cannot bind ({@code InvalidDefinitionException})
     * or a response it cannot write. Those become 500s.
     */
    static Optional<ProblemException> of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InvalidDefinitionException) {
                return Optional.empty();
            }
            if (c instanceof JsonMappingException mapping) {
                return mapping.getProcessor() instanceof JsonGenerator ? Optional.empty() : Optional.of(fieldProblem(mapping));
            }
            if (c instanceof StreamReadException syntax) {
                return Optional.of(malformed(syntax));
            }
            if (c instanceof StreamConstraintsException) { // too deeply nested, too long a number: refused while reading
                return Optional.of(new BadRequestProblem(ProblemCodes.MALFORMED_JSON, "malformed-json-no-location"));
            }
            if (c instanceof JacksonException) { // writing failed: ours
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static ProblemException malformed(JacksonException e) {
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0 && at.getColumnNr() > 0) {
            return new BadRequestProblem(ProblemCodes.MALFORMED_JSON, "malformed-json", at.getLineNr(), at.getColumnNr());
        }
        return new BadRequestProblem(ProblemCodes.MALFORMED_JSON, "malformed-json-no-location");
    }

    private static ProblemException fieldProblem(JsonMappingException e) {
        String field = path(e.getPath());
        ProblemException problem = BadRequestProblem.validationFailed();
        if (e instanceof PropertyBindingException) { // unknown property (when a service forbids them)
            return problem.withFieldError(field, "unknown-property");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> target = mismatch.getTargetType();
            if (target.isEnum()) {
                return problem.withFieldError(field, "unknown-value", enumNames(target));
            }
            String expected = jsonType(target);
            if (!"value".equals(expected)) {
                return problem.withFieldError(field, "wrong-type", new ProblemException.Msg("jsontype." + expected, expected));
            }
        }
        return problem.withFieldError(field, "invalid-value");
    }

    /** The JSON path of a Jackson reference chain: {@code items[0].kind}; null for the whole body. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    /** The constants of an enum as the {@code unknown-value} message lists them: "A, B, C". */
    static String enumNames(Class<?> enumType) {
        return String.join(", ", Arrays.stream(enumType.getEnumConstants()).map(v -> ((Enum<?>) v).name()).toList());
    }

    /** A record Jackson builds from something other than an object: a {@code @JsonCreator} or a {@code @JsonValue}. */
    private static boolean readFromAScalar(Class<?> record) {
        for (Constructor<?> c : record.getDeclaredConstructors()) {
            if (c.isAnnotationPresent(JsonCreator.class)) {
                return true;
            }
        }
        for (Method m : record.getDeclaredMethods()) {
            if (m.isAnnotationPresent(JsonCreator.class)
                    || m.isAnnotationPresent(JsonValue.class)) {
                return true;
            }
        }
        return false;
    }

    /** What a Java target type looks like in JSON (the class itself is never shown). */
    static String jsonType(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class || CharSequence.class.isAssignableFrom(type)) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == BigInteger.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "object";
        }
        if (type.isRecord() && !readFromAScalar(type)) {
            return "object"; // a request body or a nested part of one: [1, 2] where {...} belongs
        }
        // dates, UUIDs, value types such as identifiers: "a valid value" is the honest common answer
        return "value";
    }
}
