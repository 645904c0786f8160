package io.xiaoneng.platform.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of every error response: RFC 9457 problem details ({@code application/problem+json}) with the
 * Xiaoneng extension members. Only what is set is written. Everything in here is meant for the client: it is built
 * from message bundles and from values the code chose to expose, never from exception messages.
 *
 * <p>Member names are pinned with {@code @JsonProperty}: the body is written with the service's ObjectMapper, and a
 * naming strategy configured there must not turn {@code correlationId} into {@code correlation_id}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "code", "errors", "allowed", "correlationId", "requestId"})
public class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One invalid input field: {@code field} is the JSON path of the property as the client sent it. {@code row} is
     * set only where a request carries many records that are checked one by one (e.g. a catalog import file): the
     * 1-based number of the record, so a client can point at the line to fix.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"row", "field", "message"})
    public record FieldError(@JsonProperty("field") String field, @JsonProperty("message") String message,
                             @JsonProperty("row") Integer row) {
        public FieldError(String field, String message) {
            this(field, message, null);
        }
    }

    @JsonProperty("type")
    public String type;
    @JsonProperty("title")
    public String title;
    @JsonProperty("status")
    public int status;
    @JsonProperty("detail")
    public String detail;
    /** The request path (no query string: it may carry personal data). */
    @JsonProperty("instance")
    public String instance;
    @JsonProperty("code")
    public String code;
    @JsonProperty("errors")
    public List<FieldError> errors;
    /** For an illegal state transition: the commands allowed in the current state. */
    @JsonProperty("allowed")
    public List<String> allowed;
    /** For server-side failures: the id under which the stack trace was logged. */
    @JsonProperty("correlationId")
    public String correlationId;
    /** The caller's {@code X-Request-Id}, echoed when it is well-formed. */
    @JsonProperty("requestId")
    public String requestId;

    private final Map<String, Object> extensions = new LinkedHashMap<>();

    /** Further members of a specific problem (e.g. {@code state}, {@code command}, {@code retryAfterSeconds}). */
    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }

    @JsonAnySetter
    public void extension(String name, Object value) {
        extensions.put(name, value);
    }
}
