package io.xiaoneng.approval.calendar.app;

import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The working-day calendar approval-service computes legal deadlines with. approval-service owns the calendar
 * data; until years are loaded through the calendar admin API, the years bundled with the platform apply.
 */
@ApplicationScoped
public class Calendars {

    private volatile WorkingDayCalendar current = WorkingDayCalendar.loadBundled();

    /** The calendar as it is now (immutable; a loaded or corrected year replaces it as a whole). */
    public WorkingDayCalendar current() {
        return current;
    }

    protected void replace(WorkingDayCalendar calendar) {
        this.current = calendar;
    }
}
