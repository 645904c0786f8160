package io.xiaoneng.devstack;

import java.nio.file.Path;
import java.util.List;

/**
 * Ports, directories and names of the local stack. Every port moves together with {@code --port-offset},
 * so a second stack (the system tests, say) can run beside a developer's own.
 */
public record StackLayout(Path projectDir, Path dataDir, int portOffset) {

    public static final String REALM = "xiaoneng";
    public static final String DB_USER = "xiaoneng";
    public static final String DB_PASSWORD = "xiaoneng";
    /** One database per service: each service owns its data (ARCHITECTURE.md, data ownership). */
    public static final List<String> DATABASES = List.of("approval", "complaint", "evaluation", "integration");

    public int postgresPort() { return 5432 + portOffset; }
    public int kafkaPort() { return 9092 + portOffset; }
    public int kafkaControllerPort() { return 9093 + portOffset; }
    public int keycloakPort() { return 8180 + portOffset; }
    public int gatewayPort() { return 8080 + portOffset; }

    public String kafkaBootstrap() { return "127.0.0.1:" + kafkaPort(); }
    public String keycloakUrl() { return "http://127.0.0.1:" + keycloakPort(); }
    public String gatewayUrl() { return "http://127.0.0.1:" + gatewayPort(); }

    public List<ServiceSpec> services() {
        return List.of(
                new ServiceSpec("approval-service", 8081 + portOffset, "approval"),
                new ServiceSpec("complaint-service", 8082 + portOffset, "complaint"),
                new ServiceSpec("evaluation-service", 8083 + portOffset, "evaluation"),
                new ServiceSpec("integration-service", 8084 + portOffset, "integration"),
                new ServiceSpec("gateway", gatewayPort(), null));
    }

    public Path logDir() { return dataDir.resolve("logs"); }

    /** A Quarkus application of the project; {@code database} is null for the gateway. */
    public record ServiceSpec(String module, int port, String database) {
        public String url() { return "http://127.0.0.1:" + port; }
    }
}
