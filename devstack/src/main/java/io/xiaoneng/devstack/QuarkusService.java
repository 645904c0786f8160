package io.xiaoneng.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        return start(layout, spec, demoData, spec.module(), Map.of());
    }

    /**
     * Starts one instance of a service; {@code instance} names its process and log file ({@code <instance>.log}), so
     * that a second instance of the same service (the scale-out tests) keeps a log of its own; {@code overrides}
     * are environment variables set after the launcher's own (e.g. another port's upstream URL for a gateway).
     */
    public static ChildProcess start(StackLayout layout, StackLayout.ServiceSpec spec, boolean demoData, String instance,
                                     Map<String, String> overrides) throws IOException {
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
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions(jar.getParent()));
        cmd.add("-jar");
        cmd.add(jar.toString());
        // glibc gives every thread that allocates its own malloc arena (up to 8 per core, 64 MB address space
        // each); a JVM allocates little with malloc, and two arenas keep the resident set down.
        env.put("MALLOC_ARENA_MAX", "2");
        env.putAll(overrides);
        return ChildProcess.start(instance, cmd, env, layout.projectDir(), layout.logDir().resolve(instance + ".log"));
    }

    /**
     * How a service's JVM runs here (and in the container images, see k8s/README.md): a small heap and the serial
     * collector keep four services plus the infrastructure within a laptop; a heap that starts small and grows
     * keeps a quiet service's resident memory small; and the application class-data-sharing archive, when the
     * service was packaged with one ({@code -Dquarkus.package.jar.appcds.enabled=true}, which {@code run.sh} and
     * the benchmarks do), maps the classes pre-parsed instead of loading them one by one at startup. A JVM other
     * than the one that wrote the archive ignores it ({@code -Xshare:auto}) and starts the slow way.
     */
    public static List<String> jvmOptions(Path quarkusApp) {
        List<String> options = new ArrayList<>(List.of("-Xms16m", "-Xmx256m", "-XX:+UseSerialGC"));
        Path archive = quarkusApp.resolve("app-cds.jsa");
        if (Files.exists(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
            options.add("-Xshare:auto");
        }
        return options;
    }

    public static String readinessUrl(StackLayout.ServiceSpec spec) {
        return spec.url() + "/q/health/ready";
    }
}
