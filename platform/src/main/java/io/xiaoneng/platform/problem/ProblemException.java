package io.xiaoneng.platform.problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error the service means to report to its caller as a problem response. It carries <em>what</em> to say, not
 * the words: a status, a machine {@link ProblemCodes code}, a message key with arguments (rendered in the caller's
 * language by {@link ProblemMessages}), field errors, extension members and response headers.
 *
 * <p>The Java message ({@link #getMessage()}) is for logs only and never reaches a response. Use the subclasses for
 * the common cases ({@link NotFoundProblem}, {@link ConflictProblem}, {@link IllegalTransitionProblem}, ...).
 *
 * <p>Arguments are rendered with {@code String.valueOf}, except {@link Msg} arguments, which are themselves
 * looked up in the bundles (for localized nouns such as resource kinds).
 */
public class ProblemException extends RuntimeException {

    /** A field error still to be rendered: message key, arguments by name, and a literal fallback text. */
    public record FieldErrorSpec(String field, String messageKey, Map<String, Object> arguments, String fallback, Integer row) {
        public FieldErrorSpec(String field, String messageKey, Map<String, Object> arguments, String fallback) {
            this(field, messageKey, arguments, fallback, null);
        }
    }

    /** A message argument that is itself a bundle key (rendered in the response language). */
    public record Msg(String key, String fallback) {
        @Override
        public String toString() {
            return fallback;
        }
    }

    private final int status;
    private final String code;
    private final String detailKey;
    private final Object[] detailArgs;
    private final List<FieldErrorSpec> fieldErrors = new ArrayList<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private List<String> allowed;
    private String correlationId;

    /**
     * @param detailKey key of the detail text in the {@code problems} bundles ({@code detail.<detailKey>}); null for
     *                  no detail
     */
    public ProblemException(int status, String code, String detailKey, Object... detailArgs) {
        this(status, code, null, detailKey, detailArgs);
    }

    protected ProblemException(int status, String code, Throwable cause, String detailKey, Object... detailArgs) {
        super(code + (detailKey == null ? "" : ": " + detailKey + " " + Arrays.toString(detailArgs)), cause);
        this.status = status;
        this.code = code;
        this.detailKey = detailKey;
        this.detailArgs = detailArgs == null ? new Object[0] : detailArgs.clone();
    }

    /** A problem of a bare HTTP status, with the generic title and detail of that status. */
    public static ProblemException ofStatus(int status) {
        return new ProblemException(status, ProblemCodes.forStatus(status), "status." + status);
    }

    /** The same problem with the original exception attached as cause (for the log, never for the response). */
    public static ProblemException ofStatus(int status, Throwable cause) {
        return new ProblemException(status, ProblemCodes.forStatus(status), cause, "status." + status);
    }

    /** Adds a field error whose message is the bundle key {@code field.<messageKey>} with positional arguments. */
    public ProblemException withFieldError(String field, String messageKey, Object... args) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            named.put(String.valueOf(i), args[i]);
        }
        fieldErrors.add(new FieldErrorSpec(field, "field." + messageKey, named, messageKey));
        return this;
    }

    public ProblemException withFieldError(FieldErrorSpec error) {
        fieldErrors.add(error);
        return this;
    }

    /** Adds an extension member to the body; the value must be safe to show (ids, states, numbers). */
    public ProblemException withProperty(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ProblemException withAllowed(List<String> allowedCommands) {
        this.allowed = List.copyOf(allowedCommands);
        return this;
    }

    /** Marks a server-side failure: the id is shown to the caller and was logged with the stack trace. */
    public ProblemException withCorrelationId(String id) {
        this.correlationId = id;
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detailKey() {
        return detailKey;
    }

    public Object[] detailArgs() {
        return detailArgs.clone();
    }

    public List<FieldErrorSpec> fieldErrors() {
        return Collections.unmodifiableList(fieldErrors);
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    public List<String> allowed() {
        return allowed;
    }

    public String correlationId() {
        return correlationId;
    }
}
