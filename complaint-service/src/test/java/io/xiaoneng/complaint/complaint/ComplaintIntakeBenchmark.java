package io.xiaoneng.complaint.complaint;

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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test: run by bench/complaint-intake.sh (excluded from the normal build by its tag). Complaints per
 * second through {@code POST /api/v1/complaints} (HTTP, JWT, validation, phone parsing, AES-GCM encryption of name,
 * phone and contact, reference sequence, tracking code + SHA-256; complaint row with its funnel delta (trigger),
 * audit record and outbox event in one transaction) by the intake staff ({@code HOTLINE_12345}, a named complainant),
 * with {@code bench.threads} concurrent clients, against a plain JDBC ceiling on the same PostgreSQL in the same run:
 * the same number of threads, each request one single-row INSERT + commit into {@code bench_insert} (created
 * {@code like complaint including all}: same columns, defaults, checks and indexes; no foreign keys, no trigger).
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class ComplaintIntakeBenchmark {

    static final int COMPLAINTS = Integer.getInteger("bench.complaints", 2000);
    static final int THREADS = Integer.getInteger("bench.threads", 8);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int WARMUP = Integer.getInteger("bench.warmup", 300);

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @TestHTTPResource("/api/v1/complaints")
    URL complaints;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void intakeAgainstAPlainJdbcInsert() throws Exception {
        clock.set("2026-03-02");
        String startLoad = BenchMachine.loadAverage();
        String dept = department();
        String bearer = intake();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_insert");
            s.execute("create table bench_insert (like complaint including all)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            jdbc(pool, WARMUP, dept); // warm-up: JIT, connection pools, PostgreSQL caches
            http(pool, WARMUP, bearer, dept);
            List<double[]> rounds = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                double plain = jdbc(pool, COMPLAINTS, dept);
                double viaHttp = http(pool, COMPLAINTS, bearer, dept);
                rounds.add(new double[] {plain, viaHttp});
            }
            double plain = BenchMachine.median(rounds.stream().mapToDouble(x -> x[0]).toArray());
            double viaHttp = BenchMachine.median(rounds.stream().mapToDouble(x -> x[1]).toArray());
            String table = report(plain, viaHttp, rounds, rowsWritten(), startLoad);
            System.out.println(table);
            Path out = Path.of(System.getProperty("bench.out", "../bench/results/complaint-intake.md"));
            Files.createDirectories(out.getParent());
            Files.writeString(out, table);
            assertThat(viaHttp).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Complaints/s through the API; every answer must be 201. */
    double http(ExecutorService pool, int n, String bearer, String dept) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(json.writeValueAsBytes(hotline(dept, "欧阳" + i, String.format("138%08d", i))));
        }
        URI uri = complaints.toURI();
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
    double jdbc(ExecutorService pool, int n, String dept) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return run(pool, n, () -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into bench_insert (id, reference, tracking_hash, channel, category_code, description,
                            target_department, anonymous, complainant_name, complainant_phone, complainant_contact, status,
                            received_at, step_due_on, step_started_at, updated_at)
                        values (?, ?, ?, 'HOTLINE_12345', 'attitude', '窗口工作人员态度生硬，多次刁难。', ?, false, ?, ?, ?,
                            'RECEIVED', ?, ?, ?, ?)""")) {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        UUID id = UUID.randomUUID();
                        Timestamp now = new Timestamp(System.currentTimeMillis());
                        ps.setObject(1, id);
                        ps.setString(2, "TB" + id.toString().replace("-", "").substring(0, 18));
                        ps.setString(3, (id.toString().replace("-", "") + id.toString().replace("-", "")));
                        ps.setString(4, dept);
                        // lengths of the AES-GCM ciphers (v1: + base64) of a name, a phone and an address
                        ps.setString(5, "v1:" + "A".repeat(48));
                        ps.setString(6, "v1:" + "B".repeat(56));
                        ps.setString(7, "v1:" + "C".repeat(80));
                        ps.setTimestamp(8, now);
                        ps.setObject(9, LocalDate.of(2026, 3, 3));
                        ps.setTimestamp(10, now);
                        ps.setTimestamp(11, now);
                        ps.executeUpdate();
                        c.commit();
                    }
                }
            }
            return null;
        });
    }

    double run(ExecutorService pool, int n, Callable<Void> worker) throws Exception {
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

    /** What the intake wrote, to show audit, funnel delta and outbox rows are part of it. */
    String rowsWritten() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("select (select count(*) from complaint where channel = 'HOTLINE_12345'),"
                     + " (select count(*) from audit_record where aggregate_type = 'complaint' and action = 'receive'),"
                     + " (select count(*) from complaint_funnel_delta), (select count(*) from outbox_event)")) {
            rs.next();
            return String.format("After the run: %d hotline complaints, %d receipt audit records, %d funnel delta rows (not compacted "
                    + "in tests), %d outbox rows still in the table (the relay runs alongside and deletes what it published).",
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        } catch (java.sql.SQLException e) {
            return "(row counts unavailable: " + e.getMessage() + ")";
        }
    }

    static String report(double plain, double viaHttp, List<double[]> rounds, String rows, String startLoad) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Complaint intake\n\n");
        sb.append(BenchMachine.inProcess(startLoad)).append(' ').append(THREADS).append(" client threads, ").append(COMPLAINTS)
                .append(" complaints per round after ").append(WARMUP).append(" warm-up ones of each kind, median of ")
                .append(rounds.size()).append(" rounds.\n\n");
        sb.append("| path | complaints/s | ratio to plain JDBC |\n|---|---:|---:|\n");
        sb.append(String.format("| plain JDBC: one single-row INSERT + commit per request into `bench_insert` (`like complaint including all`: same columns, defaults, checks, PK/unique indexes; no FKs, no trigger, no other table) | %.0f | 1.00 |%n", plain));
        sb.append(String.format("| `POST /api/v1/complaints` over HTTP (intake clerk, `HOTLINE_12345`, named complainant: JWT, validation, phone parsing, AES-GCM of name/phone/contact, reference sequence, tracking code + SHA-256; complaint row + funnel delta (trigger) + audit record + outbox event in one transaction) | %.0f | %.2f |%n", viaHttp, viaHttp / plain));
        sb.append(String.format("%nRatio: intake = %.2f × the plain single-row insert ceiling.%n%n", viaHttp / plain));
        sb.append(rows).append("\n\n");
        sb.append("| round | plain JDBC/s | HTTP complaints/s |\n|---:|---:|---:|\n");
        for (int i = 0; i < rounds.size(); i++) {
            sb.append(String.format("| %d | %.0f | %.0f |%n", i + 1, rounds.get(i)[0], rounds.get(i)[1]));
        }
        return sb.toString();
    }
}
