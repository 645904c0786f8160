package io.xiaoneng.complaint.complaint;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.complaint.app.Statistics;
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
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test: run by bench/complaint-funnel.sh (excluded from the normal build by its tag).
 *
 * <p>Complaints are generated with SQL ({@code generate_series}) up to each of {@code bench.sizes}, received over the
 * two years before {@value #TODAY}, in a realistic mix: eight channels (hotline most), 30 departments with a skewed
 * share, six categories, states by age (most old cases closed, recent ones spread over the steps), step times of
 * hours to days, 2 % merged duplicates, 85 % of ratings satisfied. Their funnel deltas are written set-based (see
 * {@link #GENERATED_DELTAS}); the compaction is timed. The day's pending deltas go through the real trigger. Then, for the default period (the last
 * 365 days): the old aggregate over {@code complaint} (the baseline), the rollup per dimension, the rollup with a
 * day's worth of uncompacted deltas, a department-scoped funnel, and the HTTP endpoints; {@code EXPLAIN (ANALYZE,
 * BUFFERS)} of each statement at the largest size.
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class ComplaintFunnelBenchmark {

    static final int[] SIZES = Arrays.stream(System.getProperty("bench.sizes", "10000,100000,1000000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    static final int REPEATS = 5;
    static final String TODAY = "2026-06-01";
    static final int PENDING_DELTAS_CASES = 5000; // cases moved since the last compaction (a busy day's transitions)

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @Inject
    Statistics statistics;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    /** Complaints numbered from the first to the second parameter (inclusive), deterministic per number (hash-based "random"). */
    static final String GENERATE = """
            insert into complaint (id, reference, tracking_hash, channel, category_code, description, target_department,
                anonymous, status, handling_department, referred_to, overdue_steps, finding, satisfied, received_at, accepted_at,
                first_dispatched_at, dispatched_at, handled_at, replied_at, rated_at, closed_at, step_due_on, step_started_at,
                updated_at)
            select md5('bench' || i)::uuid, 'BF' || lpad(i::text, 12, '0'), md5('t' || i) || md5('u' || i),
                   ch, cat, '基准测试投诉', dept, r3 < 0.3, st,
                   case when st in ('RECEIVED', 'ACCEPTED', 'REFERRED', 'MERGED') then null else dept end,
                   case when st = 'REFERRED' or (st in ('REPLIED', 'RATED', 'CLOSED') and r4 < 0.04) then '市级部门' end,
                   (r5 < 0.12)::int,
                   case when st in ('HANDLED', 'REPLIED', 'RATED', 'CLOSED') and r4 >= 0.04 then
                        (array['SUBSTANTIATED', 'PARTLY_SUBSTANTIATED', 'UNSUBSTANTIATED'])[1 + (r3 * 3)::int % 3] end,
                   case when st = 'RATED' or (st = 'CLOSED' and r6 < 0.8) then r7 < 0.85 end,
                   rcv, acc, disp, disp, hnd, rep,
                   case when st = 'RATED' or (st = 'CLOSED' and r6 < 0.8) then rep + r2 * interval '72 hours' end,
                   case when st = 'CLOSED' then rep + interval '16 days' end,
                   case when st in ('RECEIVED', 'ACCEPTED', 'DISPATCHED', 'HANDLED', 'REFERRED') then date '2026-06-05' end,
                   rcv, rcv
            from (
                select i, ch, cat, dept, st, r2, r3, r4, r5, r6, r7, rcv,
                       case when st <> 'RECEIVED' then rcv + (0.5 + r1 * 30) * interval '1 hour' end as acc,
                       case when st in ('DISPATCHED', 'HANDLED', 'REPLIED', 'RATED', 'CLOSED') and r4 >= 0.04
                            then rcv + (2 + r1 * 50) * interval '1 hour' end as disp,
                       case when st in ('HANDLED', 'REPLIED', 'RATED', 'CLOSED') and r4 >= 0.04
                            then rcv + (2 + r1 * 50) * interval '1 hour' + (1 + r2 * 12) * interval '1 day' end as hnd,
                       case when st in ('REPLIED', 'RATED', 'CLOSED', 'REFERRED') and (st <> 'REFERRED')
                            then rcv + (2 + r1 * 50) * interval '1 hour' + (1 + r2 * 12) * interval '1 day' + (2 + r3 * 46) * interval '1 hour' end as rep
                from (
                    select i, r1, r2, r3, r4, r5, r6, r7, rcv,
                           case when r0 < 0.40 then 'HOTLINE_12345' when r0 < 0.65 then 'WEB' when r0 < 0.75 then 'WINDOW'
                                when r0 < 0.83 then 'MONITORING_POINT' when r0 < 0.88 then 'LETTER' when r0 < 0.93 then 'PROVINCE'
                                when r0 < 0.97 then 'CITY' else 'E_SUPERVISION' end as ch,
                           (array['work-style', 'delay', 'attitude', 'unlawful-fees', 'improper-hospitality', 'other'])[1 + (r1 * 6)::int % 6] as cat,
                           'bench-d' || lpad((1 + floor(30 * r2 * r2))::int::text, 2, '0') as dept,
                           case when age > 30 then (case when r5 < 0.90 then 'CLOSED' when r5 < 0.93 then 'RATED' when r5 < 0.95 then 'REPLIED'
                                                        when r5 < 0.98 then 'MERGED' else 'REFERRED' end)
                                else (case when r5 < 0.08 then 'RECEIVED' when r5 < 0.15 then 'ACCEPTED' when r5 < 0.45 then 'DISPATCHED'
                                           when r5 < 0.55 then 'HANDLED' when r5 < 0.70 then 'REPLIED' when r5 < 0.80 then 'RATED'
                                           when r5 < 0.82 then 'MERGED' when r5 < 0.85 then 'REFERRED' else 'CLOSED' end) end as st
                    from (
                        select i, h[1] as r0, h[2] as r1, h[3] as r2, h[4] as r3, h[5] as r4, h[6] as r5, h[7] as r6, h[8] as r7,
                               timestamptz '2026-06-01 00:00:00+08' - h[9] * interval '730 days' as rcv, h[9] * 730 as age
                        from generate_series(?::int, ?::int) i
                        cross join lateral (select array_agg((('x' || substr(md5(i || ':' || k), 1, 8))::bit(32)::bigint / 4294967296.0)::float8 order by k) h
                                            from generate_series(0, 9) k) hh
                    ) a
                ) b
            ) c""";

    /**
     * The deltas of the generated complaints, set-based: exactly what the trigger's complaint_funnel_contribute(c, +1)
     * appends for a new row (V42), in one statement. The trigger is off during the bulk load because a million per-row
     * trigger calls took over half an hour on this loaded machine; the per-row cost on the real write path is part of
     * the intake benchmark. The benchmark checks afterwards that the rollup agrees with the aggregate over complaint.
     */
    static final String GENERATED_DELTAS = """
            insert into complaint_funnel_delta
            select (c.received_at at time zone 'Asia/Shanghai')::date,
                   coalesce(c.target_department, '-'), coalesce(c.handling_department, '-'), c.category_code, c.channel, 1,
                   (c.accepted_at is not null)::int, (c.referred_to is not null)::int, (c.first_dispatched_at is not null)::int,
                   (c.handled_at is not null)::int, (c.replied_at is not null)::int, (c.rated_at is not null)::int,
                   (c.satisfied is true)::int, (c.closed_at is not null)::int, (c.closed_at is not null and c.overdue_steps = 0)::int,
                   coalesce(extract(epoch from c.accepted_at - c.received_at), 0)::double precision, (c.accepted_at is not null)::int,
                   coalesce(extract(epoch from c.first_dispatched_at - c.accepted_at), 0)::double precision,
                   (c.first_dispatched_at is not null and c.accepted_at is not null)::int,
                   coalesce(extract(epoch from c.handled_at - c.dispatched_at), 0)::double precision,
                   (c.handled_at is not null and c.dispatched_at is not null)::int,
                   coalesce(extract(epoch from c.replied_at - coalesce(c.handled_at, c.accepted_at)), 0)::double precision,
                   (c.replied_at is not null and coalesce(c.handled_at, c.accepted_at) is not null)::int,
                   coalesce(extract(epoch from c.rated_at - c.replied_at), 0)::double precision,
                   (c.rated_at is not null and c.replied_at is not null)::int
            from complaint c
            where c.status <> 'MERGED' and c.reference > ? and c.reference <= ?""";

    @Test
    void funnelAtScale() throws Exception {
        clock.set(TODAY);
        String startLoad = BenchMachine.loadAverage();
        LocalDate to = LocalDate.parse(TODAY);
        LocalDate from = to.minusDays(365);
        StringBuilder rows = new StringBuilder();
        StringBuilder explains = new StringBuilder();
        StringBuilder load = new StringBuilder();
        int generated = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (int size : SIZES) {
                long t0 = System.nanoTime();
                exec(c, "alter table complaint disable trigger complaint_funnel");
                try (PreparedStatement ps = c.prepareStatement(GENERATE)) {
                    ps.setInt(1, generated + 1);
                    ps.setInt(2, size);
                    ps.executeUpdate();
                } finally {
                    exec(c, "alter table complaint enable trigger complaint_funnel");
                }
                try (PreparedStatement ps = c.prepareStatement(GENERATED_DELTAS)) {
                    ps.setString(1, "BF" + "%012d".formatted(generated));
                    ps.setString(2, "BF" + "%012d".formatted(size));
                    ps.executeUpdate();
                }
                double genSeconds = (System.nanoTime() - t0) / 1e9;
                generated = size;
                exec(c, "analyze complaint");
                long t1 = System.nanoTime();
                int folded = statistics.compact();
                double compactSeconds = (System.nanoTime() - t1) / 1e9;
                // what autovacuum does after the bulk compaction emptied the delta table (otherwise its dead pages are read)
                exec(c, "vacuum complaint_funnel_delta");
                exec(c, "analyze complaint_funnel_daily");
                long total = single(c, "select count(*) from complaint");
                long viaRollup = single(c, "select sum(received) from complaint_funnel_daily where dimension = 'COUNTY'")
                        + single(c, "select coalesce(sum(received), 0) from complaint_funnel_delta");
                assertThat(viaRollup).as("rollup agrees with complaint").isEqualTo(single(c, "select count(*) from complaint where status <> 'MERGED'"));
                long daily = single(c, "select count(*) from complaint_funnel_daily");
                String bigDept = "bench-d01";

                double baseline = time(() -> query(c, Statistics.complaintSql(Statistics.Dimension.COUNTY), from, to, null, false), 3);
                double county = time(() -> query(c, Statistics.rollupSql(Statistics.Dimension.COUNTY), from, to, null, true), REPEATS);
                double byDept = time(() -> query(c, Statistics.rollupSql(Statistics.Dimension.DEPARTMENT), from, to, null, true), REPEATS);
                double byCategory = time(() -> query(c, Statistics.rollupSql(Statistics.Dimension.CATEGORY), from, to, null, true), REPEATS);
                double deptScoped = time(() -> query(c, Statistics.complaintSql(Statistics.Dimension.CATEGORY), from, to, bigDept, false), REPEATS);
                // a day's worth of transitions not compacted yet: the real-time part of the rollup query
                int moved = update(c, """
                        update complaint set satisfied = not coalesce(satisfied, false), updated_at = updated_at + interval '1 second'
                        where id in (select id from complaint where status in ('RATED', 'CLOSED') and reference like 'BF%%' limit %d)"""
                        .formatted(PENDING_DELTAS_CASES));
                long pending = single(c, "select count(*) from complaint_funnel_delta");
                double countyPending = time(() -> query(c, Statistics.rollupSql(Statistics.Dimension.COUNTY), from, to, null, true), REPEATS);
                double httpFunnel = time(() -> given().auth().oauth2(supervisor()).when()
                        .get("/api/v1/complaint-statistics/funnel?by=DEPARTMENT").then().statusCode(200), REPEATS);
                double httpPublic = time(() -> given().when().get("/api/v1/complaint-statistics/public").then().statusCode(200), REPEATS);
                double httpOfficial = time(() -> given().auth().oauth2(official(bigDept)).when()
                        .get("/api/v1/complaint-statistics/funnel?by=CATEGORY").then().statusCode(200), REPEATS);
                if (size == SIZES[SIZES.length - 1]) {
                    explains.append(explain(c, "Baseline: the aggregate over `complaint`, county, last 365 days", Statistics.complaintSql(Statistics.Dimension.COUNTY), from, to, null, false));
                    explains.append(explain(c, "Rollup, county (with " + pending + " uncompacted deltas)", Statistics.rollupSql(Statistics.Dimension.COUNTY), from, to, null, true));
                    explains.append(explain(c, "Rollup, by department", Statistics.rollupSql(Statistics.Dimension.DEPARTMENT), from, to, null, true));
                    explains.append(explain(c, "Department-scoped (" + bigDept + ", the largest department), by category, over `complaint`", Statistics.complaintSql(Statistics.Dimension.CATEGORY), from, to, bigDept, false));
                }
                statistics.compact();
                rows.append(String.format("| %,d | %.1f | %.2f (%,d daily rows written; %,d in the table) | %.0f | %.1f | %.1f | %.1f | %.1f (%,d deltas) | %.1f | %.0f | %.0f | %.0f | %.0fx |%n",
                        total, genSeconds, compactSeconds, folded, daily, baseline, county, byDept, byCategory, countyPending, pending,
                        deptScoped, httpFunnel, httpPublic, httpOfficial, baseline / county));
                load.append(String.format("after %,d: %s; ", size, BenchMachine.loadAverage()));
                assertThat(moved).isPositive();
            }
        }
        String table = report(rows.toString(), explains.toString(), startLoad, load.toString());
        System.out.println(table);
        Path out = Path.of(System.getProperty("bench.out", "../bench/results/complaint-funnel.md"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    static String report(String rows, String explains, String startLoad, String load) {
        return "# Complaint funnel statistics at scale\n\n"
                + BenchMachine.inProcess(startLoad) + " Along the way: " + load
                + "Period: the default, the last 365 days before " + TODAY + " (about half of the generated complaints, received over "
                + "two years). Times in ms, median of " + REPEATS + " (baseline: of 3); generation and compaction in s.\n\n"
                + "| complaints | generate (s: complaints, then their deltas set-based) | compact (s): bulk deltas folded into the daily rollup | baseline: aggregate over `complaint` (ms) | rollup county (ms) "
                + "| rollup by department (ms) | rollup by category (ms) | rollup county with pending deltas (ms) | department-scoped over `complaint` (ms) "
                + "| HTTP funnel by department, supervisor (ms) | HTTP public summary, 3 funnels (ms) | HTTP official's funnel by category (ms) | baseline / rollup |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                + rows + "\n## EXPLAIN (ANALYZE, BUFFERS) at the largest size\n\n" + explains;
    }

    interface Timed {
        void run() throws Exception;
    }

    static double time(Timed what, int repeats) throws Exception {
        what.run(); // warm: plan cache, buffers
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            what.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return BenchMachine.median(ms);
    }

    static void query(Connection c, String jpaSql, LocalDate from, LocalDate to, String dept, boolean days) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(jdbc(jpaSql))) {
            bind(ps, jpaSql, from, to, dept, days);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(2);
                }
            }
        }
    }

    static String explain(Connection c, String title, String jpaSql, LocalDate from, LocalDate to, String dept, boolean days) throws Exception {
        StringBuilder sb = new StringBuilder("### ").append(title).append("\n\n```\n");
        try (PreparedStatement ps = c.prepareStatement("explain (analyze, buffers) " + jdbc(jpaSql))) {
            bind(ps, jpaSql, from, to, dept, days);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sb.append(rs.getString(1)).append('\n');
                }
            }
        }
        return sb.append("```\n\n").toString();
    }

    /** The service's statements use JPA's ?1/?2/?3; JDBC binds each occurrence. */
    static String jdbc(String sql) {
        return sql.replaceAll("\\?[0-9]", "?").replace("cast(? as varchar)", "cast(? as varchar(40))");
    }

    static void bind(PreparedStatement ps, String sql, LocalDate from, LocalDate to, String dept, boolean days) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\?([0-9])").matcher(sql);
        int index = 1;
        while (m.find()) {
            switch (m.group(1)) {
                case "1" -> {
                    if (days) {
                        ps.setDate(index, Date.valueOf(from));
                    } else {
                        ps.setObject(index, OffsetDateTime.ofInstant(from.atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant(), ZoneOffset.UTC));
                    }
                }
                case "2" -> {
                    if (days) {
                        ps.setDate(index, Date.valueOf(to));
                    } else {
                        ps.setObject(index, OffsetDateTime.ofInstant(to.plusDays(1).atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant(), ZoneOffset.UTC));
                    }
                }
                default -> {
                    if (dept == null) {
                        ps.setNull(index, java.sql.Types.VARCHAR);
                    } else {
                        ps.setString(index, dept);
                    }
                }
            }
            index++;
        }
    }

    static void exec(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static int update(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    static long single(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
