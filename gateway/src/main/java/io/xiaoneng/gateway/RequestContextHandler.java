package io.xiaoneng.gateway;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * First on every request: settles its {@code X-Request-Id} and W3C {@code traceparent} (the caller's when
 * acceptable, new otherwise), puts both into the request headers the proxy sends to the service, echoes them in
 * the response, and hands the request to the {@link AccessLog} when the response is done.
 */
final class RequestContextHandler implements Handler<RoutingContext> {

    private static final String REQUEST_ID = "xiaoneng.requestId";

    private final AccessLog accessLog;

    RequestContextHandler(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    static String requestId(RoutingContext rc) {
        return rc.get(REQUEST_ID);
    }

    /** Forwarding headers a caller may send: replaced, never passed on. */
    private static final List<String> CALLER_FORWARDING = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
            "X-Forwarded-Port", "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Real-IP");

    /**
     * The services see the gateway as their peer: {@code X-Forwarded-For} tells them the caller's address (what they
     * limit anonymous look-ups by), {@code X-Forwarded-Proto} the scheme it used. Whatever forwarding headers the
     * caller sent are dropped first — passed on, they would let anyone choose the address a service counts. (Behind
     * a load balancer the gateway itself believes that balancer's header through Quarkus' trusted proxies, so the
     * address here is already the real caller's.)
     */
    static void forwardedFor(HttpServerRequest request) {
        MultiMap headers = request.headers();
        for (String name : CALLER_FORWARDING) {
            headers.remove(name);
        }
        headers.set("X-Forwarded-For", ServiceRoutes.clientAddress(request));
        headers.set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
    }

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        HttpServerRequest request = rc.request();
        String requestId = RequestIds.acceptOrCreate(request.getHeader(RequestIds.HEADER));
        String traceparent = TraceContext.next(request.getHeader(TraceContext.HEADER));
        request.headers().set(RequestIds.HEADER, requestId);
        request.headers().set(TraceContext.HEADER, traceparent);
        forwardedFor(request);
        rc.put(REQUEST_ID, requestId);
        rc.addHeadersEndHandler(v -> rc.response().headers()
                .set(RequestIds.HEADER, requestId)
                .set(TraceContext.HEADER, traceparent));
        rc.addEndHandler(done -> {
            if (AccessLog.enabled()) {
                // The caller hung up before its answer was complete: the connection is gone when the response ends
                // (a response that completes ends before its connection closes, even with "Connection: close"). The
                // status the proxy then sets — 502, for the call to the service it reset — says nothing about the
                // service, so the line says 499.
                boolean hungUp = done.failed() || rc.response().closed();
                int status = hungUp ? AccessLog.CALLER_HUNG_UP : rc.response().getStatusCode();
                accessLog.add(new AccessLog.Entry(requestId, request.method().name(), request.path(),
                        status, System.nanoTime() - start, rc.get(ServiceRoutes.CLIENT_KEY),
                        ServiceRoutes.clientAddress(request), traceparent));
            }
        });
        rc.next();
    }
}
