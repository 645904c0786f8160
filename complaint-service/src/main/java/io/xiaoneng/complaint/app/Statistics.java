package io.xiaoneng.complaint.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The funnel received → accepted → dispatched → handled → replied → rated, with the average hours each step took,
 * grouped by a dimension. One set-based aggregate over {@code complaint} restricted by the index on
 * {@code received_at}; merged duplicates are counted once, in their master.
 */
@ApplicationScoped
public class Statistics {

    @Inject
    EntityManager em;

    /** What the funnel is grouped by. */
    public enum Dimension {
        COUNTY("'county'"), DEPARTMENT("coalesce(target_department, '-')"), HANDLING_DEPARTMENT("coalesce(handling_department, '-')"),
        CATEGORY("category_code"), CHANNEL("channel");

        final String sql;

        Dimension(String sql) {
            this.sql = sql;
        }
    }

    public record StepHours(Double accept, Double dispatch, Double handle, Double reply, Double rate) {}

    public record FunnelRow(String key, long received, long accepted, long referred, long dispatched, long handled,
                            long replied, long rated, long satisfied, long closed, long closedOnTime, StepHours averageHours) {}

    public record Funnel(LocalDate from, LocalDate to, String dimension, List<FunnelRow> rows) {}

    public Funnel funnel(Dimension by, LocalDate from, LocalDate toInclusive, String department) {
        Instant start = from.atStartOfDay(io.xiaoneng.platform.calendar.WorkingDayCalendar.ZONE).toInstant();
        Instant end = toInclusive.plusDays(1).atStartOfDay(io.xiaoneng.platform.calendar.WorkingDayCalendar.ZONE).toInstant();
        String sql = """
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
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql)
                .setParameter(1, OffsetDateTime.ofInstant(start, ZoneOffset.UTC))
                .setParameter(2, OffsetDateTime.ofInstant(end, ZoneOffset.UTC))
                .setParameter(3, department)
                .getResultList();
        return new Funnel(from, toInclusive, by.name(), rows.stream().map(r -> new FunnelRow((String) r[0], l(r[1]), l(r[2]), l(r[3]),
                l(r[4]), l(r[5]), l(r[6]), l(r[7]), l(r[8]), l(r[9]), l(r[10]),
                new StepHours(d(r[11]), d(r[12]), d(r[13]), d(r[14]), d(r[15])))).toList());
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
