package io.xiaoneng.approval.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.BenchMachine;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.xiaoneng.approval.application.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test: run by bench/submissions.sh (excluded from the normal build by its tag). Filings per
 * second through {@code POST /api/v1/applications} (HTTP, validation, PII encryption, application + history +
 * light + outbox rows in one transaction) with {@code bench.threads} concurrent clients, against a plain JDBC
 * ceiling on the same PostgreSQL in the same run: the same number of threads, each request one single-row INSERT
 * + commit into {@code bench_insert} (created {@code like application including all}: same columns, defaults,
 * checks and indexes, no foreign keys).
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class SubmissionThroughputBenchmark {

    static final int SUBMISSIONS = Integer.getInteger("bench.submissions", 3000);
    static final int THREADS = Integer.getInteger("bench.threads", 8);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /*
     * 8,000 filings of each kind before measuring: a profile (async-profiler) of a run with 1,500 showed the C2
     * compiler threads still taking a third of the CPU during the measured rounds; at 8,000 the service path had
     * settled (~2.6 ms of CPU per filing) and its throughput doubled.
     */
    static final int WARMUP = Integer.getInteger("bench.warmup", 8000);

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @TestHTTPResource("/api/v1/applications")
    URL applications;

    /*
     * HTTP/1.1, one keep-alive connection per client thread, as browsers, the gateway and the provincial systems
     * call the service. The JDK client's default (HTTP/2 over cleartext by upgrade) multiplexes every thread onto a
     * single connection, and the measured throughput was then that connection's, not the service's: one request in
     * the service at a time, eight client threads waiting.
     */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void submissionsAgainstAPlainJdbcInsert() throws Exception {
        String startLoad = BenchMachine.loadAverage();
        clock.set("2026-03-02");
        String dept = department();
        String item = item(dept, 10, false);
        String bearer = applicant("applicant-bench");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_insert");
            s.execute("create table bench_insert (like application including all)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            jdbc(pool, WARMUP); // warm-up: JIT, connection pools, PostgreSQL caches
            http(pool, WARMUP, bearer, item);
            List<double[]> rounds = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                double plain = jdbc(pool, SUBMISSIONS);
                double viaHttp = http(pool, SUBMISSIONS, bearer, item);
                rounds.add(new double[] {plain, viaHttp});
            }
            double plain = BenchMachine.median(rounds.stream().mapToDouble(x -> x[0]).toArray());
            double viaHttp = BenchMachine.median(rounds.stream().mapToDouble(x -> x[1]).toArray());
            String table = report(plain, viaHttp, rounds, outboxRowsPerFiling(), startLoad);
            System.out.println(table);
            Path out = Path.of(System.getProperty("bench.out", "../bench/results/submissions.md"));
            Files.createDirectories(out.getParent());
            Files.writeString(out, table);
            assertThat(viaHttp).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Filings/s through the API; every answer must be 201. */
    double http(ExecutorService pool, int n, String bearer, String item) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(json.writeValueAsBytes(body(item, person(personId()))));
        }
        URI uri = applications.toURI();
        return run(pool, n, () -> {
            int i;
            while ((i = next.getAndIncrement()) < n) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    throw new IllegalStateException(r.statusCode() + ": " + r.body());
                }
            }
            return null;
        });
    }

    /** Single-row INSERT + commit per request, one connection per thread from the same Agroal pool. */
    double jdbc(ExecutorService pool, int n) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return run(pool, n, () -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into bench_insert (id, tracking_number, verification_hash, item_code, item_version, item_name,
                            committed_limit_days, accept_with_pledge, department_code, composite, applicant_kind, applicant_name,
                            applicant_id_cipher, applicant_id_masked, applicant_phone_cipher, applicant_phone_masked, applicant_account,
                            channel, submitted_by, materials, status, submitted_at, received_on)
                        values (?, ?, ?, 'ITEM-BENCH', 1, '食品经营许可', 10, false, 'dep-bench', false, 'PERSON', '张三丰',
                            ?, '110***********002X', ?, '138****5678', 'applicant-bench', 'ONLINE', 'applicant-bench',
                            array['申请书']::varchar(300)[], 'SUBMITTED', ?, ?)""")) {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        UUID id = UUID.randomUUID();
                        ps.setObject(1, id);
                        ps.setString(2, "XB" + id.toString().replace("-", "").substring(0, 24));
                        ps.setString(3, "0".repeat(64));
                        ps.setString(4, "v1:" + "A".repeat(60)); // length of an AES-GCM cipher of an ID number in base64
                        ps.setString(5, "v1:" + "B".repeat(52));
                        ps.setTimestamp(6, new Timestamp(System.currentTimeMillis()));
                        ps.setObject(7, LocalDate.of(2026, 3, 2));
                        ps.executeUpdate();
                        c.commit();
                    }
                }
            }
            return null;
        });
    }

    double run(ExecutorService pool, int n, java.util.concurrent.Callable<Void> worker) throws Exception {
        long start = System.nanoTime();
        List<Future<Void>> fs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            fs.add(pool.submit(worker));
        }
        for (Future<Void> f : fs) {
            f.get();
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** What one filing writes, to show the outbox row is part of it. */
    String outboxRowsPerFiling() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("select (select count(*) from application), (select count(*) from application_history),"
                     + " (select count(*) from application_light), (select count(*) from outbox_event)")) {
            rs.next();
            return String.format("After the run: %d applications, %d history rows, %d light rows, %d outbox rows still in the table "
                    + "(the relay runs alongside and deletes what it published).", rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        } catch (java.sql.SQLException e) {
            return "(row counts unavailable: " + e.getMessage() + ")";
        }
    }

    static String report(double plain, double viaHttp, List<double[]> rounds, String rows, String startLoad) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Application submissions\n\n");
        sb.append(BenchMachine.inProcess(startLoad)).append(' ').append(THREADS).append(" client threads, ").append(SUBMISSIONS)
                .append(" submissions per round after ").append(WARMUP).append(" warm-up ones of each kind, median of ")
                .append(rounds.size()).append(" rounds.\n\n");
        sb.append("| path | submissions/s | ratio to plain JDBC |\n|---|---:|---:|\n");
        sb.append(String.format("| plain JDBC: one single-row INSERT + commit per request into `bench_insert` (`like application including all`: same columns, defaults, checks, PK/unique index; no FKs, no other table) | %.0f | 1.00 |%n", plain));
        sb.append(String.format("| `POST /api/v1/applications` over HTTP (JWT, validation, PII encryption, tracking sequence; application + history + light + outbox rows in one transaction) | %.0f | %.2f |%n", viaHttp, viaHttp / plain));
        sb.append(String.format("%nTarget: submissions ≥ 0.5 × plain JDBC insert — **%s** (%.2f).%n%n", viaHttp / plain >= 0.5 ? "met" : "NOT met", viaHttp / plain));
        sb.append(rows).append("\n\n");
        sb.append("| round | plain JDBC/s | HTTP submissions/s |\n|---:|---:|---:|\n");
        for (int i = 0; i < rounds.size(); i++) {
            sb.append(String.format("| %d | %.0f | %.0f |%n", i + 1, rounds.get(i)[0], rounds.get(i)[1]));
        }
        return sb.toString();
    }
}
