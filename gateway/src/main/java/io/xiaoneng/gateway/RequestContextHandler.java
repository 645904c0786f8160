package io.xiaoneng.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

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

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        HttpServerRequest request = rc.request();
        String requestId = RequestIds.acceptOrCreate(request.getHeader(RequestIds.HEADER));
        String traceparent = TraceContext.next(request.getHeader(TraceContext.HEADER));
        request.headers().set(RequestIds.HEADER, requestId);
        request.headers().set(TraceContext.HEADER, traceparent);
        rc.put(REQUEST_ID, requestId);
        rc.addHeadersEndHandler(v -> rc.response().headers()
                .set(RequestIds.HEADER, requestId)
                .set(TraceContext.HEADER, traceparent));
        rc.addEndHandler(v -> {
            if (AccessLog.enabled()) {
                accessLog.add(new AccessLog.Entry(requestId, request.method().name(), request.path(),
                        rc.response().getStatusCode(), System.nanoTime() - start, rc.get(ServiceRoutes.CLIENT_KEY),
                        ServiceRoutes.clientAddress(request), traceparent));
            }
        });
        rc.next();
    }
}
