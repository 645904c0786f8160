package io.xiaoneng.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The gateway's configuration ({@code xiaoneng.gateway.*}); every value is documented in the README. */
@ConfigMapping(prefix = "xiaoneng.gateway")
public interface GatewayConfig {

    /** Routes by service name (approval, complaint, evaluation, integration). */
    Map<String, Route> routes();

    /** How long to wait for a connection to a service. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Pooled keep-alive connections to each service (per event loop). */
    @WithDefault("100")
    int maxConnectionsPerService();

    /**
     * Routes callers may use without a token, as {@code METHOD /path} patterns: {@code *} is one path segment,
     * a trailing {@code /**} any rest (including none). Everything else under the routes needs a valid token.
     */
    List<String> publicRoutes();

    /** Front-end origins allowed to call the API from a browser (applied as {@code quarkus.http.cors.origins}). */
    List<String> corsOrigins();

    /** Largest request body accepted; larger ones are refused with 413 before reaching a service. */
    @WithDefault("10M")
    MemorySize maxBodySize();

    RateLimits rateLimit();

    AccessLogConfig accessLog();

    Health health();

    OpenApi openapi();

    interface Route {
        /** Base URL of the service. */
        URI url();

        /** Path prefixes owned by the service, e.g. {@code /api/v1/departments}. */
        List<String> prefixes();

        /** Longest wait for the service's response (and between its chunks); longer is a failure → 503. */
        @WithDefault("10s")
        Duration timeout();

        Breaker breaker();
    }

    interface Breaker {
        /** Consecutive failures (connection refused, timeout, 502/503/504) that open the breaker. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open breaker answers 503 at once before it lets one trial request through (half-open). */
        @WithDefault("10s")
        Duration openFor();
    }

    interface RateLimits {
        @WithDefault("true")
        boolean enabled();

        /** Per client address (after {@code quarkus.http.proxy.*} forwarding rules). */
        Limit perIp();

        /** Per token client: {@code client_id} of client-credential tokens, else the subject. */
        Limit perClient();

        /** Bound on the remembered buckets (least recently used are dropped). */
        @WithDefault("100000")
        long maxTrackedKeys();
    }

    interface Limit {
        /** Requests allowed per {@link #period()} (refilled gradually). */
        long requests();

        Duration period();
    }

    interface AccessLogConfig {
        /** How often the access log's writer thread writes the lines queued since its last turn. */
        @WithDefault("200ms")
        Duration flushInterval();

        /** Lines that may wait for the writer; beyond that an event loop writes its line itself. */
        @WithDefault("20000")
        int queueSize();
    }

    interface Health {
        /** Whether each service's readiness is part of the gateway's readiness. */
        @WithDefault("true")
        boolean includeUpstreams();

        /** Longest wait for a service's {@code /q/health/ready}. */
        @WithDefault("2s")
        Duration upstreamTimeout();
    }

    interface OpenApi {
        /** Path of each service's OpenAPI document (JSON). */
        @WithDefault("/q/openapi?format=json")
        String upstreamPath();

        /** How long a merged document is served before the services are asked again. */
        @WithDefault("60s")
        Duration cacheFor();

        /** Title of the merged document. */
        @WithDefault("Xiaoneng API")
        String title();

        /** Public URL of the gateway written into the merged document's servers; none: relative. */
        Optional<String> serverUrl();
    }
}
