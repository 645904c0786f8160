package io.xiaoneng.platform.events;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Readiness of the Kafka connection, answered within a bounded time. Quarkus' own Kafka check waits for the admin
 * client's default API timeout (60 s) while the broker is down, longer than any probe waits, so a probe saw a hang
 * instead of "down". This one asks for the cluster's nodes with a deadline of {@code xiaoneng.kafka.health.timeout}
 * and reports DOWN with the reason when the deadline passes.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    static final String NAME = "Kafka connection health check";

    @Inject
    KafkaClientProperties kafka;

    @ConfigProperty(name = "xiaoneng.kafka.health.timeout", defaultValue = "PT3S")
    Duration timeout;

    private Admin admin;

    @Override
    public HealthCheckResponse call() {
        try {
            int millis = (int) timeout.toMillis();
            Collection<Node> nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                    .nodes().get(millis + 500L, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named(NAME).up()
                    .withData("nodes", nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(",")))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        } catch (Exception e) {
            return down(e.getCause() != null ? e.getCause().getClass().getSimpleName() : e.getClass().getSimpleName());
        }
    }

    private HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason)
                .withData("timeoutMillis", timeout.toMillis()).build();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            int millis = (int) timeout.toMillis();
            admin = Admin.create(kafka.admin(Map.of(
                    AdminClientConfig.CLIENT_ID_CONFIG, "readiness-check",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000)));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
