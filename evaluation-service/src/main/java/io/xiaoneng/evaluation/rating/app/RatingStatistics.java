package io.xiaoneng.evaluation.rating.app;

import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Published rating figures per department for a period of completion dates (Beijing time): the satisfaction among
 * valid ratings and, beside it, the response rate (rated completed cases / completed cases), so a high satisfaction
 * from few ratings is visible as such. Ratings excluded by an upheld appeal count in no figure except
 * {@code excluded}; they still count as a response (the applicant did rate). One set-based query.
 */
@ApplicationScoped
public class RatingStatistics {

    @Inject
    EntityManager em;

    public record DepartmentFigures(String department, long completed, long rated, BigDecimal responseRate,
                                    long validRatings, long verySatisfied, long satisfied, long basicallySatisfied,
                                    long dissatisfied, long veryDissatisfied, BigDecimal satisfactionRate,
                                    long badReviews, long excluded, long rectificationsOpened, long rectificationsClosed,
                                    long rectificationsClosedOnTime, long rectificationsOverdue) {}

    public record Report(LocalDate from, LocalDate to, List<DepartmentFigures> departments) {}

    /**
     * The figures in one statement: ?1/?2 the completion instants [from, to), ?3 an optional department; "overdue" =
     * due before ?4 and not fixed before ?5 (appeal-cancelled ones out). Judged by the stored dates, not by the
     * current status, so a figure "as of" a past day stays what it was when a fix comes later: the statistics pass
     * today and tomorrow (overdue now), the yearly report the 1 January after the year twice (due within the year and
     * still unfixed at its end). Public for the annual-report benchmark's EXPLAIN.
     */
    public static final String SQL = """
                with done as (
                    select a.department, count(*) as completed
                    from application_projection a
                    where a.completed_at >= ?1 and a.completed_at < ?2 and (cast(?3 as varchar) is null or a.department = ?3)
                    group by a.department
                ),
                -- Only the rated cases are joined with their rating and rectification; the completed ones are merely
                -- counted above (an index-only scan of (department, completed_at)).
                figures as (
                    select a.department,
                           count(*) as rated,
                           count(*) filter (where not r.excluded) as valid,
                           count(*) filter (where not r.excluded and l.rank = 5) as r5,
                           count(*) filter (where not r.excluded and l.rank = 4) as r4,
                           count(*) filter (where not r.excluded and l.rank = 3) as r3,
                           count(*) filter (where not r.excluded and l.rank = 2) as r2,
                           count(*) filter (where not r.excluded and l.rank = 1) as r1,
                           count(*) filter (where not r.excluded and not l.bad_review) as good,
                           count(*) filter (where not r.excluded and l.bad_review) as bad,
                           count(*) filter (where r.excluded) as excluded,
                           count(x.id) filter (where x.status <> 'CANCELLED') as opened,
                           count(x.id) filter (where x.status = 'CLOSED') as closed,
                           count(x.id) filter (where x.status = 'CLOSED' and x.on_time) as closed_on_time,
                           count(x.id) filter (where x.status <> 'CANCELLED' and x.due_on < ?4
                                                 and (x.fixed_on is null or x.fixed_on >= ?5)) as overdue
                    from rating r
                    join application_projection a on a.application_id = r.application_id
                    join rating_level l on l.code = r.level_code
                    left join rectification x on x.rating_id = r.id
                    where a.completed_at >= ?1 and a.completed_at < ?2 and (cast(?3 as varchar) is null or a.department = ?3)
                    group by a.department
                )
                select d.department, d.completed, coalesce(f.rated, 0), coalesce(f.valid, 0), coalesce(f.r5, 0),
                       coalesce(f.r4, 0), coalesce(f.r3, 0), coalesce(f.r2, 0), coalesce(f.r1, 0), coalesce(f.good, 0),
                       coalesce(f.bad, 0), coalesce(f.excluded, 0), coalesce(f.opened, 0), coalesce(f.closed, 0),
                       coalesce(f.closed_on_time, 0), coalesce(f.overdue, 0)
                from done d left join figures f on f.department = d.department
                order by d.department""";

    /**
     * The same figures for whole months, summed from the monthly rollup (V41, maintained with every change of the
     * facts, see {@code Rollups}): ?1/?2 the first days of the months [from, to). "Overdue" is judged at the end of
     * each case's completion year — due within it and not fixed by its end, by the dates — what the yearly report
     * asks. Public for the annual-report benchmark's EXPLAIN.
     */
    public static final String ROLLUP_SQL = """
                select department, sum(completed), sum(rated), sum(valid), sum(rank5), sum(rank4), sum(rank3), sum(rank2),
                       sum(rank1), sum(good), sum(bad), sum(excluded), sum(rect_opened), sum(rect_closed),
                       sum(rect_closed_on_time), sum(rect_overdue_year_end)
                from department_month_rollup
                where month >= ?1 and month < ?2
                group by department
                having sum(completed) > 0
                order by department""";

    /** A calendar year's figures from the monthly rollup (equal to {@link #report} over the year, judged at its end). */
    @Transactional
    @SuppressWarnings("unchecked")
    public Report yearFromRollups(int year) {
        List<Object[]> rows = em.createNativeQuery(ROLLUP_SQL)
                .setParameter(1, LocalDate.of(year, 1, 1))
                .setParameter(2, LocalDate.of(year + 1, 1, 1))
                .getResultList();
        return new Report(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), figures(rows));
    }

    /** The figures with "overdue" as of now: due before today and not fixed yet. */
    public Report report(LocalDate from, LocalDate toInclusive, Optional<String> department, LocalDate today) {
        return report(from, toInclusive, department, today, today.plusDays(1));
    }

    /** The figures with "overdue" = due before {@code dueBefore} and not fixed before {@code unfixedBefore}. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Report report(LocalDate from, LocalDate toInclusive, Optional<String> department, LocalDate dueBefore,
                         LocalDate unfixedBefore) {
        OffsetDateTime start = from.atStartOfDay(WorkingDayCalendar.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime end = toInclusive.plusDays(1).atStartOfDay(WorkingDayCalendar.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        List<Object[]> rows = em.createNativeQuery(SQL)
                .setParameter(1, start)
                .setParameter(2, end)
                .setParameter(3, department.orElse(null))
                .setParameter(4, dueBefore)
                .setParameter(5, unfixedBefore)
                .getResultList();
        return new Report(from, toInclusive, figures(rows));
    }

    private static List<DepartmentFigures> figures(List<Object[]> rows) {
        return rows.stream().map(r -> new DepartmentFigures((String) r[0], n(r[1]), n(r[2]),
                rate(n(r[2]), n(r[1])), n(r[3]), n(r[4]), n(r[5]), n(r[6]), n(r[7]), n(r[8]), rate(n(r[9]), n(r[3])),
                n(r[10]), n(r[11]), n(r[12]), n(r[13]), n(r[14]), n(r[15]))).toList();
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }

    /** A share with four decimals; null when there is nothing to divide by (no figure rather than a made-up one). */
    static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
