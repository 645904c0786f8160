package io.xiaoneng.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One of the project's Quarkus applications, run from its packaged {@code quarkus-app}. */
public final class QuarkusService {

    private QuarkusService() {}

    static Path runner(StackLayout layout, StackLayout.ServiceSpec spec) {
        return layout.projectDir().resolve(spec.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public static ChildProcess start(StackLayout layout, StackLayout.ServiceSpec spec, boolean demoData) throws IOException {
        Path jar = runner(layout, spec);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(spec.port()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1"); // a developer's machine: loopback only
        env.put("XIAONENG_DB_HOST", "127.0.0.1");
        env.put("XIAONENG_DB_PORT", Integer.toString(layout.postgresPort()));
        env.put("XIAONENG_KAFKA_BOOTSTRAP", layout.kafkaBootstrap());
        env.put("XIAONENG_KEYCLOAK_URL", layout.keycloakUrl());
        env.put("XIAONENG_DEMO_DATA", Boolean.toString(demoData));
        for (StackLayout.ServiceSpec other : layout.services()) {
            if (other.database() != null) {
                env.put("XIAONENG_GATEWAY_ROUTES_" + other.database().toUpperCase() + "_URL", other.url());
            }
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A small heap and the serial collector keep four services plus the infrastructure within a laptop.
                "-Xmx256m", "-XX:+UseSerialGC",
                "-jar", jar.toString());
        return ChildProcess.start(spec.module(), cmd, env, layout.projectDir(),
                layout.logDir().resolve(spec.module() + ".log"));
    }

    public static String readinessUrl(StackLayout.ServiceSpec spec) {
        return spec.url() + "/q/health/ready";
    }
}
