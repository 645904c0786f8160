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
     * The figures in one statement: ?1/?2 the completion instants [from, to), ?3 an optional department, ?4 the day
     * against which "overdue" is judged. Public for the annual-report benchmark's EXPLAIN.
     */
    public static final String SQL = """
                with done as (
                    select a.application_id, a.department
                    from application_projection a
                    where a.completed_at >= ?1 and a.completed_at < ?2 and (cast(?3 as varchar) is null or a.department = ?3)
                ),
                figures as (
                    select d.department,
                           count(*) as completed,
                           count(r.id) as rated,
                           count(r.id) filter (where not r.excluded) as valid,
                           count(r.id) filter (where not r.excluded and l.rank = 5) as r5,
                           count(r.id) filter (where not r.excluded and l.rank = 4) as r4,
                           count(r.id) filter (where not r.excluded and l.rank = 3) as r3,
                           count(r.id) filter (where not r.excluded and l.rank = 2) as r2,
                           count(r.id) filter (where not r.excluded and l.rank = 1) as r1,
                           count(r.id) filter (where not r.excluded and not l.bad_review) as good,
                           count(r.id) filter (where not r.excluded and l.bad_review) as bad,
                           count(r.id) filter (where r.excluded) as excluded,
                           count(x.id) filter (where x.status <> 'CANCELLED') as opened,
                           count(x.id) filter (where x.status = 'CLOSED') as closed,
                           count(x.id) filter (where x.status = 'CLOSED' and x.on_time) as closed_on_time,
                           count(x.id) filter (where x.status in ('OPEN', 'FIXED', 'CALLED_BACK') and x.fixed_on is null and x.due_on < ?4) as overdue
                    from done d
                    left join rating r on r.application_id = d.application_id
                    left join rating_level l on l.code = r.level_code
                    left join rectification x on x.rating_id = r.id
                    group by d.department
                )
                select department, completed, rated, valid, r5, r4, r3, r2, r1, good, bad, excluded, opened, closed,
                       closed_on_time, overdue
                from figures order by department""";

    @Transactional
    @SuppressWarnings("unchecked")
    public Report report(LocalDate from, LocalDate toInclusive, Optional<String> department, LocalDate today) {
        OffsetDateTime start = from.atStartOfDay(WorkingDayCalendar.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime end = toInclusive.plusDays(1).atStartOfDay(WorkingDayCalendar.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        List<Object[]> rows = em.createNativeQuery(SQL)
                .setParameter(1, start)
                .setParameter(2, end)
                .setParameter(3, department.orElse(null))
                .setParameter(4, today)
                .getResultList();
        return new Report(from, toInclusive, rows.stream().map(r -> new DepartmentFigures((String) r[0], n(r[1]), n(r[2]),
                rate(n(r[2]), n(r[1])), n(r[3]), n(r[4]), n(r[5]), n(r[6]), n(r[7]), n(r[8]), rate(n(r[9]), n(r[3])),
                n(r[10]), n(r[11]), n(r[12]), n(r[13]), n(r[14]), n(r[15]))).toList());
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }

    /** A share with four decimals; null when there is nothing to divide by (no figure rather than a made-up one). */
    static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
