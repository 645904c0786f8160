package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.approval.application.app.SupervisionJob;
import io.xiaoneng.approval.application.app.SupervisionQueries;
import io.xiaoneng.approval.application.app.SupervisionSweep;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.devstack.test.BenchMachine;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test: run by bench/supervision-sweep.sh (excluded from the normal build by its tag).
 *
 * <p>At each size of {@code bench.sizes}, open cases are generated with SQL (generate_series) in the state the
 * previous day's sweep left them (lights computed for {@value #YESTERDAY} with the sweep's own statement), then
 * the real sweep ({@link SupervisionJob#runOnce()}: deemed acceptances, lights, events in the outbox, one
 * transaction) is timed on {@value #DAY1} and on the day after, plus an idle re-run (nothing left to change).
 * The statements are shown with {@code EXPLAIN (ANALYZE, BUFFERS)} (the sweep's inside a rolled-back
 * transaction), and the red list is timed over HTTP and in SQL.
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class SupervisionSweepBenchmark {

    static final int[] SIZES = Arrays.stream(System.getProperty("bench.sizes", "100000,1000000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    static final int REPEATS = 3;
    static final String YESTERDAY = "2026-05-31";  // Sunday: the generated lights are as of this day
    static final String DAY1 = "2026-06-01";       // Monday: the first timed sweep
    static final String DAY2 = "2026-06-02";       // Tuesday: the second

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @Inject
    SupervisionJob job;

    @Inject
    Calendars calendars;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    static final String RED_SELECT = SupervisionQueries.RED_PAGE_SQL + " where " + SupervisionQueries.RED + " "
            + SupervisionQueries.RED_ORDER + " limit 20 offset 0";
    static final String RED_COUNT = "select count(*) from application_light l where " + SupervisionQueries.RED;

    @Test
    void supervisionSweep() throws Exception {
        String startLoad = BenchMachine.loadAverage();
        clock.set("2026-03-02");
        String dept = department();
        String item = item(dept, 10, false);
        StringBuilder sb = new StringBuilder("# Supervision: the daily sweep and the red-case list\n\n");
        sb.append(BenchMachine.inProcess(startLoad)).append("\n\n")
                .append("**Cases** (generated with `generate_series`, one catalog item, one department): 90 % waiting for the decision ")
                .append("(ACCEPTED / UNDER_REVIEW, accepted 0–36 calendar days before ").append(DAY1).append(", committed limit 5, 10, 15 ")
                .append("or 20 working days), 2 % PAUSED (paused 0–8 days ago), 5 % waiting for acceptance (received 26–29 May), ")
                .append("3 % approved and waiting for delivery (decided 0–13 days ago), and 0.01 % whose acceptance limit ran out ")
                .append("(received 22 May: deemed accepted by the sweep). Their light rows are as yesterday's sweep left them ")
                .append("(computed for ").append(YESTERDAY).append(" with the sweep's own statement, untimed).\n\n")
                .append("**Timed:** `SupervisionJob.runOnce()` — the whole sweep in one transaction: advisory lock, deemed acceptances ")
                .append("(bulk: candidates in SQL, locked with SKIP LOCKED, loaded in one query per 1,000, history and events batched), ")
                .append("then one SQL statement recomputing the due day and light of every open case whose light may turn today ")
                .append("(BRIN index on the turning day), writing only the changed rows (by ctid; in place, HOT, unless turning red) and ")
                .append("inserting one `light-changed` event per changed colour into the outbox (payload concatenated in SQL from the light row, ")
                .append("which keeps the event's case data and the key's hash) in the same statement; `work_mem` raised and hash/merge joins ")
                .append("off for the sweep's transaction. The plans below run with the same settings, before the timed runs, rolled back, ")
                .append("and their dead row versions vacuumed away. ")
                .append(DAY1).append(" and ").append(DAY2).append(" are real days of change; between them the table is vacuumed, as ")
                .append("autovacuum does in the day between two sweeps (V56: scale factor 2 %, so a day's changes trigger it); the idle re-run (same day again, nothing to change) ")
                .append("is the median of ").append(REPEATS).append(" and shows the cost of finding that nothing is due.\n\n");
        List<String> rows = new ArrayList<>();
        long largest = 0;
        double slowestDailySweep = Double.NaN;
        StringBuilder plans = new StringBuilder();
        int have = 0;
        for (int size : SIZES) {
            long g0 = System.nanoTime();
            generate(have + 1, size, dept, item);
            double genSeconds = (System.nanoTime() - g0) / 1e9;
            have = size;

            long open = count("select count(*) from application_light where clock <> 'NONE'");
            clock.set(DAY1);
            String sweepPlan = explainSweep(LocalDate.parse(DAY1), false);
            String deemedPlan = explainWith(SupervisionSweep.DEEMED_CANDIDATES_SQL, LocalDate.parse(DAY1));
            // the EXPLAIN's rolled-back row versions are not yesterday's state: away with them, as after generation
            exec("vacuum application_light; vacuum outbox_event");
            SupervisionSweep.Result day1 = job.runOnce();
            assertThat(day1.full()).isFalse();
            double idle1 = timeMs(() -> job.runOnce());
            // A day passes before the next sweep: autovacuum processes the table after a day's changes (V56 sets its
            // scale factor to 2 %, so ~20,000 changed rows of 1,000,000 are enough), and the next day's updates find
            // the free space of their pages again (in-place, HOT). Run here, since the benchmark does not wait a day.
            exec("vacuum application_light; vacuum outbox_event");
            clock.set(DAY2);
            SupervisionSweep.Result day2 = job.runOnce();
            // a change of the calendar: every open case is recomputed (here nothing is left to change)
            exec("delete from supervision_sweep");
            SupervisionSweep.Result full = job.runOnce();
            assertThat(full.full()).isTrue();
            String fullPlan = explainSweep(LocalDate.parse(DAY2), true);
            exec("analyze application_light");
            String fresh = supervisor(); // tokens expire: generating a million cases takes minutes
            double httpMs = timeMs(() -> given().auth().oauth2(fresh).when().get("/api/v1/supervision/red-cases?page=0&size=20")
                    .then().statusCode(200));
            double redSqlMs = timeMs(() -> query(RED_SELECT + ";" + RED_COUNT));
            long red = count(RED_COUNT);
            rows.add(String.format("| %,d | %.1f | %,d | %,d / %,d / %,d | **%.2f** (%d / %d / %d) | %,d / %,d / %,d | **%.2f** (%d / %d / %d) | %.2f | %.2f | %,d | %.1f | %.1f |",
                    size, genSeconds, open,
                    day1.lightsChanged(), day1.dueDaysMoved(), day1.deemedAccepted(), day1.millis() / 1000.0,
                    day1.deemedMillis(), day1.sqlMillis(), day1.outboxMillis(),
                    day2.lightsChanged(), day2.dueDaysMoved(), day2.deemedAccepted(), day2.millis() / 1000.0,
                    day2.deemedMillis(), day2.sqlMillis(), day2.outboxMillis(),
                    idle1 / 1000.0, full.millis() / 1000.0, red, httpMs, redSqlMs));
            plans.append("### ").append(String.format("%,d", size)).append(" open cases\n\n");
            plans.append("Daily light sweep (`SupervisionSweep.lightSweepSql(false)`, as on ").append(DAY1)
                    .append(", in a transaction rolled back afterwards):\n\n```\n").append(sweepPlan).append("```\n\n");
            plans.append("Full light sweep after a calendar change (`lightSweepSql(true)`, on ").append(DAY2)
                    .append(", rolled back):\n\n```\n").append(fullPlan).append("```\n\n");
            plans.append("Deemed-acceptance candidates (`SupervisionSweep.DEEMED_CANDIDATES_SQL`):\n\n```\n").append(deemedPlan).append("```\n\n");
            plans.append("Red-case page (`SupervisionQueries.redCases`, first page of 20):\n\n```\n").append(explain(RED_SELECT)).append("```\n\n");
            plans.append("Red-case total:\n\n```\n").append(explain(RED_COUNT)).append("```\n\n");
            System.out.println(rows.get(rows.size() - 1));
            largest = size;
            slowestDailySweep = Math.max(day1.millis(), day2.millis()) / 1000.0;
        }
        sb.append("| open cases | generation s | open light rows | ").append(DAY1).append(": lights changed / due days moved (paused) / deemed accepted | ")
                .append(DAY1).append(" sweep s (deemed ms / light SQL ms / outbox ms) | ").append(DAY2).append(": changed / moved / deemed | ")
                .append(DAY2).append(" sweep s (deemed / SQL / outbox ms) | idle re-run s | full recompute s (calendar changed) | ")
                .append("RED after | `GET /api/v1/supervision/red-cases` first page ms (HTTP) | red-case SQL (page + count) ms |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach(r -> sb.append(r).append('\n'));
        // One line in the form every benchmark ends with, read by bench/Summary.java for the summary table and chart.
        sb.append(String.format(java.util.Locale.ROOT, "%nTarget: daily sweep over %,d open cases < 5 s — **%s** (%.2f s).%n%n",
                largest, largest >= 1_000_000 && slowestDailySweep < 5 ? "met" : "NOT met", slowestDailySweep));
        sb.append("## Plans (`EXPLAIN (ANALYZE, BUFFERS)`)\n\n").append(plans);
        String out = sb.toString();
        System.out.println(out);
        Path path = Path.of(System.getProperty("bench.out", "../bench/results/supervision-sweep.md"));
        Files.createDirectories(path.getParent());
        Files.writeString(path, out);
    }

    void generate(int from, int to, String dept, String item) throws Exception {
        // g % 10000 = 0: acceptance limit ran out; g % 100 < 90 decision clock, 90–91 paused, 92–96 acceptance, 97–99 delivery
        exec("""
                insert into application (id, tracking_number, verification_hash, item_code, item_version, item_name,
                    committed_limit_days, accept_with_pledge, department_code, composite, applicant_kind, applicant_name,
                    applicant_id_cipher, applicant_id_masked, applicant_phone_cipher, applicant_phone_masked, applicant_account,
                    channel, submitted_by, materials, status, paused_from, submitted_at, received_on, accepted_on, accepted_at, accepted_by,
                    decision_limit_days, review_started_at, decided_on, decided_at, decided_by)
                select gen_random_uuid(), 'XB' || lpad(g::text, 12, '0'), repeat('0', 64), '%2$s', 1, '食品经营许可',
                    x.limit_days, false, '%1$s', false, 'PERSON', '张三丰', 'v1:' || repeat('A', 60), '110***********002X',
                    'v1:' || repeat('B', 52), '138****5678', 'applicant-bench', 'ONLINE', 'applicant-bench',
                    array['申请书']::varchar(300)[], x.status, case when x.status = 'PAUSED' then 'UNDER_REVIEW' end,
                    x.received + time '09:00', x.received, x.accepted, x.accepted + time '10:00',
                    case when x.accepted is not null then 'clerk-bench' end, x.limit_days,
                    case when x.status in ('UNDER_REVIEW', 'PAUSED') then x.accepted + time '11:00' end,
                    x.decided, x.decided + time '15:00', case when x.decided is not null then 'approver-bench' end
                from generate_series(%3$d, %4$d) g,
                lateral (select case when g %% 10000 = 0 then 'SUBMITTED' when g %% 100 < 90 then (case when g %% 2 = 0 then 'UNDER_REVIEW' else 'ACCEPTED' end)
                                     when g %% 100 < 92 then 'PAUSED' when g %% 100 < 97 then 'SUBMITTED' else 'APPROVED' end as status,
                                5 * (1 + (g / 100) %% 4) as limit_days) s,
                lateral (select s.status, s.limit_days,
                                case when g %% 10000 = 0 then date '2026-05-22'
                                     when s.status = 'SUBMITTED' then date '2026-05-26' + (g %% 4)
                                     else date '2026-06-01' - 40 + (g %% 3) end as received,
                                case when s.status = 'SUBMITTED' then null
                                     when s.status = 'PAUSED' then date '2026-06-01' - 30
                                     when s.status = 'APPROVED' then date '2026-06-01' - 38
                                     else date '2026-06-01' - ((g / 7) %% 37) end as accepted,
                                case when s.status = 'APPROVED' then date '2026-06-01' - ((g / 7) %% 14) end as decided) x
                """.formatted(dept, item, from, to));
        exec("""
                insert into application_light (application_id, department_code, tracking_number, item_code, item_version,
                    composite, status, clock, clock_start, allowed_days, paused_days, paused_since, yellow_percent, changed_at)
                select a.id, a.department_code, a.tracking_number, a.item_code, a.item_version, a.composite, a.status,
                    case a.status when 'SUBMITTED' then 'ACCEPTANCE' when 'APPROVED' then 'DELIVERY' else 'DECISION' end,
                    case a.status when 'SUBMITTED' then a.received_on when 'APPROVED' then a.decided_on else a.accepted_on end,
                    case a.status when 'SUBMITTED' then 5 when 'APPROVED' then 10 else a.decision_limit_days end,
                    0, case when a.status = 'PAUSED' then date '2026-06-01' - (n %% 9)::int end, 25, now()
                from (select id, department_code, tracking_number, item_code, item_version, composite, status, received_on,
                             accepted_on, decided_on, decision_limit_days, substring(tracking_number from 3)::bigint as n from application
                      where tracking_number like 'XB%%' and substring(tracking_number from 3)::bigint between %d and %d) a
                """.formatted(from, to));
        // the state yesterday's sweep left: lights and due days as of YESTERDAY (the sweep's own statement; untimed)
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SupervisionSweep.lightSweepSql(true, false))) {
                bindSweep(c, ps, LocalDate.parse(YESTERDAY), true, false);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
            c.commit();
        }
        // ... and its record: the next sweep (DAY1) is a daily one, reading only the cases due to change
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into supervision_sweep (job, swept_on, calendar_fingerprint, started_at, finished_at, full_recompute,
                    lights_changed, due_days_moved, deemed_accepted)
                values ('supervision', date '%s', ?, now(), now(), true, 0, 0, 0)
                on conflict (job) do update set swept_on = excluded.swept_on, calendar_fingerprint = excluded.calendar_fingerprint
                """.formatted(YESTERDAY))) {
            ps.setString(1, SupervisionSweep.arrays(calendars.current(), LocalDate.parse(YESTERDAY)).fingerprint());
            ps.executeUpdate();
        }
        exec("vacuum analyze application; vacuum analyze application_light");
    }

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "xiaoneng.outbox.buckets", defaultValue = "16")
    int buckets;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "xiaoneng.approval.supervision.work-mem", defaultValue = "64MB")
    String workMem;

    void bindSweep(Connection c, PreparedStatement ps, LocalDate day, boolean full, boolean events) throws Exception {
        SupervisionSweep.bindLightSweep(c, ps, full, events, buckets, SupervisionSweep.arrays(calendars.current(), day), day,
                java.time.OffsetDateTime.parse(day + "T00:30:00+08:00").toInstant());
    }

    String explainSweep(LocalDate day, boolean full) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // the sweep's own settings for its transaction: work_mem, and the planner told that few rows are due
            try (PreparedStatement ps = c.prepareStatement("select set_config('work_mem', ?, true)")) {
                ps.setString(1, workMem);
                ps.execute();
            }
            SupervisionSweep.planForFewRows(c, true);
            try (PreparedStatement ps = c.prepareStatement("explain (analyze, buffers, wal) " + SupervisionSweep.lightSweepSql(full, true))) {
                bindSweep(c, ps, day, full, true);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append('\n');
                    }
                }
            } finally {
                c.rollback();
            }
        }
        return sb.toString();
    }

    String explainWith(String sql, LocalDate day) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("explain (analyze, buffers) " + sql)) {
                SupervisionSweep.bindCalendar(c, ps, SupervisionSweep.arrays(calendars.current(), day), day);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append('\n');
                    }
                }
            } finally {
                c.rollback();
            }
        }
        return sb.toString();
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
            for (String one : sql.split("; ")) {
                s.execute(one);
            }
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
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
