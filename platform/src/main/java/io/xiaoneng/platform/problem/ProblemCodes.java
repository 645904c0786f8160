package io.xiaoneng.platform.problem;

/**
 * The machine codes of problem responses ({@code code} member, last segment of {@code type}). Clients branch on
 * these, never on titles or details (those are localized and may be reworded). Services may define further codes;
 * they then add {@code title.<code>} to their own {@code problems*.properties} (see {@link ProblemMessages}).
 */
public final class ProblemCodes {
    private ProblemCodes() {}

    /** Base of every problem {@code type} URI: {@code https://xiaoneng.example/problems/<code>}. */
    public static final String TYPE_BASE = "https://xiaoneng.example/problems/";

    public static final String BAD_REQUEST = "bad-request";
    public static final String VALIDATION_FAILED = "validation-failed";
    public static final String MALFORMED_JSON = "malformed-json";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not-found";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String CONFLICT = "conflict";
    public static final String ILLEGAL_TRANSITION = "illegal-transition";
    public static final String REQUEST_IN_PROGRESS = "request-in-progress";
    public static final String GONE = "gone";
    public static final String PRECONDITION_FAILED = "precondition-failed";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String UNPROCESSABLE = "unprocessable";
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";
    public static final String CALENDAR_YEAR_MISSING = "calendar-year-missing";
    public static final String INVALID_IDEMPOTENCY_KEY = "invalid-idempotency-key";
    public static final String PRECONDITION_REQUIRED = "precondition-required";
    public static final String TOO_MANY_REQUESTS = "too-many-requests";
    public static final String INTERNAL = "internal";
    public static final String NOT_IMPLEMENTED = "not-implemented";
    public static final String UNAVAILABLE = "unavailable";

    /** The code for a bare HTTP status (errors that carry nothing but a status, e.g. from JAX-RS or Vert.x). */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 410 -> GONE;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> UNPROCESSABLE;
            case 428 -> PRECONDITION_REQUIRED;
            case 429 -> TOO_MANY_REQUESTS;
            case 501 -> NOT_IMPLEMENTED;
            case 502, 503, 504 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : BAD_REQUEST;
        };
    }
}
