package io.xiaoneng.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The run command: PostgreSQL, Kafka, Keycloak and the four applications, with demo data, until Ctrl-C or
 * SIGTERM. Usage: {@code DevStack [--fresh] [--port-offset N] [--data-dir DIR] [--project-dir DIR]}.
 */
public final class DevStack {

    /** Printed once everything answers; scripts and the system tests wait for it. */
    public static final String READY_LINE = "XIAONENG STACK READY";

    private final StackLayout layout;
    private final Progress progress = new Progress(System.out);
    private final List<ChildProcess> children = Collections.synchronizedList(new ArrayList<>());
    private volatile PostgresServer postgres;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    DevStack(StackLayout layout) {
        this.layout = layout;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("devstack: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(64);
            return;
        }
        DevStack stack = new DevStack(new StackLayout(options.projectDir, options.dataDir, options.portOffset));
        System.exit(stack.run(options.fresh));
    }

    int run(boolean fresh) {
        // Infrastructure libraries log through log4j2 (src/main/resources/log4j2.xml) into this directory.
        System.setProperty("devstack.logDir", layout.logDir().toString());
        if (!preflight()) {
            return 2;
        }
        Thread hook = new Thread(this::stopAll, "devstack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        try {
            if (fresh) {
                progress.info("Starting fresh: deleting " + layout.dataDir());
                deleteData();
            }
            Files.createDirectories(layout.logDir());
            progress.info("Xiaoneng devstack — data in " + layout.dataDir() + ", logs in " + layout.logDir());

            ChildProcess keycloak = timed("keycloak", "Keycloak 26.5 dev mode, realm " + StackLayout.REALM,
                    () -> KeycloakServer.start(layout));
            CompletableFuture<Void> keycloakReady = CompletableFuture.runAsync(() -> awaitReady(keycloak,
                    "keycloak", KeycloakServer.readinessUrl(layout), Duration.ofMinutes(5), layout.keycloakUrl()));

            long t = System.nanoTime();
            progress.starting("postgresql", "PostgreSQL 17, databases " + StackLayout.DATABASES);
            postgres = PostgresServer.start(layout.postgresPort(), layout.dataDir().resolve("postgres"),
                    layout.dataDir().resolve("postgres-binaries"), StackLayout.DATABASES,
                    PostgresServer.Commits.DURABLE); // as in production: what a service acknowledged is on disk
            progress.ready("postgresql", since(t), "127.0.0.1:" + layout.postgresPort());

            t = System.nanoTime();
            KafkaBroker kafka = new KafkaBroker(layout.dataDir().resolve("kafka"), layout.kafkaPort(),
                    layout.kafkaControllerPort(), layout.logDir().resolve("kafka.log"));
            timed("kafka", "Apache Kafka 4.1 KRaft broker", kafka::start);
            kafka.awaitReady(Duration.ofMinutes(2));
            progress.ready("kafka", since(t), layout.kafkaBootstrap());

            List<CompletableFuture<Void>> services = new ArrayList<>();
            for (StackLayout.ServiceSpec spec : layout.services()) {
                ChildProcess service = timed(spec.module(), "port " + spec.port(), () -> QuarkusService.start(layout, spec, true));
                services.add(CompletableFuture.runAsync(() -> awaitReady(service, spec.module(),
                        QuarkusService.readinessUrl(spec), Duration.ofMinutes(3), spec.url())));
            }
            keycloakReady.join();
            services.forEach(CompletableFuture::join);
            banner(since(started));
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("\ndevstack: start-up failed: " + cause.getMessage());
            System.err.println("Logs are in " + layout.logDir());
            return 1;
        }
        watchChildren();
        return 0;
    }

    /** Clear messages instead of stack traces for the usual mistakes: a port in use, a missing build. */
    private boolean preflight() {
        List<String> problems = new ArrayList<>();
        Ports.of(layout).forEach((component, port) -> {
            if (!Ports.isFree(port)) {
                problems.add("port " + port + " (" + component + ") is already in use — stop whatever listens there"
                        + " (`ss -ltnp 'sport = :" + port + "'`) or start with --port-offset N");
            }
        });
        Map<String, Integer> ports = Ports.of(layout);
        Ports.ephemeralRange().ifPresent(range -> {
            Map<String, Integer> risky = Ports.inEphemeralRange(ports, range);
            if (!risky.isEmpty()) {
                int highestDefault = ports.values().stream().mapToInt(Integer::intValue).max().orElseThrow() - layout.portOffset();
                System.err.printf("devstack: warning: ports %s lie in this machine's range for outgoing connections (%d–%d):"
                                + " one of them can be taken by a connection before its component binds it, and the start"
                                + " then fails. A --port-offset of at most %d keeps the stack below that range.%n",
                        risky.values(), range[0], range[1], Math.max(0, range[0] - 1 - highestDefault));
            }
        });
        for (StackLayout.ServiceSpec spec : layout.services()) {
            if (!Files.exists(QuarkusService.runner(layout, spec))) {
                problems.add(spec.module() + " is not built — run ./mvnw -DskipTests package (or ./run.sh, which builds)");
            }
        }
        if (!Files.exists(KeycloakServer.distributionZip(layout))) {
            problems.add("the Keycloak distribution is missing — run ./mvnw -DskipTests package");
        }
        if (!Files.exists(layout.projectDir().resolve("keycloak").resolve(KeycloakServer.REALM_FILE))) {
            problems.add("keycloak/" + KeycloakServer.REALM_FILE + " not found under " + layout.projectDir());
        }
        problems.forEach(p -> System.err.println("devstack: " + p));
        return problems.isEmpty();
    }

    private void awaitReady(ChildProcess process, String name, String url, Duration timeout, String where) {
        long t = System.nanoTime();
        try {
            HttpProbe.await(name, timeout, () -> HttpProbe.isOk(url), process::checkAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted");
        }
        progress.ready(name, since(t), where);
    }

    private interface Starter {
        ChildProcess start() throws Exception;
    }

    private ChildProcess timed(String name, String detail, Starter starter) throws Exception {
        progress.starting(name, detail);
        ChildProcess child = starter.start();
        children.add(child);
        return child;
    }

    private void banner(Duration took) {
        String gw = layout.gatewayUrl();
        progress.info(String.format("""

                Xiaoneng is running (started in %.1f s). Ctrl-C stops everything.

                  Gateway (single entry)  %s/api/v1/…
                  Swagger UI              %s/q/swagger-ui   (approval; complaint, evaluation, integration on ports %d, %d, %d)
                  Keycloak                %s   (admin console: admin / admin, realm %s)
                  PostgreSQL              127.0.0.1:%d  databases %s  user %s / %s
                  Kafka                   %s
                  Logs                    %s

                  Demo accounts (password "demo"): applicant-a, applicant-b, clerk-market, approver-market,
                  head-market, clerk-housing, approver-housing, head-housing, supervisor, evaluator, admin

                  Get a token:  curl -s -d grant_type=password -d client_id=xiaoneng-web -d username=head-market \\
                                -d password=demo %s/realms/%s/protocol/openid-connect/token
                """, took.toMillis() / 1000.0, gw, layout.services().get(0).url(), layout.services().get(1).port(),
                layout.services().get(2).port(), layout.services().get(3).port(), layout.keycloakUrl(),
                StackLayout.REALM, layout.postgresPort(), StackLayout.DATABASES, StackLayout.DB_USER,
                StackLayout.DB_PASSWORD, layout.kafkaBootstrap(), layout.logDir(), layout.keycloakUrl(), StackLayout.REALM));
        progress.info(READY_LINE + " " + gw);
    }

    /** Runs until stopped; a component that dies is reported with its log instead of failing silently. */
    private void watchChildren() {
        List<String> reported = new ArrayList<>();
        try {
            while (!stopped.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
                if (stopping) {
                    continue;
                }
                for (ChildProcess child : List.copyOf(children)) {
                    if (!child.isAlive() && !reported.contains(child.name())) {
                        reported.add(child.name());
                        System.err.println("devstack: " + child.name() + " stopped unexpectedly; see " + child.log());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Applications first, then Keycloak and Kafka, PostgreSQL last: nothing loses its database mid-request. */
    private void stopAll() {
        stopping = true;
        List<ChildProcess> reverse = new ArrayList<>(children);
        Collections.reverse(reverse);
        List<CompletableFuture<Void>> apps = new ArrayList<>();
        for (ChildProcess child : reverse) {
            if (!child.name().equals("kafka") && !child.name().equals("keycloak")) {
                progress.stopping(child.name());
                apps.add(CompletableFuture.runAsync(() -> child.stop(Duration.ofSeconds(20))));
            }
        }
        apps.forEach(CompletableFuture::join);
        for (ChildProcess child : reverse) {
            if (child.name().equals("kafka") || child.name().equals("keycloak")) {
                progress.stopping(child.name());
                child.stop(Duration.ofSeconds(30));
            }
        }
        if (postgres != null) {
            progress.stopping("postgresql");
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("devstack: PostgreSQL stop: " + e.getMessage());
            }
        }
        Map<String, Integer> stillBound = new java.util.LinkedHashMap<>();
        Ports.of(layout).forEach((c, p) -> { if (!Ports.isFree(p)) stillBound.put(c, p); });
        progress.info(stillBound.isEmpty() ? "Stopped. No process or port left behind." : "Ports still bound: " + stillBound);
        stopped.countDown();
    }

    private void deleteData() throws java.io.IOException {
        // The unpacked Keycloak distribution is kept (it is not data); its database is not.
        for (String part : List.of("postgres", "kafka", "keycloak/data/h2", "keycloak/data/.realm-sha256", "logs")) {
            Path p = layout.dataDir().resolve(part);
            if (Files.isDirectory(p)) {
                Directories.deleteTree(p);
            } else {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    record Options(boolean fresh, int portOffset, Path dataDir, Path projectDir) {
        static final String USAGE = "usage: run.sh [--fresh] [--port-offset N] [--data-dir DIR]";

        static Options parse(String[] args) {
            boolean fresh = false;
            int offset = 0;
            Path projectDir = Path.of("").toAbsolutePath();
            Path dataDir = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--fresh" -> fresh = true;
                    case "--port-offset" -> offset = Integer.parseInt(value(args, ++i, "--port-offset"));
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir")).toAbsolutePath();
                    case "--project-dir" -> projectDir = Path.of(value(args, ++i, "--project-dir")).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (offset < 0 || offset > 50000) {
                throw new IllegalArgumentException("--port-offset must be between 0 and 50000");
            }
            return new Options(fresh, offset, dataDir != null ? dataDir : projectDir.resolve(".devstack"), projectDir);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
