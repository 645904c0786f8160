package io.xiaoneng.systemtests;

import io.xiaoneng.devstack.ChildProcess;
import io.xiaoneng.devstack.QuarkusService;
import io.xiaoneng.devstack.StackLayout;
import io.xiaoneng.devstack.test.BenchMachine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test (tag {@code benchmark}, run by {@code bench/footprint.sh}): each service's time to ready and
 * its resident memory after the first request, JVM mode, as the devstack launcher runs it (same flags: -Xmx256m,
 * serial GC, the AOT cache on Java 25+ or the AppCDS archive before it). The shared stack provides PostgreSQL
 * (already migrated), Kafka and Keycloak; every service is then
 * started once more as a fresh JVM on a free port and timed from process start to the first 200 of
 * {@code /q/health/ready} (database, Kafka and OIDC checks included) and to its first answer on a real endpoint.
 * RSS is read from {@code /proc/<pid>/status} right after that answer. Rounds per service: {@code bench.rounds}.
 */
@Tag("benchmark")
class FootprintBenchmark {

    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final double READY_TARGET_S = 3.0;
    static final long RSS_TARGET_MB = 250;

    record Probe(String module, String database, String firstRequest, boolean needsToken) {}

    static final List<Probe> PROBES = List.of(
            new Probe("approval-service", "approval", "/api/v1/catalog/items?page=0&size=20", false),
            new Probe("complaint-service", "complaint", "/open311/v2/services.json", false),
            new Probe("evaluation-service", "evaluation", "/api/v1/rating-levels", true),
            new Probe("integration-service", "integration", "/api/v1/integration/deliveries", true),
            new Probe("gateway", null, "/api/v1/catalog/items?page=0&size=20", false));

    record Sample(double readyS, double firstResponseS, long rssMb, String quarkusStarted) {}

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void timeToReadyAndMemoryOfEveryService() throws Exception {
        SystemStack.get();
        StackLayout layout = new StackLayout(Path.of("").toAbsolutePath().getParent(),
                Path.of("").toAbsolutePath().resolve("target/footprint"), RunningStack.PORT_OFFSET);
        Files.createDirectories(layout.logDir());
        String token = Tokens.of("admin"); // reads rating levels and the delivery log

        List<String[]> rows = new ArrayList<>();
        List<String> rounds = new ArrayList<>();
        boolean allMet = true;
        for (Probe probe : PROBES) {
            List<Sample> samples = new ArrayList<>();
            for (int r = 1; r <= ROUNDS; r++) {
                Sample s = measure(layout, probe, token, r);
                samples.add(s);
                rounds.add(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %d | %s |", probe.module(), r,
                        s.readyS(), s.firstResponseS(), s.rssMb(), s.quarkusStarted()));
            }
            double ready = BenchMachine.median(samples.stream().mapToDouble(Sample::readyS).toArray());
            double first = BenchMachine.median(samples.stream().mapToDouble(Sample::firstResponseS).toArray());
            double rss = BenchMachine.median(samples.stream().mapToDouble(Sample::rssMb).toArray());
            boolean met = ready < READY_TARGET_S && rss < RSS_TARGET_MB;
            allMet &= met;
            rows.add(new String[] {probe.module(), fmt(ready), fmt(first), String.format(Locale.ROOT, "%.0f", rss), met ? "met" : "not met"});
        }

        StringBuilder sb = new StringBuilder("# Footprint: time to ready and memory per service (JVM mode)\n\n");
        sb.append(BenchEnvironment.describe()).append("\n\n");
        Path approvalApp = layout.projectDir().resolve("approval-service/target/quarkus-app");
        sb.append("Each service started as a fresh JVM (`java ").append(String.join(" ", QuarkusService.jvmOptions(approvalApp)))
                .append(" -jar quarkus-run.jar` in its `quarkus-app`, as `run.sh` runs it on this JVM: ")
                .append(QuarkusService.usesAotCache()
                        ? "Java 25 or newer, so with the AOT cache the stack's first start trained for this build"
                        : "older than Java 25, so with the AppCDS archive of the packaging when there is one")
                .append(") ")
                .append("beside the running stack (PostgreSQL already migrated, Kafka, Keycloak), median of ").append(ROUNDS)
                .append(" starts. *Ready*: process start → first 200 from `/q/health/ready` (database, Kafka and OIDC included), ")
                .append("polled every 20 ms. *First response*: process start → first answer of the endpoint named below. ")
                .append("RSS from `/proc/<pid>/status` right after it. Reference (Quarkus, REST + Hibernate + PostgreSQL, JVM mode, ")
                .append("4 CPUs): about 2.8 s boot + first response, 271 MB RSS.\n\n");
        sb.append("| service | ready s | first response s | RSS MB | target < 3 s and < 250 MB |\n|---|---:|---:|---:|---|\n");
        for (String[] row : rows) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        sb.append(String.format(Locale.ROOT, "%nTarget: every service ready < %.0f s with < %d MB RSS — **%s**.%n%n",
                READY_TARGET_S, RSS_TARGET_MB, allMet ? "met" : "NOT met"));
        sb.append("First requests: ");
        PROBES.forEach(p -> sb.append('`').append(p.module()).append(" GET ").append(p.firstRequest()).append("` "));
        sb.append("\n\n| service | start | ready s | first response s | RSS MB | Quarkus' own \"started in\" |\n|---|---:|---:|---:|---:|---|\n");
        rounds.forEach(r -> sb.append(r).append('\n'));
        BenchEnvironment.write("footprint.md", sb.toString());
        assertThat(rows).hasSize(PROBES.size());
    }

    Sample measure(StackLayout layout, Probe probe, String token, int round) throws Exception {
        int port = freePort();
        var spec = new StackLayout.ServiceSpec(probe.module(), port, probe.database());
        long start = System.nanoTime();
        ChildProcess process = QuarkusService.start(layout, spec, false);
        try {
            String base = "http://127.0.0.1:" + port;
            double ready = -1;
            while (System.nanoTime() - start < Duration.ofMinutes(2).toNanos()) {
                process.checkAlive();
                if (status(base + "/q/health/ready", null) == 200) {
                    ready = (System.nanoTime() - start) / 1e9;
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(ready).as("%s became ready (log %s)", probe.module(), process.log()).isPositive();
            int first = status(base + probe.firstRequest(), probe.needsToken() ? token : null);
            double firstResponse = (System.nanoTime() - start) / 1e9;
            assertThat(first).as("%s %s", probe.module(), probe.firstRequest()).isEqualTo(200);
            long rss = rssMb(process.pid());
            return new Sample(ready, firstResponse, rss, startedIn(process.log()));
        } finally {
            process.stop(Duration.ofSeconds(30));
        }
    }

    int status(String url, String bearer) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1; // not listening yet
        }
    }

    static long rssMb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** Quarkus' own log line "... started in 2.345s." — the framework's view, without JVM start-up. */
    static String startedIn(Path log) {
        try {
            Matcher m = Pattern.compile("started in ([0-9.]+)s").matcher(Files.readString(log));
            String last = "";
            while (m.find()) {
                last = m.group(1) + " s";
            }
            return last;
        } catch (Exception e) {
            return "";
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
