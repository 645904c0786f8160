package io.xiaoneng.approval.appointment.app;

import io.xiaoneng.approval.appointment.domain.AppointmentSlot;
import io.xiaoneng.approval.appointment.domain.SlotKind;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.approval.window.app.WindowService;
import io.xiaoneng.approval.window.domain.ServiceWindow;
import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Defining appointment slots: one at a time, or generated for a date range from a template of times. Which days a
 * slot may lie on is decided by the working-day calendar ({@link Calendars#current()}) and the window's services.
 */
@ApplicationScoped
public class SlotService {

    public static final String KIND = "appointment-slot";

    /** Longest range a listing or a generation may cover: a quarter, enough for any booking horizon. */
    public static final int MAX_RANGE_DAYS = 92;

    /** One time of a generation template. */
    public record SlotTime(LocalTime start, LocalTime end, int capacity) {}

    public enum SkipReason { WORKING_DAY, NON_WORKING_DAY }

    public record SkippedDay(LocalDate date, SkipReason reason) {}

    /** What a generation did: the slots it created, the days that do not suit the kind, and what existed already or had passed. */
    public record Generation(List<AppointmentSlot> created, List<SkippedDay> skippedDays, int alreadyExisting, int alreadyStarted) {}

    @Inject
    WindowService windows;

    @Inject
    Calendars calendars;

    @Inject
    AppointmentClock clock;

    public AppointmentSlot get(long id) {
        return AppointmentSlot.<AppointmentSlot>findByIdOptional(id).orElseThrow(() -> new NotFoundProblem(KIND, id));
    }

    /** The window's slots from {@code from} to {@code to} (inclusive), by date and time. */
    public List<AppointmentSlot> list(String windowCode, LocalDate from, LocalDate to, boolean onlyAvailable) {
        windows.get(windowCode);
        requireRange(from, to, "from");
        return AppointmentSlot.<AppointmentSlot>find(
                        "windowCode = ?1 and date between ?2 and ?3" + (onlyAvailable ? " and booked < capacity" : "")
                                + " order by date, start, id", windowCode, from, to)
                .list();
    }

    @Transactional
    public AppointmentSlot create(Caller caller, String windowCode, LocalDate date, LocalTime start, LocalTime end,
                                  SlotKind kind, int capacity) {
        ServiceWindow window = managedWindow(caller, windowCode);
        requireKindOffered(window, kind);
        requireTimes(start, end, "end");
        if (!date.atTime(start).atZone(AppointmentClock.ZONE).toInstant().isAfter(clock.now())) {
            throw new UnprocessableProblem("slot.in-past", date, start).withFieldError("date", "slot.in-past", date, start);
        }
        boolean workingDay = isWorkingDay(date, "date");
        if (!kind.allowedOn(workingDay)) {
            String key = workingDay ? "slot.holiday-on-working-day" : "slot.working-day-kind-on-non-working-day";
            throw new UnprocessableProblem(key, date, kind.name()).withFieldError("date", key, date, kind.name());
        }
        if (AppointmentSlot.count("windowCode = ?1 and date = ?2 and start = ?3", windowCode, date, start) > 0) {
            throw ConflictProblem.alreadyExists(KIND, windowCode + " " + date + " " + start);
        }
        AppointmentSlot slot = new AppointmentSlot(windowCode, date, start, end, kind, capacity);
        slot.persistAndFlush();
        return slot;
    }

    /**
     * Creates the template's slots on every day of {@code from..to} that suits {@code kind}: REGULAR and
     * EXTENDED_HOURS on working days (make-up Saturdays included, holidays excluded), HOLIDAY on the others. Days
     * that do not suit are reported, not refused, so "every working day of the next two weeks" is one request.
     * Slots that exist already (same window, date and start) are kept as they are, so repeating a generation is
     * harmless. A range reaching into a year without calendar data is refused as a whole: guessing by weekday
     * would be wrong around 春节 and 国庆.
     */
    @Transactional
    public Generation generate(Caller caller, String windowCode, LocalDate from, LocalDate to, SlotKind kind, List<SlotTime> times) {
        ServiceWindow window = managedWindow(caller, windowCode);
        requireKindOffered(window, kind);
        requireRange(from, to, "from");
        if (from.isBefore(clock.today())) {
            throw new UnprocessableProblem("slot.range-in-past", from).withFieldError("from", "slot.in-past-date", from);
        }
        Set<LocalTime> starts = new HashSet<>();
        for (int i = 0; i < times.size(); i++) {
            SlotTime t = times.get(i);
            requireTimes(t.start(), t.end(), "times[" + i + "].end");
            if (!starts.add(t.start())) {
                throw new UnprocessableProblem("slot.duplicate-start", t.start())
                        .withFieldError("times[" + i + "].start", "slot.duplicate-start", t.start());
            }
        }
        // Look every day up before creating anything: a missing year refuses the whole range.
        List<LocalDate> days = from.datesUntil(to.plusDays(1)).toList();
        List<Boolean> working = new ArrayList<>();
        for (LocalDate day : days) {
            working.add(isWorkingDay(day, "to"));
        }
        List<AppointmentSlot> created = new ArrayList<>();
        List<SkippedDay> skipped = new ArrayList<>();
        int existing = 0;
        int started = 0;
        for (int d = 0; d < days.size(); d++) {
            LocalDate day = days.get(d);
            if (!kind.allowedOn(working.get(d))) {
                skipped.add(new SkippedDay(day, working.get(d) ? SkipReason.WORKING_DAY : SkipReason.NON_WORKING_DAY));
                continue;
            }
            for (SlotTime t : times) {
                if (!day.atTime(t.start()).atZone(AppointmentClock.ZONE).toInstant().isAfter(clock.now())) {
                    started++;
                } else if (AppointmentSlot.count("windowCode = ?1 and date = ?2 and start = ?3", windowCode, day, t.start()) > 0) {
                    existing++;
                } else {
                    AppointmentSlot slot = new AppointmentSlot(windowCode, day, t.start(), t.end(), kind, t.capacity());
                    slot.persist();
                    created.add(slot);
                }
            }
        }
        AppointmentSlot.flush();
        return new Generation(created, skipped, existing, started);
    }

    /** The window, if the caller may define its slots (403 otherwise); 422 when it does not exist. */
    private static ServiceWindow managedWindow(Caller caller, String windowCode) {
        ServiceWindow window = ServiceWindow.findById(windowCode);
        if (window == null) {
            ProblemException.Msg kind = new ProblemException.Msg("kind." + WindowService.KIND, WindowService.KIND);
            throw new UnprocessableProblem("reference-not-found", kind, windowCode)
                    .withFieldError("windowCode", "reference-not-found", kind, windowCode);
        }
        if (!caller.managesSlotsOf(window)) {
            throw new ProblemException(403, ProblemCodes.FORBIDDEN, "slot.not-your-window", windowCode);
        }
        if (!window.active) {
            throw new UnprocessableProblem("window.inactive", windowCode).withFieldError("windowCode", "window.inactive", windowCode);
        }
        return window;
    }

    /** Extended-hours and holiday slots only at windows that offer that service (the window's flags say so). */
    private static void requireKindOffered(ServiceWindow window, SlotKind kind) {
        if (kind == SlotKind.EXTENDED_HOURS && !window.extendedHours) {
            throw new UnprocessableProblem("slot.no-extended-hours", window.code).withFieldError("kind", "slot.no-extended-hours", window.code);
        }
        if (kind == SlotKind.HOLIDAY && !window.holidayService) {
            throw new UnprocessableProblem("slot.no-holiday-service", window.code).withFieldError("kind", "slot.no-holiday-service", window.code);
        }
    }

    private static void requireTimes(LocalTime start, LocalTime end, String endField) {
        if (!end.isAfter(start)) {
            throw new UnprocessableProblem("slot.end-not-after-start", start, end).withFieldError(endField, "slot.end-not-after-start", start, end);
        }
    }

    static void requireRange(LocalDate from, LocalDate to, String field) {
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw new UnprocessableProblem("slot.range", MAX_RANGE_DAYS).withFieldError(field, "slot.range", MAX_RANGE_DAYS);
        }
    }

    private boolean isWorkingDay(LocalDate date, String field) {
        WorkingDayCalendar calendar = calendars.current();
        try {
            return calendar.isWorkingDay(date);
        } catch (CalendarYearMissingException e) {
            throw new UnprocessableProblem("calendar.year-missing", e.year()).withFieldError(field, "calendar.year-missing", e.year());
        }
    }
}
