package io.xiaoneng.gateway;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's readiness includes each service's {@code /q/health/ready} (asked in parallel, each within
 * {@code xiaoneng.gateway.health.upstream-timeout}), with the state of its circuit breaker: the check is DOWN
 * while any service is not ready. {@code xiaoneng.gateway.health.include-upstreams=false} leaves them out (for a
 * probe that should not take the gateway out of a load balancer because one service is down).
 */
@Readiness
@ApplicationScoped
public class UpstreamHealth implements AsyncHealthCheck {

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    @Inject
    ServiceRoutes routes;

    private WebClient client;

    @PostConstruct
    void init() {
        client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.health().upstreamTimeout().toMillis()));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("upstream services");
        if (!config.health().includeUpstreams()) {
            return Uni.createFrom().item(builder.up().withData("included", false).build());
        }
        Map<String, Future<Boolean>> checks = new LinkedHashMap<>();
        config.routes().forEach((name, route) -> checks.put(name, ready(route)));
        Future<?> all = Future.join(new ArrayList<>(checks.values()));
        return Uni.createFrom().completionStage(all.transform(ignored -> {
            boolean up = true;
            for (Map.Entry<String, Future<Boolean>> e : checks.entrySet()) {
                boolean ready = e.getValue().succeeded() && e.getValue().result();
                up &= ready;
                builder.withData(e.getKey(), ready ? "UP" : "DOWN");
                ServiceRoutes.Upstream upstream = routes.upstreams().get(e.getKey());
                if (upstream != null) {
                    builder.withData(e.getKey() + ".breaker", upstream.breaker().state().name());
                }
            }
            return Future.succeededFuture(builder.status(up).build());
        }).toCompletionStage());
    }

    private Future<Boolean> ready(GatewayConfig.Route route) {
        String url = route.url().toString().replaceAll("/$", "") + "/q/health/ready";
        return client.getAbs(url)
                .timeout(config.health().upstreamTimeout().toMillis())
                .send()
                .map(response -> response.statusCode() == 200);
    }

}
