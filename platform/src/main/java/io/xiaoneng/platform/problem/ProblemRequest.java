package io.xiaoneng.platform.problem;

/**
 * What a problem response needs to know about the request it answers: method and path (for {@code instance} and
 * the log), {@code Accept-Language} and {@code X-Request-Id} (raw header values, may be null).
 */
public record ProblemRequest(String method, String path, String acceptLanguage, String requestId) {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
}
