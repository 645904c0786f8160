package io.xiaoneng.approval.application.domain;

import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One running time limit, counted in working days by the conventions of {@link WorkingDayCalendar}: the start day
 * never counts, the limit runs to the end of the due day.
 *
 * <p>Pauses (art. 45) stop the clock: a pause from day P to resumption on day R removes the working days in
 * (P, R] — the day the pause starts still counts (work happened), and the clock starts again on the day after the
 * resumption just as it started on the day after acceptance. A pause still open removes the days up to today, so
 * the elapsed time is frozen while paused and the due day moves on day by day.
 *
 * @param start     the day the limit started (acceptance, receipt, decision)
 * @param limitDays the limit in working days
 * @param extension the extension granted, in working days (0 if none)
 * @param pauses    the pauses since {@code start}; at most the last one open
 */
public record LegalClock(ClockKind kind, LocalDate start, int limitDays, int extension, List<Interval> pauses) {

    /** A pause: {@code resumedOn} is null while it lasts. */
    public record Interval(LocalDate pausedOn, LocalDate resumedOn) {
        public Interval {
            Objects.requireNonNull(pausedOn, "pausedOn");
            if (resumedOn != null && resumedOn.isBefore(pausedOn)) {
                throw new IllegalArgumentException("a pause ends after it starts");
            }
        }
    }

    /** What the clock says on a given day. */
    public record Reading(ClockKind kind, LocalDate start, int allowedDays, int pausedDays, int elapsedDays,
                          LocalDate dueOn, int remainingDays, int overdueDays, boolean overdue, Light light) {}

    public LegalClock {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        if (limitDays < 0 || extension < 0) {
            throw new IllegalArgumentException("limits are not negative");
        }
        pauses = pauses == null ? List.of() : List.copyOf(pauses);
    }

    public static LegalClock of(ClockKind kind, LocalDate start, int limitDays) {
        return new LegalClock(kind, start, limitDays, 0, List.of());
    }

    public int allowedDays() {
        return limitDays + extension;
    }

    /** Working days removed by pauses, as of {@code today}. */
    public int pausedDays(WorkingDayCalendar calendar, LocalDate today) {
        int paused = 0;
        for (Interval p : pauses) {
            LocalDate end = p.resumedOn() != null ? p.resumedOn() : (today.isAfter(p.pausedOn()) ? today : p.pausedOn());
            paused += calendar.workingDaysBetween(p.pausedOn(), end);
        }
        return paused;
    }

    /** The last day of the limit as of {@code today} (moves on while a pause lasts). */
    public LocalDate dueOn(WorkingDayCalendar calendar, LocalDate today) {
        return calendar.addWorkingDays(start, allowedDays() + pausedDays(calendar, today));
    }

    /** The due day, or empty when it lies in a year the calendar has no data for yet (the notice is not out). */
    public java.util.Optional<LocalDate> dueOnIfKnown(WorkingDayCalendar calendar, LocalDate today) {
        try {
            return java.util.Optional.of(dueOn(calendar, today));
        } catch (CalendarYearMissingException e) {
            return java.util.Optional.empty();
        }
    }

    /** Working days used so far, pauses not counted. */
    public int elapsedDays(WorkingDayCalendar calendar, LocalDate today) {
        return today.isAfter(start) ? Math.max(0, calendar.workingDaysBetween(start, today) - pausedDays(calendar, today)) : 0;
    }

    /**
     * Reads the clock on {@code today}.
     *
     * @throws io.xiaoneng.platform.calendar.CalendarYearMissingException when a needed year has no calendar data
     */
    public Reading read(WorkingDayCalendar calendar, LocalDate today, LightPolicy policy) {
        int paused = pausedDays(calendar, today);
        LocalDate due = calendar.addWorkingDays(start, allowedDays() + paused);
        int elapsed = elapsedDays(calendar, today);
        boolean overdue = today.isAfter(due);
        int remaining = overdue ? 0 : calendar.workingDaysBetween(today.isBefore(start) ? start : today, due);
        int overdueDays = overdue ? calendar.workingDaysBetween(due, today) : 0;
        Light light = policy.light(allowedDays(), remaining, overdue);
        return new Reading(kind, start, allowedDays(), paused, elapsed, due, remaining, overdueDays, overdue, light);
    }
}
