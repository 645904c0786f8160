package io.xiaoneng.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Map;

/**
 * Routes {@code /api/v1/...} prefixes to the services as a streaming reverse proxy (Vert.x HTTP proxy): the
 * {@code Authorization} header travels unchanged, and every request gets an {@code X-Request-Id} that is sent
 * to the service and echoed to the caller.
 */
@ApplicationScoped
public class ServiceRoutes {

    private static final Logger LOG = Logger.getLogger(ServiceRoutes.class);

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    void register(@Observes Router router) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true));
        for (Map.Entry<String, GatewayConfig.Route> entry : config.routes().entrySet()) {
            URI url = entry.getValue().url();
            HttpProxy proxy = HttpProxy.reverseProxy(client).origin(url.getPort(), url.getHost());
            proxy.addInterceptor(new RequestIdInterceptor());
            for (String prefix : entry.getValue().prefixes()) {
                router.route(prefix).handler(rc -> proxy.handle(rc.request()));
                router.route(prefix + "/*").handler(rc -> proxy.handle(rc.request()));
                LOG.infof("Route %s/** -> %s (%s)", prefix, url, entry.getKey());
            }
        }
    }

    static final class RequestIdInterceptor implements ProxyInterceptor {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            String id = RequestIds.acceptOrCreate(context.request().headers().get(RequestIds.HEADER));
            context.request().headers().set(RequestIds.HEADER, id);
            context.set(RequestIds.HEADER, id);
            return context.sendRequest();
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            context.response().headers().set(RequestIds.HEADER, context.get(RequestIds.HEADER, String.class));
            return context.sendResponse();
        }
    }
}
