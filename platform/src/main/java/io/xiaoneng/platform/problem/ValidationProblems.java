package io.xiaoneng.platform.problem;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bean Validation violations as a 400 {@code validation-failed} problem with one error per violation.
 *
 * <p>The field is the path the <em>client</em> knows: Hibernate Validator's {@code create.body.code} becomes
 * {@code code} (the method node and the entity parameter are dropped), a query parameter is named as in its
 * {@code @QueryParam}, properties are translated to their JSON names through Jackson's own introspection (so a
 * {@code @JsonProperty} rename shows), and collection elements keep their index ({@code items[0].name}).
 *
 * <p>A violated <em>return value</em> constraint is the service's own bug, not the caller's, so it yields empty
 * here and becomes a 500.
 */
final class ValidationProblems {
    private ValidationProblems() {}

    private static final Pattern TEMPLATE_KEY = Pattern.compile("\\{([^{}]+)}");

    static Optional<ProblemException> of(Set<? extends ConstraintViolation<?>> violations, Method resourceMethod, ObjectMapper mapper) {
        List<ProblemException.FieldErrorSpec> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : violations) {
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getKind() == ElementKind.RETURN_VALUE) {
                    return Optional.empty();
                }
            }
            errors.add(fieldError(violation, resourceMethod, mapper));
        }
        ProblemException problem = BadRequestProblem.validationFailed();
        errors.stream()
                .sorted(Comparator.comparing((ProblemException.FieldErrorSpec e) -> String.valueOf(e.field()))
                        .thenComparing(ProblemException.FieldErrorSpec::messageKey))
                .forEach(problem::withFieldError);
        return Optional.of(problem);
    }

    /**
     * A query or path parameter that JAX-RS could not convert, as a {@code validation-failed} problem naming it, when
     * the failure tells which: an enum (or a list of one) with its allowed values, like an unknown enum value in a
     * body — the converter ({@code Enum.valueOf}) names the enum in its message ("No enum constant
     * &lt;type&gt;.&lt;value&gt;"), matched against the parameter types and never shown; a number or a UUID, when it is
     * the method's only parameter of that kind; likewise a date, a month or a date-time, with its format. Empty
     * otherwise (two parameters of the kind, …).
     */
    static Optional<ProblemException> unconvertibleParameter(Throwable failure, Method resourceMethod) {
        if (resourceMethod == null) {
            return Optional.empty();
        }
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String message = c.getMessage() == null ? "" : c.getMessage();
            if (c instanceof NumberFormatException) {
                return numberParameter(resourceMethod, "integer").or(() -> numberParameter(resourceMethod, "number"));
            }
            if (c instanceof IllegalArgumentException && message.startsWith(NO_ENUM_CONSTANT)) {
                return soleParameter(resourceMethod, t -> t.isEnum() && message.startsWith(NO_ENUM_CONSTANT + t.getCanonicalName() + "."))
                        .map(p -> invalid(p.field(), "unknown-value", JsonProblems.enumNames(p.type())));
            }
            if (c instanceof IllegalArgumentException && message.contains("UUID")) { // UUID.fromString's own words
                return soleParameter(resourceMethod, t -> t == UUID.class)
                        .map(p -> invalid(p.field(), "wrong-type", new ProblemException.Msg("jsontype.uuid", "uuid")));
            }
            if (c instanceof DateTimeParseException) {
                return soleParameter(resourceMethod, TEMPORAL_FORMATS::containsKey)
                        .map(p -> invalid(p.field(), "wrong-type", new ProblemException.Msg(TEMPORAL_FORMATS.get(p.type()), "date")));
            }
        }
        return Optional.empty();
    }

    private static final String NO_ENUM_CONSTANT = "No enum constant ";

    /** The java.time types a parameter may have, with the message that shows their format. */
    private static final Map<Class<?>, String> TEMPORAL_FORMATS = Map.of(
            LocalDate.class, "jsontype.date", YearMonth.class, "jsontype.month",
            OffsetDateTime.class, "jsontype.date-time", Instant.class, "jsontype.date-time");

    private record RequestParameter(String field, Class<?> type) {}

    /** The one request parameter whose type (or collection element type) passes {@code kind}; empty if none or several. */
    private static Optional<RequestParameter> soleParameter(Method resourceMethod, Predicate<Class<?>> kind) {
        RequestParameter found = null;
        Parameter[] parameters = resourceMethod.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Class<?> type = elementClass(parameters[i].getParameterizedType());
            String name = httpParameterName(resourceMethod.getParameterAnnotations()[i], parameters[i].getName());
            if (type == null || name == null || !kind.test(type)) {
                continue;
            }
            if (found != null) {
                return Optional.empty(); // two of the kind: which one failed is unknown
            }
            found = new RequestParameter(name, type);
        }
        return Optional.ofNullable(found);
    }

    private static ProblemException invalid(String field, String messageKey, Object argument) {
        return BadRequestProblem.validationFailed().withFieldError(field, messageKey, argument);
    }

    /** The sole parameter whose JSON type ({@link JsonProblems#jsonType}) is {@code jsonType}, "integer" or "number". */
    private static Optional<ProblemException> numberParameter(Method resourceMethod, String jsonType) {
        return soleParameter(resourceMethod, t -> jsonType.equals(JsonProblems.jsonType(t)))
                .map(p -> invalid(p.field(), "wrong-type", new ProblemException.Msg("jsontype." + jsonType, jsonType)));
    }

    /** The class a parameter of this type holds: the type itself, or the element type of a collection. */
    private static Class<?> elementClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw) && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return null;
    }

    private static ProblemException.FieldErrorSpec fieldError(ConstraintViolation<?> violation, Method resourceMethod, ObjectMapper mapper) {
        String template = violation.getMessageTemplate();
        Matcher key = TEMPLATE_KEY.matcher(template == null ? "" : template);
        // "{jakarta.validation.constraints.NotBlank.message}" → look the key up in our bundles (both languages);
        // a literal message written on the constraint is used as it is.
        String messageKey = key.matches() ? key.group(1) : "-literal-";
        Map<String, Object> attributes = new LinkedHashMap<>();
        violation.getConstraintDescriptor().getAttributes().forEach((name, value) -> {
            if (!Set.of("message", "groups", "payload").contains(name)) {
                attributes.put(name, value);
            }
        });
        return new ProblemException.FieldErrorSpec(field(violation, resourceMethod, mapper), messageKey, attributes, violation.getMessage());
    }

    /** The client's name for the violated element; null when the violation is about the request as a whole. */
    static String field(ConstraintViolation<?> violation, Method resourceMethod, ObjectMapper mapper) {
        List<Path.Node> nodes = new ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        StringBuilder path = new StringBuilder();
        JavaType type = mapper == null ? null : safeType(mapper, violation.getRootBeanClass());
        Method method = null;
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean last = i == nodes.size() - 1;
            switch (node.getKind()) {
                case METHOD -> {
                    Path.MethodNode m = node.as(Path.MethodNode.class);
                    method = sameMethod(resourceMethod, m) ? resourceMethod : null;
                    type = null;
                }
                case CONSTRUCTOR -> type = null;
                case PARAMETER -> {
                    int index = node.as(Path.ParameterNode.class).getParameterIndex();
                    Annotation[] annotations = method == null ? new Annotation[0] : method.getParameterAnnotations()[index];
                    type = method == null || mapper == null ? null : safeType(mapper, method.getGenericParameterTypes()[index]);
                    String httpName = httpParameterName(annotations, node.getName());
                    if (httpName != null) {
                        append(path, httpName);
                    } else if (last && !isBeanParam(annotations)) {
                        append(path, node.getName()); // the parameter itself (e.g. a missing body)
                    }
                    // otherwise the entity parameter: its properties are the fields the client sent
                }
                case PROPERTY, CONTAINER_ELEMENT, BEAN -> {
                    if (node.isInIterable()) {
                        if (node.getIndex() != null) {
                            path.append('[').append(node.getIndex()).append(']');
                        } else if (node.getKey() != null) {
                            path.append('[').append(node.getKey()).append(']');
                        }
                        type = type == null || !type.isContainerType() ? null : type.getContentType();
                    }
                    if (node.getKind() == ElementKind.PROPERTY) {
                        String javaName = node.getName();
                        BeanPropertyDefinition property = property(mapper, type, javaName);
                        append(path, property == null ? javaName : property.getName());
                        type = property == null ? null : property.getPrimaryType();
                    }
                }
                default -> {
                    // CROSS_PARAMETER, RETURN_VALUE: no segment
                }
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    private static void append(StringBuilder path, String segment) {
        path.append(path.length() == 0 ? "" : ".").append(segment);
    }

    private static boolean sameMethod(Method resourceMethod, Path.MethodNode node) {
        return resourceMethod != null && resourceMethod.getName().equals(node.getName())
                && Arrays.equals(resourceMethod.getParameterTypes(), node.getParameterTypes().toArray());
    }

    /**
     * The HTTP name of a {@code @QueryParam}/{@code @PathParam}/{@code @HeaderParam}/... (or Quarkus REST's
     * {@code @RestQuery}/...) parameter; null for the entity parameter.
     */
    private static String httpParameterName(Annotation[] annotations, String javaName) {
        for (Annotation a : annotations) {
            String type = a.annotationType().getName();
            boolean jaxrs = type.startsWith("jakarta.ws.rs.") && type.endsWith("Param") && !type.endsWith("BeanParam");
            boolean rest = type.startsWith("org.jboss.resteasy.reactive.Rest")
                    && List.of("RestQuery", "RestPath", "RestHeader", "RestCookie", "RestForm", "RestMatrix").contains(a.annotationType().getSimpleName());
            if (jaxrs || rest) {
                try {
                    Object value = a.annotationType().getMethod("value").invoke(a);
                    return value == null || value.toString().isEmpty() ? javaName : value.toString();
                } catch (ReflectiveOperationException e) {
                    return javaName;
                }
            }
        }
        return null;
    }

    private static boolean isBeanParam(Annotation[] annotations) {
        return Arrays.stream(annotations).anyMatch(a -> a.annotationType().getName().endsWith(".BeanParam"));
    }

    private static JavaType safeType(ObjectMapper mapper, Type type) {
        try {
            return mapper.constructType(type);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static BeanPropertyDefinition property(ObjectMapper mapper, JavaType type, String javaName) {
        if (mapper == null || type == null || type.isContainerType() || type.isPrimitive() || type.getRawClass().getName().startsWith("java.")) {
            return null;
        }
        try {
            BeanDescription description = mapper.getSerializationConfig().introspect(type);
            for (BeanPropertyDefinition property : description.findProperties()) {
                if (javaName.equals(property.getInternalName())) {
                    return property;
                }
            }
        } catch (RuntimeException e) {
            // introspection is a nicety: fall back to the Java name
        }
        return null;
    }
}
