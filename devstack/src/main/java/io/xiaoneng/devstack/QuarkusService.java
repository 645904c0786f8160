package io.xiaoneng.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One of the project's Quarkus applications, run from its packaged {@code quarkus-app}. */
public final class QuarkusService {

    private QuarkusService() {}

    static Path runner(StackLayout layout, StackLayout.ServiceSpec spec) {
        return layout.projectDir().resolve(spec.module()).resolve("target/quarkus-app").resolve(RUNNER);
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
        // a developer's stack pushes to receivers on this machine (refused in a deployment: SSRF)
        env.put("XIAONENG_INTEGRATION_SUBSCRIBERS_ALLOW_PRIVATE_ADDRESSES", "true");
        for (StackLayout.ServiceSpec other : layout.services()) {
            if (other.database() != null) {
                env.put("XIAONENG_GATEWAY_ROUTES_" + other.database().toUpperCase() + "_URL", other.url());
            }
        }
        // glibc gives every thread that allocates its own malloc arena (up to 8 per core, 64 MB address space
        // each); a JVM allocates little with malloc, and two arenas keep the resident set down.
        env.put("MALLOC_ARENA_MAX", "2");
        // Fixed thresholds instead of glibc's dynamic ones: once the JIT compilers free their large arenas, glibc
        // would raise both (up to 32 MB) and keep the freed memory; fixed, large blocks are mapped on their own and
        // given back when freed. approval-service after its first request: ~265 → ~257 MB (bench/results/footprint.md).
        env.put("MALLOC_MMAP_THRESHOLD_", "131072");
        env.put("MALLOC_TRIM_THRESHOLD_", "131072");
        env.putAll(overrides);
        Path quarkusApp = jar.getParent();
        Path log = layout.logDir().resolve(instance + ".log");
        if (usesAotCache() && !aotCacheIsFresh(quarkusApp)) {
            trainAotCache(instance, quarkusApp, env, log, spec);
        }
        return ChildProcess.start(instance, command(jvmOptions(quarkusApp), instance), env, quarkusApp, log);
    }

    /**
     * The service's JVM started in its {@code quarkus-app} directory: the class-path recorded in a CDS archive or an
     * AOT cache is the relative {@code quarkus-run.jar} of the training run, and the JVM uses the archive only when
     * the class-path matches.
     */
    private static List<String> command(List<String> jvmOptions, String instance) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaLauncher());
        cmd.addAll(jvmOptions);
        cmd.add("-Dxiaoneng.instance=" + instance); // names the process in ps: its command line is otherwise the same for all
        cmd.add("-jar");
        cmd.add(RUNNER);
        return cmd;
    }

    /**
     * How a service's JVM runs here (and in the container images, see k8s/README.md): a small heap and the serial
     * collector keep four services plus the infrastructure within a laptop; a heap that starts small and grows
     * keeps a quiet service's resident memory small. Start-up: on Java 25 or newer the JVM maps an AOT cache
     * (JEP 483/514: classes loaded and linked) written by a training run of this very build
     * ({@link #trainAotCache}); on older JVMs the application class-data-sharing archive, when the service was
     * packaged with one ({@code -Dquarkus.package.jar.appcds.enabled=true}, which {@code run.sh} and the
     * benchmarks do), maps the classes pre-parsed instead of loading them one by one. Either works best with the
     * {@code aot-jar} packaging, whose classes the JVM's own class loader loads (and so may archive). A cache or
     * archive that does not match the JVM or the build is ignored ({@code -Xshare:auto}, the default AOT mode) and
     * the service starts the slow way.
     */
    public static List<String> jvmOptions(Path quarkusApp) {
        List<String> options = new ArrayList<>(HEAP_AND_GC);
        if (usesAotCache()) {
            if (Files.exists(quarkusApp.resolve(AOT_CACHE))) {
                options.add("-XX:AOTCache=" + AOT_CACHE);
            }
            return options;
        }
        Path archive = quarkusApp.resolve("app-cds.jsa");
        if (Files.exists(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive.getFileName());
            options.add("-Xshare:auto");
        }
        return options;
    }

    /** The training run must use these too: an AOT cache records the collector and is refused under another. */
    private static final List<String> HEAP_AND_GC = List.of("-Xms16m", "-Xmx256m", "-XX:+UseSerialGC");
    /**
     * The cache keeps the classes, loaded and linked, but not the method profiles (JEP 515) of the training run. A
     * training run that only starts the service profiles start-up code, not the request path: measured on
     * approval-service (bench/results/footprint.md), the profiles made the cache 12 MB larger and the service's RSS
     * 15 MB larger, and did not make it reach its full request rate any sooner. {@code AOTRecordTraining} is a
     * diagnostic flag of JDK 25 (a later JDK without it ignores it rather than refusing to start); the JVM passes it
     * on to the child that assembles the cache.
     */
    private static final List<String> WITHOUT_METHOD_PROFILES = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining");
    private static final String RUNNER = "quarkus-run.jar";
    static final String AOT_CACHE = "app.aot";
    /** One training run at a time per service (a second instance of it waits and then finds the cache fresh). */
    private static final Map<Path, Object> TRAINING_LOCKS = new ConcurrentHashMap<>();

    /** The services run on the launcher's own JVM; from Java 25 on it can write and map an AOT cache. */
    public static boolean usesAotCache() {
        return Runtime.version().feature() >= 25;
    }

    static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A cache older than the packaged application belongs to an earlier build: its classes no longer match. */
    static boolean aotCacheIsFresh(Path quarkusApp) {
        try {
            Path cache = quarkusApp.resolve(AOT_CACHE);
            return Files.exists(cache) && !Files.getLastModifiedTime(cache)
                    .toInstant().isBefore(Files.getLastModifiedTime(quarkusApp.resolve(RUNNER)).toInstant());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The training run: the service starts as it will run, with {@code -XX:AOTCacheOutput}, until it is ready;
     * stopped with SIGTERM, the JVM writes what it loaded, linked and profiled into the cache (in a child JVM, some
     * seconds). Once per build and service, before its first start; a training run that fails leaves no cache and
     * the service starts without one.
     */
    private static void trainAotCache(String instance, Path quarkusApp, Map<String, String> env, Path log,
                                      StackLayout.ServiceSpec spec) throws IOException {
        synchronized (TRAINING_LOCKS.computeIfAbsent(quarkusApp, p -> new Object())) {
            if (aotCacheIsFresh(quarkusApp)) {
                return; // another instance of the same service trained it meanwhile
            }
            Files.deleteIfExists(quarkusApp.resolve(AOT_CACHE));
            List<String> options = new ArrayList<>(HEAP_AND_GC);
            options.add("-XX:AOTCacheOutput=" + AOT_CACHE);
            options.addAll(WITHOUT_METHOD_PROFILES);
            ChildProcess training = ChildProcess.start(instance + "-aot-training", command(options, instance), env,
                    quarkusApp, log);
            try {
                HttpProbe.await(instance + " (AOT training run)", Duration.ofMinutes(3),
                        () -> HttpProbe.isOk(readinessUrl(spec)), training::checkAlive);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while training the AOT cache of " + instance, e);
            } finally {
                training.stop(Duration.ofMinutes(3)); // the cache is written on the way out
            }
        }
    }

    public static String readinessUrl(StackLayout.ServiceSpec spec) {
        return spec.url() + "/q/health/ready";
    }
}
