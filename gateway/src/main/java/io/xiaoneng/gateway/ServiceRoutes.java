package io.xiaoneng.gateway;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.netty.channel.EventLoop;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Routes {@code /api/v1/...} prefixes to the services as a streaming reverse proxy (Vert.x HTTP proxy). In front of
 * the proxy, in this order: body size limit, per-IP rate limit, token validation (unless the route is public),
 * per-client rate limit; around it, each service's timeout and circuit breaker. {@code Authorization},
 * {@code X-Request-Id} and {@code traceparent} are sent to the service (see {@link RequestContextHandler}).
 *
 * <p>Each event loop proxies through its own HTTP client, whose pooled connections to the services live on that
 * loop. With one client shared by all loops, a request taken on one loop often leased a connection living on
 * another: its request was handed to that loop and its response handed back, two cross-thread wake-ups per call
 * (strace: 0.6 eventfd writes per proxied request). Per loop, a call never leaves the thread that accepted it.
 */
@ApplicationScoped
public class ServiceRoutes {

    private static final Logger LOG = Logger.getLogger(ServiceRoutes.class);
    static final String CLIENT_KEY = "xiaoneng.client";
    /** The request-context key under which Quarkus' HTTP metrics look for the route template of a call. */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private PublicRoutes publicRoutes;
    private RateLimiter perIp;
    private RateLimiter perClient;
    private long maxBodyBytes;
    private AccessLog accessLog;

    /** A service behind the gateway: its breaker, shared by all event loops, and one proxy per event loop. */
    public static final class Upstream {
        private final String name;
        private final URI url;
        private final CircuitBreaker breaker;
        private final Function<EventLoop, HttpProxy> newProxy;
        private final Map<EventLoop, HttpProxy> proxies = new ConcurrentHashMap<>();

        Upstream(String name, URI url, CircuitBreaker breaker, Function<EventLoop, HttpProxy> newProxy) {
            this.name = name;
            this.url = url;
            this.breaker = breaker;
            this.newProxy = newProxy;
        }

        public String name() {
            return name;
        }

        public URI url() {
            return url;
        }

        public CircuitBreaker breaker() {
            return breaker;
        }

        /**
         * The proxy of the event loop the caller runs on (created on its first call there). ConcurrentHashMap's
         * computeIfAbsent returns a present value without locking, so no separate get() first.
         */
        HttpProxy proxy() {
            return proxies.computeIfAbsent(((ContextInternal) Vertx.currentContext()).nettyEventLoop(), newProxy);
        }
    }

    void register(@Observes Router router) {
        publicRoutes = new PublicRoutes(config.publicRoutes());
        maxBodyBytes = config.maxBodySize().asLongValue();
        var limits = config.rateLimit();
        perIp = new RateLimiter(limits.perIp().requests(), limits.perIp().period(), limits.maxTrackedKeys());
        perClient = new RateLimiter(limits.perClient().requests(), limits.perClient().period(), limits.maxTrackedKeys());

        HttpClientOptions clientOptions = new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setTcpNoDelay(true);
        // eventLoopSize 0: a client's connections are opened on the loop that asks for them, its own
        PoolOptions poolOptions = new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerService()).setEventLoopSize(0);
        Map<EventLoop, HttpClient> clients = new ConcurrentHashMap<>();
        Function<EventLoop, HttpClient> clientOfLoop =
                loop -> clients.computeIfAbsent(loop, l -> vertx.createHttpClient(clientOptions, poolOptions));

        LOG.infof("Socket transport: %s", vertx.isNativeTransportEnabled() ? "native (epoll)" : "JDK NIO");
        accessLog = new AccessLog(config.accessLog().queueSize(), config.accessLog().flushInterval());
        router.route().order(-1_000).handler(new RequestContextHandler(accessLog));
        for (Map.Entry<String, GatewayConfig.Route> entry : config.routes().entrySet()) {
            Upstream upstream = upstream(entry.getKey(), entry.getValue(), clientOfLoop);
            upstreams.put(upstream.name(), upstream);
            for (String prefix : entry.getValue().prefixes()) {
                String template = metricsTemplate(prefix);
                router.route(prefix).handler(rc -> edge(rc, upstream, template));
                router.route(prefix + "/*").handler(rc -> edge(rc, upstream, template));
                LOG.infof("Route %s/** -> %s (%s)", prefix, upstream.url(), upstream.name());
            }
        }
        router.route("/api/*").order(Integer.MAX_VALUE - 1).handler(rc ->
                GatewayProblems.send(GatewayProblems.Kind.NOT_FOUND, rc.request(), RequestContextHandler.requestId(rc)));
    }

    void shutdown(@Observes ShutdownEvent event) {
        if (accessLog != null) {
            accessLog.close(); // the lines still queued are written
        }
    }

    public Map<String, Upstream> upstreams() {
        return upstreams;
    }

    private Upstream upstream(String name, GatewayConfig.Route route, Function<EventLoop, HttpClient> clientOfLoop) {
        URI url = route.url();
        SocketAddress origin = SocketAddress.inetSocketAddress(url.getPort(), url.getHost());
        long timeoutMillis = route.timeout().toMillis();
        CircuitBreaker breaker = new CircuitBreaker(route.breaker().failureThreshold(), route.breaker().openFor());
        BreakerInterceptor interceptor = new BreakerInterceptor(name, breaker, maxBodyBytes);
        return new Upstream(name, url, breaker, loop -> HttpProxy.reverseProxy(clientOfLoop.apply(loop))
                // the idle timeout bounds the wait for the response head and for each chunk of its body
                .originRequestProvider((request, c) -> c.request(new RequestOptions().setServer(origin).setIdleTimeout(timeoutMillis)))
                .addInterceptor(interceptor));
    }

    /**
     * The {@code uri} of the gateway's HTTP metrics for calls under {@code prefix}: the prefix with {@code /**}, one
     * series per route. Without it Quarkus' HTTP metrics name a call by its path, which for a proxy means one series
     * per application number, tracking number or item code ever called — a gateway's memory and Prometheus would
     * grow with every case.
     */
    static String metricsTemplate(String prefix) {
        return prefix + "/**";
    }

    /** The edge checks, then the proxy. */
    private void edge(RoutingContext rc, Upstream upstream, String metricsTemplate) {
        HttpServerRequest request = rc.request();
        // Read by Quarkus' HTTP server metrics when the answer ends (the key Quarkus REST sets for its resources).
        ((HttpServerRequestInternal) request).context().putLocal(URL_PATH_TEMPLATE, metricsTemplate);
        String requestId = RequestContextHandler.requestId(rc);

        String contentLength = request.getHeader("Content-Length");
        if (contentLength != null && parseLength(contentLength) > maxBodyBytes) {
            // the body is not read: close the connection instead of draining it
            request.response().putHeader("Connection", "close");
            GatewayProblems.send(GatewayProblems.Kind.PAYLOAD_TOO_LARGE, request, requestId, maxBodyBytes);
            return;
        }
        if (config.rateLimit().enabled()) {
            long wait = perIp.tryConsume(clientAddress(request));
            if (wait > 0) {
                tooManyRequests(request, requestId, wait);
                return;
            }
        }

        boolean hasToken = request.getHeader("Authorization") != null;
        if (!hasToken && publicRoutes.isPublic(request.method().name(), request.path())) {
            upstream.proxy().handle(request);
            return;
        }
        // The token is checked asynchronously (keys are fetched and cached by quarkus-oidc): hold the body back
        // until the proxy streams it to the service.
        request.pause();
        Context context = vertx.getOrCreateContext();
        // Quarkus hands a failed authentication to this handler instead of sending its own empty 401.
        rc.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER,
                (BiConsumer<RoutingContext, Throwable>) (ctx, failure) -> unauthorized(ctx, "invalid_token"));
        Uni<SecurityIdentity> identity = QuarkusHttpUser.getSecurityIdentity(rc, null);
        identity.subscribe().with(
                id -> onContext(context, () -> authenticated(rc, upstream, id)),
                failure -> onContext(context, () -> unauthorized(rc, "invalid_token")));
    }

    private void authenticated(RoutingContext rc, Upstream upstream, SecurityIdentity identity) {
        HttpServerRequest request = rc.request();
        if (identity == null || identity.isAnonymous()) {
            unauthorized(rc, null);
            return;
        }
        String client = clientKey(identity);
        rc.put(CLIENT_KEY, client);
        if (config.rateLimit().enabled()) {
            long wait = perClient.tryConsume(client);
            if (wait > 0) {
                tooManyRequests(request, RequestContextHandler.requestId(rc), wait);
                return;
            }
        }
        upstream.proxy().handle(request);
    }

    private void unauthorized(RoutingContext rc, String error) {
        HttpServerRequest request = rc.request();
        if (request.response().headWritten()) {
            return; // already answered (failure handler and subscriber both report the same failure)
        }
        request.resume(); // drain any body; the connection stays usable
        request.response().putHeader("WWW-Authenticate",
                error == null ? "Bearer" : "Bearer error=\"" + error + "\"");
        GatewayProblems.send(GatewayProblems.Kind.UNAUTHORIZED, request, RequestContextHandler.requestId(rc));
    }

    private static void tooManyRequests(HttpServerRequest request, String requestId, long retryAfter) {
        request.resume();
        request.response().putHeader("Retry-After", Long.toString(retryAfter));
        GatewayProblems.send(GatewayProblems.Kind.TOO_MANY_REQUESTS, request, requestId, retryAfter);
    }

    /** Client-credential tokens (provincial and city platforms) by client id, user tokens by subject. */
    static String clientKey(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object clientId = jwt.getClaim("client_id");
            if (clientId != null) {
                return "client:" + clientId;
            }
            if (jwt.getSubject() != null) {
                return "user:" + jwt.getSubject();
            }
            Object azp = jwt.getClaim("azp");
            if (azp != null) {
                return "client:" + azp;
            }
        }
        return "user:" + identity.getPrincipal().getName();
    }

    static String clientAddress(HttpServerRequest request) {
        SocketAddress address = request.remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void onContext(Context context, Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    /**
     * The breaker around each call: refused at once while open; a connection failure, a timeout or a 502/503/504
     * from the service counts as a failure; a failure the gateway sees itself becomes 503 with Retry-After.
     */
    static final class BreakerInterceptor implements ProxyInterceptor {
        private final String service;
        private final CircuitBreaker breaker;
        private final long maxBodyBytes;

        BreakerInterceptor(String service, CircuitBreaker breaker, long maxBodyBytes) {
            this.service = service;
            this.breaker = breaker;
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            if (!breaker.tryAcquire()) {
                context.request().release();
                return Future.succeededFuture(unavailable(context, breaker.retryAfterSeconds()));
            }
            LimitedBody limited = null;
            Body requestBody = context.request().getBody();
            if (requestBody != null && requestBody.length() <= 0) {
                if (requestBody.length() < 0
                        && context.request().proxiedRequest().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                    // chunked: counted while streaming, since no Content-Length announced the size
                    limited = new LimitedBody(requestBody.stream(), maxBodyBytes);
                    context.request().setBody(Body.body(limited, -1));
                } else {
                    // Neither Content-Length nor Transfer-Encoding (a GET, mostly), or Content-Length: 0: there is
                    // no body (RFC 9112 6.3). Sent as a request without one: head and end in one write, instead of
                    // piping an already ended request stream (a pipe, its handlers, and an exception per request).
                    requestBody.stream().resume();
                    context.request().setBody(null);
                }
            }
            LimitedBody body = limited;
            return context.sendRequest().transform(ar -> {
                if (body != null && body.exceeded()) {
                    breaker.success(); // the service is fine; the caller sent too much
                    ProxyResponse response = context.request().response().setStatusCode(413)
                            .putHeader("Content-Type", GatewayProblems.CONTENT_TYPE)
                            .putHeader("Connection", "close")
                            .setBody(Body.body(GatewayProblems.body(GatewayProblems.Kind.PAYLOAD_TOO_LARGE,
                                    context.request().proxiedRequest(), requestId(context), maxBodyBytes)));
                    return Future.succeededFuture(response);
                }
                if (ar.failed() && context.request().proxiedRequest().response().closed()) {
                    // The caller went away (its connection closed, so the call to the service was reset): says
                    // nothing about the service. Counted as a failure, a load generator stopping or a few browsers
                    // navigating away would open the breaker for everyone.
                    breaker.abandoned();
                    return Future.failedFuture(ar.cause());
                }
                if (ar.failed()) {
                    breaker.failure();
                    LOG.warnf("%s service failed: %s (breaker %s)", service, ar.cause().toString(), breaker.state());
                    return Future.succeededFuture(unavailable(context, breaker.retryAfterSeconds()));
                }
                int status = ar.result().getStatusCode();
                if (status == 502 || status == 503 || status == 504) {
                    breaker.failure();
                } else {
                    breaker.success();
                }
                return Future.succeededFuture(ar.result());
            });
        }

        private ProxyResponse unavailable(ProxyContext context, long retryAfter) {
            return context.request().response().setStatusCode(503)
                    .putHeader("Content-Type", GatewayProblems.CONTENT_TYPE)
                    .putHeader("Retry-After", Long.toString(retryAfter))
                    .setBody(Body.body(GatewayProblems.body(GatewayProblems.Kind.UNAVAILABLE,
                            context.request().proxiedRequest(), requestId(context), service, retryAfter)));
        }

        private static String requestId(ProxyContext context) {
            return context.request().headers().get(RequestIds.HEADER);
        }
    }
}
