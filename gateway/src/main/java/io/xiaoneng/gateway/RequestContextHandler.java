package io.xiaoneng.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * First on every request: settles its {@code X-Request-Id} and W3C {@code traceparent} (the caller's when
 * acceptable, new otherwise), puts both into the request headers the proxy sends to the service, echoes them in
 * the response, and writes one access log line when the response is done.
 */
final class RequestContextHandler implements Handler<RoutingContext> {

    /** Category of the access log (level INFO); one line per request. */
    static final Logger ACCESS = Logger.getLogger("io.xiaoneng.gateway.access");

    private static final String REQUEST_ID = "xiaoneng.requestId";

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
            if (ACCESS.isInfoEnabled()) {
                String client = rc.get(ServiceRoutes.CLIENT_KEY);
                ACCESS.infof("%s %s %s %d %.1fms client=%s ip=%s trace=%s", requestId, request.method(), request.path(),
                        rc.response().getStatusCode(), (System.nanoTime() - start) / 1e6,
                        client == null ? "-" : client, ServiceRoutes.clientAddress(request),
                        TraceContext.traceId(traceparent));
            }
        });
        rc.next();
    }
}
