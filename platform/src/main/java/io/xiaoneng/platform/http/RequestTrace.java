package io.xiaoneng.platform.http;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The request id and W3C trace context of the HTTP request being served — what the gateway created or passed on
 * ({@code X-Request-Id}, {@code traceparent}) — so that what the request causes further on carries them too: the
 * events it records (Kafka headers, see {@code Outbox}) and its audit records. Values that are not well-formed are
 * dropped, never copied: they come from the caller.
 */
public record RequestTrace(String requestId, String traceparent) {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String TRACEPARENT_HEADER = "traceparent";

    /** The names under which an event carries them: the CloudEvents distributed-tracing extension, and the id. */
    public static final String EVENT_TRACEPARENT = "ce_traceparent";
    public static final String EVENT_REQUEST_ID = "x-request-id";

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Version 00 (W3C Trace Context): version-traceid-parentid-flags, lower-case hex. */
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** The trace of the request this thread serves; empty outside a request (jobs, consumers) or without headers. */
    public static Optional<RequestTrace> current() {
        ArcContainer container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return Optional.empty();
        }
        RoutingContext routing = container.instance(CurrentVertxRequest.class).get().getCurrent();
        if (routing == null) {
            return Optional.empty();
        }
        return of(routing.request().getHeader(REQUEST_ID_HEADER), routing.request().getHeader(TRACEPARENT_HEADER));
    }

    /** Whether a caller's {@code X-Request-Id} may be repeated (in an event, an audit record, a problem's body). */
    public static boolean wellFormedRequestId(String requestId) {
        return requestId != null && REQUEST_ID.matcher(requestId).matches();
    }

    /** The well-formed ones of the two values; empty when neither is. */
    public static Optional<RequestTrace> of(String requestId, String traceparent) {
        String id = wellFormedRequestId(requestId) ? requestId : null;
        String trace = traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : null;
        return id == null && trace == null ? Optional.empty() : Optional.of(new RequestTrace(id, trace));
    }

    /** The event headers carrying this trace (those present). */
    public Map<String, String> eventHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (requestId != null) {
            headers.put(EVENT_REQUEST_ID, requestId);
        }
        if (traceparent != null) {
            headers.put(EVENT_TRACEPARENT, traceparent);
        }
        return headers;
    }
}
