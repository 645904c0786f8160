package io.xiaoneng.approval.application.app;

import io.xiaoneng.approval.application.domain.Light;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Statistics and the red list, read straight from the tables (no entity loading). */
@ApplicationScoped
public class SupervisionQueries {

    @Inject
    EntityManager em;

    @Inject
    Calendars calendars;

    @Inject
    LegalTime time;

    /** Named for the OpenAPI document: the catalog's {@code Statistics} has the simple name already. */
    @Schema(name = "ApplicationStatistics")
    public record Statistics(String department, String window, long received, long accepted, long notAccepted, long withdrawn,
                             long decided, long decidedOnTime, Double onTimeRate, Double averageWorkingDays,
                             long completed, long parallelApprovalsCompleted, SubCaseStatistics parallelSubCases,
                             Map<Light, Long> currentLights) {}

    /**
     * The parts of parallel approvals (并联审批) the department decided or has to decide: the case itself counts for
     * the lead department only, so without these a participating department's work would not show at all.
     * {@code pending}: its clock is running; {@code onTimeRate}: decided within the department's own limit.
     */
    public record SubCaseStatistics(long total, long pending, long approved, long denied, long decidedOnTime,
                                    Double onTimeRate) {}

    public record RedCase(UUID applicationId, String trackingNumber, String department, String itemCode, String itemName,
                          String status, String clock, LocalDate dueOn, int overdueWorkingDays, Instant redSince) {}

    /**
     * @param department a department code, or null for the whole county
     * @param window     a service-center window: only the filings it received; null for every channel
     */
    public Statistics statistics(String department, String window) {
        List<String> conditions = new ArrayList<>();
        if (department != null) {
            conditions.add("department_code = :department");
        }
        if (window != null) {
            conditions.add("window_code = :window");
        }
        String filter = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        // a parallel approval is completed as an approval when its licence was granted, not when a denial was served
        Query q = em.createNativeQuery("""
                select count(*),
                       count(*) filter (where accepted_on is not null),
                       count(*) filter (where status = 'NOT_ACCEPTED'),
                       count(*) filter (where status = 'WITHDRAWN'),
                       count(*) filter (where decided_on is not null),
                       count(*) filter (where decided_on_time),
                       avg(decision_working_days) filter (where decided_on is not null),
                       count(*) filter (where status = 'COMPLETED'),
                       count(*) filter (where composite and status = 'COMPLETED' and denial_reasons is null)
                from application""" + filter);
        bind(q, department, window);
        Object[] r = (Object[]) q.getSingleResult();
        long decided = ((Number) r[4]).longValue();
        long onTime = ((Number) r[5]).longValue();
        Map<Light, Long> lights = new EnumMap<>(Light.class);
        for (Light l : Light.values()) {
            lights.put(l, 0L);
        }
        Query lq = em.createNativeQuery("select light, count(*) from application_light where light is not null"
                + (department == null ? "" : " and department_code = :department")
                + (window == null ? "" : " and application_id in (select id from application where window_code = :window)")
                + " group by light");
        bind(lq, department, window);
        for (Object row : lq.getResultList()) {
            Object[] lr = (Object[]) row;
            lights.put(Light.valueOf(lr[0].toString()), ((Number) lr[1]).longValue());
        }
        return new Statistics(department, window, n(r[0]), n(r[1]), n(r[2]), n(r[3]), decided, onTime,
                decided == 0 ? null : (double) onTime / decided,
                r[6] == null ? null : Math.round(((Number) r[6]).doubleValue() * 100) / 100.0,
                n(r[7]), n(r[8]), subCaseStatistics(department, window), lights);
    }

    private SubCaseStatistics subCaseStatistics(String department, String window) {
        Query q = em.createNativeQuery("""
                select count(*),
                       count(*) filter (where s.status = 'PENDING'),
                       count(*) filter (where s.status = 'APPROVED'),
                       count(*) filter (where s.status = 'DENIED'),
                       count(*) filter (where s.decided_on_time)
                from application_sub_case s"""
                + (window == null ? "" : " join application a on a.id = s.application_id and a.window_code = :window")
                + (department == null ? "" : " where s.department_code = :department"));
        bind(q, department, window);
        Object[] r = (Object[]) q.getSingleResult();
        long decided = n(r[2]) + n(r[3]);
        return new SubCaseStatistics(n(r[0]), n(r[1]), n(r[2]), n(r[3]), n(r[4]),
                decided == 0 ? null : (double) n(r[4]) / decided);
    }

    private static void bind(Query q, String department, String window) {
        if (department != null) {
            q.setParameter("department", department);
        }
        if (window != null) {
            q.setParameter("window", window);
        }
    }

    /**
     * Red cases, the most overdue first. The overdue working days change daily and are not stored: the earliest due
     * day is the most overdue (counting working days is monotonic in the date), so the page is read in due-day
     * order from the partial index of red lights, and only its rows are counted against the calendar.
     * {@code red_due_on} is the due day of a red light and null otherwise (generated from {@code light} and
     * {@code due_on}, V56): the index on it is not touched by the daily sweep's other changes.
     */
    public PageOf<RedCase> redCases(String department, PageRequest page) {
        String filter = " where " + RED + (department == null ? "" : " and l.department_code = ?1");
        Query count = em.createNativeQuery("select count(*) from application_light l" + filter);
        Query select = em.createNativeQuery(RED_PAGE_SQL + filter + " " + RED_ORDER);
        if (department != null) {
            count.setParameter(1, department);
            select.setParameter(1, department);
        }
        WorkingDayCalendar calendar = calendars.current();
        LocalDate today = time.today();
        List<RedCase> items = new ArrayList<>();
        for (Object row : page.applyTo(select).getResultList()) {
            Object[] r = (Object[]) row;
            LocalDate due = toDate(r[7]);
            items.add(new RedCase(r[0] instanceof UUID u ? u : UUID.fromString(r[0].toString()), (String) r[1], (String) r[2],
                    (String) r[3], (String) r[4], (String) r[5], (String) r[6], due, overdue(calendar, due, today), toInstant(r[8])));
        }
        return PageOf.of(items, n(count.getSingleResult()), page);
    }

    /** The red lights (as {@code l.light = 'RED'}), in the terms of their partial indexes. */
    public static final String RED = "l.red_due_on is not null";

    /** Most overdue first: the red list's order, that of its indexes. */
    public static final String RED_ORDER = "order by l.red_due_on, l.application_id";

    /** The red list's select, without filter and order (the benchmark shows its plan). */
    public static final String RED_PAGE_SQL = """
            select a.id, a.tracking_number, a.department_code, a.item_code, a.item_name, a.status, l.clock, l.due_on, l.changed_at
            from application_light l join application a on a.id = l.application_id""";

    private static int overdue(WorkingDayCalendar calendar, LocalDate due, LocalDate today) {
        if (due == null || !today.isAfter(due)) {
            return 0;
        }
        try {
            return calendar.workingDaysBetween(due, today);
        } catch (CalendarYearMissingException e) {
            return 0;
        }
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }

    private static LocalDate toDate(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof LocalDate d ? d : ((java.sql.Date) o).toLocalDate();
    }

    private static Instant toInstant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return ((java.sql.Timestamp) o).toInstant();
    }
}
