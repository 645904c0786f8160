package io.xiaoneng.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Which path prefixes go to which service. */
@ConfigMapping(prefix = "xiaoneng.gateway")
public interface GatewayConfig {

    /** Routes by service name (approval, complaint, evaluation). */
    Map<String, Route> routes();

    /** How long to wait for a connection to a service. */
    @WithDefault("2s")
    Duration connectTimeout();

    interface Route {
        /** Base URL of the service. */
        URI url();

        /** Path prefixes owned by the service, e.g. {@code /api/v1/departments}. */
        List<String> prefixes();
    }
}
