package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.approval.application.app.SupervisionJob;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test: run by bench/supervision-sweep.sh (excluded from the normal build by its tag). Open
 * cases generated with SQL (generate_series) up to each size of {@code bench.sizes}; at each size the red-case
 * list (HTTP first page, and its SQL under EXPLAIN ANALYZE) and the sweep's selection query (SupervisionJob's
 * batch query) are timed; at the first size the whole job ({@link SupervisionJob#runOnce()}) is run and timed.
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class SupervisionSweepBenchmark {

    static final int[] SIZES = Arrays.stream(System.getProperty("bench.sizes", "10000,100000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    static final int REPEATS = 5;
    static final String TODAY = "2026-06-01";      // Monday: the clock of the run
    static final String YESTERDAY = "2026-05-31";  // every generated light was last checked then

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @Inject
    SupervisionJob job;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    static final String RED_SELECT = """
            select a.id, a.tracking_number, a.department_code, a.item_code, a.item_name, a.status, l.clock, l.due_on,
                   coalesce(l.overdue_days, 0), l.changed_at
            from application_light l join application a on a.id = l.application_id where l.light = 'RED'
            order by l.overdue_days desc nulls last, l.due_on, a.id limit 20 offset 0""";
    static final String RED_COUNT = "select count(*) from application_light l where l.light = 'RED'";
    static final String SWEEP_BATCH = """
            select a.id from application a
            left join application_light l on l.application_id = a.id
            where a.status not in ('NOT_ACCEPTED', 'COMPLETED', 'WITHDRAWN')
              and (l.checked_on is null or l.checked_on <> date '%s')
            order by a.id
            limit 100
            for update of a skip locked""".formatted(TODAY);

    @Test
    void supervisionQueriesAndSweep() throws Exception {
        clock.set("2026-03-02");
        String dept = department();
        String item = item(dept, 10, false);
        String bearer = supervisor();
        StringBuilder sb = new StringBuilder("# Supervision: red-case list and sweep\n\n");
        sb.append(BenchMachine.describe()).append(" Cases generated with `generate_series` (status ACCEPTED / UNDER_REVIEW, ")
                .append("accepted between 2 Mar and 30 Apr 2026, committed limit 10 working days, one catalog item, one department; ")
                .append("an `application_light` row each, 10 % RED, last checked ").append(YESTERDAY).append("); clock of the run ")
                .append(TODAY).append(". Times are medians of ").append(REPEATS).append(" runs.\n\n");
        List<String> rows = new ArrayList<>();
        StringBuilder plans = new StringBuilder();
        String jobLine = null;
        int have = 0;
        clock.set(TODAY);
        for (int size : SIZES) {
            long g0 = System.nanoTime();
            generate(have + 1, size, dept, item);
            double genSeconds = (System.nanoTime() - g0) / 1e9;
            have = size;
            double httpMs = timeMs(() -> given().auth().oauth2(bearer).when().get("/api/v1/supervision/red-cases?page=0&size=20")
                    .then().statusCode(200));
            double redSqlMs = timeMs(() -> query(RED_SELECT + ";" + RED_COUNT));
            double batchMs = timeMs(() -> inTx(SWEEP_BATCH));
            // Mid-sweep: the job checks cases in id order, so half-way the first half (by id) is checked today and
            // every batch query has to pass them first. Per-batch cost grows linearly over a run, so the mid-sweep
            // cost × number of batches estimates what the selection queries alone take for the whole sweep.
            exec("update application_light set checked_on = date '" + TODAY + "' where application_id in "
                    + "(select id from application order by id limit " + size / 2 + ")");
            double midMs = timeMs(() -> inTx(SWEEP_BATCH));
            String midPlan = explain(SWEEP_BATCH);
            exec("update application_light set checked_on = date '" + YESTERDAY + "'");
            rows.add(String.format("| %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |", size, genSeconds, httpMs, redSqlMs, batchMs,
                    midMs, midMs * (size / 100.0) / 1000));
            plans.append("### ").append(String.format("%,d", size)).append(" open cases\n\n");
            plans.append("Red-case page (`SupervisionQueries.redCases`, first page of 20):\n\n```\n").append(explain(RED_SELECT)).append("```\n\n");
            plans.append("Red-case total:\n\n```\n").append(explain(RED_COUNT)).append("```\n\n");
            plans.append("Sweep batch (`SupervisionJob.batch`, 100 cases), first batch:\n\n```\n").append(explain(SWEEP_BATCH)).append("```\n\n");
            plans.append("Sweep batch, mid-sweep (first half of the cases by id already checked today):\n\n```\n").append(midPlan).append("```\n\n");
            if (jobLine == null) {
                long j0 = System.nanoTime();
                int done = job.runOnce();
                double jobSeconds = (System.nanoTime() - j0) / 1e9;
                assertThat(done).isGreaterThanOrEqualTo(size);
                double perThousand = jobSeconds / done * 1000;
                jobLine = String.format("`SupervisionJob.runOnce()` over %,d open cases (batches of 100, each case loaded as an entity and its "
                        + "light recomputed in Java, one transaction per batch): **%.1f s**, i.e. **%.2f s per 1,000 cases**; linear "
                        + "extrapolation to 1,000,000 cases: **%.0f s (%.1f min)** — on top of the job's own "
                        + "selection queries, which each pass the cases already checked (next table, last column).", done, jobSeconds, perThousand,
                        perThousand * 1000, perThousand * 1000 / 60);
                // Back to "checked yesterday" so the query measurements below see the same state at every size.
                exec("update application_light set checked_on = date '" + YESTERDAY + "'");
            }
        }
        sb.append(jobLine).append("\n\n");
        sb.append("| open cases | generation s | `GET /api/v1/supervision/red-cases` first page ms (HTTP) | red-case SQL (page + count) ms | sweep batch query ms, first batch | sweep batch query ms, mid-sweep | selection queries of a whole sweep ≈ mid-sweep × cases/100, s |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach(r -> sb.append(r).append('\n'));
        sb.append("\nTarget: the sweep over 1,000,000 open cases < 5 s. Estimate of a whole sweep = the job's Java recomputation (job line above, per 1,000 cases × 1,000) + the selection queries (last column).\n\n");
        sb.append("## Plans (`EXPLAIN (ANALYZE, BUFFERS)`)\n\n").append(plans);
        String out = sb.toString();
        System.out.println(out);
        Path path = Path.of(System.getProperty("bench.out", "../bench/results/supervision-sweep.md"));
        Files.createDirectories(path.getParent());
        Files.writeString(path, out);
    }

    void generate(int from, int to, String dept, String item) throws Exception {
        exec("""
                insert into application (id, tracking_number, verification_hash, item_code, item_version, item_name,
                    committed_limit_days, accept_with_pledge, department_code, composite, applicant_kind, applicant_name,
                    applicant_id_cipher, applicant_id_masked, applicant_phone_cipher, applicant_phone_masked, applicant_account,
                    channel, submitted_by, materials, status, submitted_at, received_on, accepted_on, accepted_at, accepted_by,
                    decision_limit_days, review_started_at)
                select gen_random_uuid(), 'XB' || lpad(g::text, 12, '0'), repeat('0', 64), '%2$s', 1, '食品经营许可',
                    10, false, '%1$s', false, 'PERSON', '张三丰', 'v1:' || repeat('A', 60), '110***********002X',
                    'v1:' || repeat('B', 52), '138****5678', 'applicant-bench', 'ONLINE', 'applicant-bench',
                    array['申请书']::varchar(300)[], case when g %% 2 = 0 then 'UNDER_REVIEW' else 'ACCEPTED' end,
                    d + time '09:00', d, d, d + time '10:00', 'clerk-bench', 10,
                    case when g %% 2 = 0 then d + time '11:00' end
                from generate_series(%3$d, %4$d) g, lateral (select date '2026-03-02' + (g %% 60) as d) x
                """.formatted(dept, item, from, to));
        exec("""
                insert into application_light (application_id, department_code, clock, light, due_on, remaining_days, overdue_days,
                    checked_on, changed_at)
                select a.id, a.department_code, 'DECISION',
                    case when n %% 10 = 0 then 'RED' when n %% 10 = 1 then 'YELLOW' else 'GREEN' end,
                    a.accepted_on + 14, case when n %% 10 = 0 then 0 else n %% 10 end, case when n %% 10 = 0 then n %% 30 + 1 else 0 end,
                    date '%s', now()
                from (select id, department_code, accepted_on, substring(tracking_number from 3)::int as n from application
                      where tracking_number like 'XB%%' and substring(tracking_number from 3)::int between %d and %d) a
                """.formatted(YESTERDAY, from, to));
        exec("analyze application; analyze application_light");
    }

    interface Action {
        void run() throws Exception;
    }

    static double timeMs(Action a) throws Exception {
        a.run(); // warm
        double[] ms = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long t0 = System.nanoTime();
            a.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return BenchMachine.median(ms);
    }

    void exec(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    void query(String sqls) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : sqls.split(";")) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        }
    }

    /** The batch query in a transaction that is rolled back, like the job's (which holds the locks until commit). */
    void inTx(String sql) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            } finally {
                c.rollback();
            }
        }
    }

    String explain(String sql) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("explain (analyze, buffers) " + sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sb.append(rs.getString(1)).append('\n');
                }
            } finally {
                c.rollback();
            }
        }
        return sb.toString();
    }
}
