package io.xiaoneng.complaint.app;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The funnel received → accepted → dispatched → handled → replied → rated, with the average hours each step took,
 * grouped by a dimension; merged duplicates are counted once, in their master.
 *
 * <p>County-wide (supervisors, intake, the public summary): from the funnel rollup (migration V42) — the daily
 * per-dimension rows plus the deltas not yet compacted, in one statement, so exact and current at any time; its cost
 * grows with the period in days, not with the number of complaints. Department-scoped (an official's own department,
 * or a department filter): from {@code complaint} itself through the department indexes, bounded by that department's
 * own cases. {@link #compact()} folds the deltas into the daily rows (job every
 * {@code xiaoneng.complaint.statistics.compaction-interval}).
 */
@ApplicationScoped
public class Statistics {

    private static final Logger LOG = Logger.getLogger(Statistics.class);

    @Inject
    EntityManager em;

    /** What the funnel is grouped by: the expression over {@code complaint}, and over the deltas. */
    public enum Dimension {
        COUNTY("'county'", "'county'"), DEPARTMENT("coalesce(target_department, '-')", "target_department"),
        HANDLING_DEPARTMENT("coalesce(handling_department, '-')", "handling_department"),
        CATEGORY("category_code", "category_code"), CHANNEL("channel", "channel");

        final String sql;
        final String deltaSql;

        Dimension(String sql, String deltaSql) {
            this.sql = sql;
            this.deltaSql = deltaSql;
        }
    }

    public record StepHours(Double accept, Double dispatch, Double handle, Double reply, Double rate) {}

    public record FunnelRow(String key, long received, long accepted, long referred, long dispatched, long handled,
                            long replied, long rated, long satisfied, long closed, long closedOnTime, StepHours averageHours) {}

    public record Funnel(LocalDate from, LocalDate to, String dimension, List<FunnelRow> rows) {}

    /** The aggregate over complaint itself (department-scoped funnels; the benchmark's baseline). ?1/?2 instants, ?3 department. */
    public static String complaintSql(Dimension by) {
        return """
                select %s as k,
                       count(*), count(accepted_at), count(referred_to), count(first_dispatched_at), count(handled_at),
                       count(replied_at), count(rated_at), count(*) filter (where satisfied),
                       count(closed_at), count(*) filter (where closed_at is not null and overdue_steps = 0),
                       avg(extract(epoch from accepted_at - received_at)) / 3600,
                       avg(extract(epoch from first_dispatched_at - accepted_at)) / 3600,
                       avg(extract(epoch from handled_at - dispatched_at)) / 3600,
                       avg(extract(epoch from replied_at - coalesce(handled_at, accepted_at))) / 3600,
                       avg(extract(epoch from rated_at - replied_at)) / 3600
                from complaint
                where received_at >= ?1 and received_at < ?2 and status <> 'MERGED'
                  and (cast(?3 as varchar) is null or target_department = ?3 or handling_department = ?3)
                group by 1 order by 1""".formatted(by.sql);
    }

    private static final String MEASURES = "received, accepted, referred, dispatched, handled, replied, rated, satisfied, closed, "
            + "closed_on_time, accept_s, accept_n, dispatch_s, dispatch_n, handle_s, handle_n, reply_s, reply_n, rate_s, rate_n";

    /** The county-wide aggregate from the rollup: daily rows of the period plus the uncompacted deltas. ?1/?2 days (inclusive). */
    public static String rollupSql(Dimension by) {
        return """
                select k, sum(received), sum(accepted), sum(referred), sum(dispatched), sum(handled), sum(replied), sum(rated),
                       sum(satisfied), sum(closed), sum(closed_on_time),
                       sum(accept_s) / nullif(sum(accept_n), 0) / 3600, sum(dispatch_s) / nullif(sum(dispatch_n), 0) / 3600,
                       sum(handle_s) / nullif(sum(handle_n), 0) / 3600, sum(reply_s) / nullif(sum(reply_n), 0) / 3600,
                       sum(rate_s) / nullif(sum(rate_n), 0) / 3600
                from (select key as k, %1$s from complaint_funnel_daily where dimension = '%2$s' and day >= ?1 and day <= ?2
                      union all
                      select %3$s as k, %1$s from complaint_funnel_delta where day >= ?1 and day <= ?2) f
                group by k having sum(received) > 0 order by k""".formatted(MEASURES, by.name(), by.deltaSql);
    }

    /** Folds the deltas into the daily rows; safe to run concurrently (each delta row is deleted, and so folded, once). */
    public static final String COMPACT_SQL = """
            with moved as (delete from complaint_funnel_delta returning *)
            insert into complaint_funnel_daily as f (dimension, day, key, %1$s)
            select d.dimension, m.day, d.key, sum(received), sum(accepted), sum(referred), sum(dispatched), sum(handled),
                   sum(replied), sum(rated), sum(satisfied), sum(closed), sum(closed_on_time), sum(accept_s), sum(accept_n),
                   sum(dispatch_s), sum(dispatch_n), sum(handle_s), sum(handle_n), sum(reply_s), sum(reply_n), sum(rate_s), sum(rate_n)
            from moved m cross join lateral (values ('COUNTY', 'county'), ('DEPARTMENT', m.target_department),
                 ('HANDLING_DEPARTMENT', m.handling_department), ('CATEGORY', m.category_code), ('CHANNEL', m.channel)) d(dimension, key)
            group by d.dimension, m.day, d.key
            on conflict (dimension, day, key) do update set received = f.received + excluded.received,
                accepted = f.accepted + excluded.accepted, referred = f.referred + excluded.referred,
                dispatched = f.dispatched + excluded.dispatched, handled = f.handled + excluded.handled,
                replied = f.replied + excluded.replied, rated = f.rated + excluded.rated,
                satisfied = f.satisfied + excluded.satisfied, closed = f.closed + excluded.closed,
                closed_on_time = f.closed_on_time + excluded.closed_on_time,
                accept_s = f.accept_s + excluded.accept_s, accept_n = f.accept_n + excluded.accept_n,
                dispatch_s = f.dispatch_s + excluded.dispatch_s, dispatch_n = f.dispatch_n + excluded.dispatch_n,
                handle_s = f.handle_s + excluded.handle_s, handle_n = f.handle_n + excluded.handle_n,
                reply_s = f.reply_s + excluded.reply_s, reply_n = f.reply_n + excluded.reply_n,
                rate_s = f.rate_s + excluded.rate_s, rate_n = f.rate_n + excluded.rate_n""".formatted(MEASURES);

    public Funnel funnel(Dimension by, LocalDate from, LocalDate toInclusive, String department) {
        List<Object[]> rows = department == null ? fromRollup(by, from, toInclusive) : fromComplaints(by, from, toInclusive, department);
        return new Funnel(from, toInclusive, by.name(), rows.stream().map(r -> new FunnelRow((String) r[0], l(r[1]), l(r[2]), l(r[3]),
                l(r[4]), l(r[5]), l(r[6]), l(r[7]), l(r[8]), l(r[9]), l(r[10]),
                new StepHours(d(r[11]), d(r[12]), d(r[13]), d(r[14]), d(r[15])))).toList());
    }

    @SuppressWarnings("unchecked")
    public List<Object[]> fromRollup(Dimension by, LocalDate from, LocalDate toInclusive) {
        return em.createNativeQuery(rollupSql(by)).setParameter(1, from).setParameter(2, toInclusive).getResultList();
    }

    /** The same figures straight from complaint (department-scoped funnels; tests compare both paths). */
    @SuppressWarnings("unchecked")
    public List<Object[]> fromComplaints(Dimension by, LocalDate from, LocalDate toInclusive, String department) {
        Instant start = from.atStartOfDay(WorkingDayCalendar.ZONE).toInstant();
        Instant end = toInclusive.plusDays(1).atStartOfDay(WorkingDayCalendar.ZONE).toInstant();
        return em.createNativeQuery(complaintSql(by))
                .setParameter(1, OffsetDateTime.ofInstant(start, ZoneOffset.UTC))
                .setParameter(2, OffsetDateTime.ofInstant(end, ZoneOffset.UTC))
                .setParameter(3, department)
                .getResultList();
    }

    /** Folds the funnel deltas into the daily rows; returns how many delta rows were folded. */
    public int compact() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(COMPACT_SQL).executeUpdate());
    }

    @Scheduled(identity = "complaint-funnel-compaction", every = "${xiaoneng.complaint.statistics.compaction-interval}",
            delayed = "${xiaoneng.complaint.jobs.initial-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledCompaction() {
        try {
            compact();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Funnel compaction failed; the deltas stay counted and the next run retries");
        }
    }

    public record PointStatistics(String code, String name, String enterpriseName, long received, long open, long closed,
                                  long satisfied, long unsatisfied) {}

    /** Per monitoring point: complaints that came in through it and how they stand. */
    public List<PointStatistics> perMonitoringPoint() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select p.code, p.name, p.enterprise_name, count(c.id),
                       count(c.id) filter (where c.status not in ('CLOSED', 'MERGED')),
                       count(c.id) filter (where c.status = 'CLOSED'),
                       count(c.id) filter (where c.satisfied),
                       count(c.id) filter (where not c.satisfied)
                from monitoring_point p left join complaint c on c.monitoring_point = p.code
                group by p.code, p.name, p.enterprise_name order by p.code""").getResultList();
        return rows.stream().map(r -> new PointStatistics((String) r[0], (String) r[1], (String) r[2], l(r[3]), l(r[4]), l(r[5]),
                l(r[6]), l(r[7]))).toList();
    }

    private static long l(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static Double d(Object o) {
        return o == null ? null : Math.round(((Number) o).doubleValue() * 100) / 100.0;
    }
}
