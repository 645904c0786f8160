package io.xiaoneng.devstack.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.xiaoneng.devstack.StackLayout;

import java.util.Map;

/**
 * Runs a service's {@code @QuarkusTest}s against a real PostgreSQL 17 and a real Kafka broker (no Docker, no Dev
 * Services). Each service gets its own database, named by the {@code database} init argument.
 *
 * <pre>{@code @QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))}</pre>
 */
public class PostgresKafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        RealInfrastructure infra = RealInfrastructure.get();
        try {
            infra.postgres().ensureDatabase(database);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(database),
                "quarkus.datasource.username", StackLayout.DB_USER,
                "quarkus.datasource.password", StackLayout.DB_PASSWORD,
                "kafka.bootstrap.servers", infra.kafka().bootstrapServers(),
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // Shared for the whole test JVM; stopped by RealInfrastructure's shutdown hook.
    }
}
