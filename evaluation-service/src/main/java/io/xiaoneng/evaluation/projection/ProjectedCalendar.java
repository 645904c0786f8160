package io.xiaoneng.evaluation.projection;

import io.xiaoneng.platform.calendar.CalendarYear;
import io.xiaoneng.platform.calendar.CalendarYearParser;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * The working-day calendar evaluation computes deadlines with (rectifications): the years bundled with the
 * platform, replaced or extended by the years approval-service published (its administrators load new years).
 * Rebuilt only when the projected years changed (one short fingerprint query per use).
 */
@ApplicationScoped
public class ProjectedCalendar {

    private static final WorkingDayCalendar BUNDLED = WorkingDayCalendar.loadBundled();

    @Inject
    EntityManager em;

    private volatile String fingerprint = "";
    private volatile WorkingDayCalendar current = BUNDLED;

    @Transactional
    @SuppressWarnings("unchecked")
    public WorkingDayCalendar current() {
        String now = (String) em.createNativeQuery(
                "select coalesce(string_agg(year || ':' || event_id, ',' order by year), '') from calendar_year_projection")
                .getSingleResult();
        if (!now.equals(fingerprint)) {
            WorkingDayCalendar calendar = BUNDLED;
            List<Object[]> rows = em.createNativeQuery("select year, data from calendar_year_projection order by year").getResultList();
            for (Object[] row : rows) {
                CalendarYear year = CalendarYearParser.parse((String) row[1], ((Number) row[0]).intValue());
                calendar = calendar.with(year);
            }
            current = calendar;
            fingerprint = now;
        }
        return current;
    }
}
