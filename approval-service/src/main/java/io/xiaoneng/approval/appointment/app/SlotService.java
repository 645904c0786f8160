package io.xiaoneng.approval.appointment.app;

import io.xiaoneng.approval.appointment.domain.Appointment;
import io.xiaoneng.approval.appointment.domain.AppointmentSlot;
import io.xiaoneng.approval.appointment.domain.SlotKind;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.approval.window.app.WindowService;
import io.xiaoneng.approval.window.domain.ServiceWindow;
import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.events.AppointmentEventTypes;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    AuditTrail audit;

    /** A slot that exists and was not removed (404 otherwise). */
    public AppointmentSlot get(long id) {
        return AppointmentSlot.<AppointmentSlot>findByIdOptional(id).filter(s -> !s.removed())
                .orElseThrow(() -> new NotFoundProblem(KIND, id));
    }

    /** The window's slots from {@code from} to {@code to} (inclusive), by date and time. */
    public List<AppointmentSlot> list(String windowCode, LocalDate from, LocalDate to, boolean onlyAvailable) {
        windows.get(windowCode);
        requireRange(from, to, "from");
        return AppointmentSlot.<AppointmentSlot>find(
                        "windowCode = ?1 and date between ?2 and ?3 and removedAt is null" + (onlyAvailable ? " and booked < capacity" : "")
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
        if (AppointmentSlot.count("windowCode = ?1 and date = ?2 and start = ?3 and removedAt is null", windowCode, date, start) > 0) {
            throw ConflictProblem.alreadyExists(KIND, windowCode + " " + date + " " + start);
        }
        AppointmentSlot slot = new AppointmentSlot(windowCode, date, start, end, kind, capacity);
        slot.persistAndFlush();
        audit.record(caller.username(), KIND, String.valueOf(slot.id), "create", null, slot.definition());
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
                } else if (AppointmentSlot.count("windowCode = ?1 and date = ?2 and start = ?3 and removedAt is null", windowCode, day, t.start()) > 0) {
                    existing++;
                } else {
                    AppointmentSlot slot = new AppointmentSlot(windowCode, day, t.start(), t.end(), kind, t.capacity());
                    slot.persist();
                    created.add(slot);
                }
            }
        }
        AppointmentSlot.flush(); // the ids
        for (AppointmentSlot slot : created) { // each slot is an aggregate of its own: one record each
            audit.record(caller.username(), KIND, String.valueOf(slot.id), "generate", null, slot.definition());
        }
        return new Generation(created, skipped, existing, started);
    }

    // --- edit and removal -----------------------------------------------------------------------------------------

    /** A slot's new date, times and capacity (window and kind stay: they are what the slot is). */
    public record SlotChange(LocalDate date, LocalTime start, LocalTime end, int capacity) {}

    /** What a removal did: the slot, and the bookings it cancelled (their applicants are told through the events). */
    public record Removal(AppointmentSlot slot, List<Appointment> cancelled) {}

    /**
     * Changes a slot, if {@code ifMatch} names its current version. Rules (those of booking systems that do not let
     * the operator break a promise silently):
     * <ul>
     *   <li>a slot that has started is history: no change (409 {@code slot.started});</li>
     *   <li>the capacity never drops below the places already taken (409 {@code slot.capacity-below-bookings});
     *       checked on the row this transaction has locked, so a booking racing the change either counted already
     *       or re-checks {@code booked < capacity} against the new capacity after the commit;</li>
     *   <li>date and times change only while nobody has booked (409 {@code slot.times-locked-by-bookings}): an
     *       applicant's appointment is not moved under him — remove the slot with its bookings (they are told) and
     *       offer a new one;</li>
     *   <li>new times obey the rules of creation (future, end after start, the kind suits the day, no other slot of
     *       the window starts then).</li>
     * </ul>
     * A change that changes nothing keeps the version and records nothing.
     */
    @Transactional
    public AppointmentSlot update(Caller caller, long id, IfMatch ifMatch, SlotChange change) {
        AppointmentSlot slot = lockedForManagement(caller, id);
        ifMatch.check(slot.version);
        boolean timesChange = !slot.date.equals(change.date()) || !slot.start.equals(change.start()) || !slot.end.equals(change.end());
        if (!timesChange && slot.capacity == change.capacity()) {
            return slot;
        }
        requireNotStarted(slot);
        if (change.capacity() < slot.booked) {
            throw (ConflictProblem) new ConflictProblem("slot.capacity-below-bookings", slot.id, change.capacity(), slot.booked)
                    .withProperty("booked", slot.booked);
        }
        if (timesChange) {
            if (slot.booked > 0) {
                throw (ConflictProblem) new ConflictProblem("slot.times-locked-by-bookings", slot.id, slot.booked)
                        .withProperty("booked", slot.booked);
            }
            requireTimes(change.start(), change.end(), "end");
            if (!change.date().atTime(change.start()).atZone(AppointmentClock.ZONE).toInstant().isAfter(clock.now())) {
                throw new UnprocessableProblem("slot.in-past", change.date(), change.start())
                        .withFieldError("date", "slot.in-past", change.date(), change.start());
            }
            boolean workingDay = isWorkingDay(change.date(), "date");
            if (!slot.kind.allowedOn(workingDay)) {
                String key = workingDay ? "slot.holiday-on-working-day" : "slot.working-day-kind-on-non-working-day";
                throw new UnprocessableProblem(key, change.date(), slot.kind.name()).withFieldError("date", key, change.date(), slot.kind.name());
            }
            if (AppointmentSlot.count("windowCode = ?1 and date = ?2 and start = ?3 and removedAt is null and id <> ?4",
                    slot.windowCode, change.date(), change.start(), slot.id) > 0) {
                throw ConflictProblem.alreadyExists(KIND, slot.windowCode + " " + change.date() + " " + change.start());
            }
        }
        Map<String, Object> before = slot.definition();
        slot.date = change.date();
        slot.start = change.start();
        slot.end = change.end();
        slot.capacity = change.capacity();
        slot.persistAndFlush(); // the new version for the ETag and the event
        audit.record(caller.username(), KIND, String.valueOf(slot.id), "change", before, slot.definition());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("slotId", slot.id);
        event.putAll(slot.definition());
        event.put("changedBy", caller.username());
        event.put("occurredAt", clock.now());
        event.put("previous", Map.of("date", before.get("date"), "start", before.get("start"), "end", before.get("end"),
                "capacity", before.get("capacity")));
        outbox.record(AppointmentEventTypes.SLOT_CHANGED, AppointmentEventTypes.slotKey(slot.id), event);
        return slot;
    }

    /**
     * Removes a slot from booking, if {@code ifMatch} names its current version. Without active bookings it simply
     * goes. With active bookings it is refused (409 {@code slot.has-bookings}, naming how many) unless the caller
     * asks to cancel them ({@code cancelBookings}) and says why ({@code reason}, told to the applicants): then every
     * booking is cancelled by the service center — audited, one {@code appointment.cancelled} event each for the
     * notification of its applicant — and the slot goes, all in one transaction. This is how booking systems treat
     * an operator cancelling a session: the bookings are not silently dropped, and nobody can book meanwhile
     * (the slot's row is locked; a booking waiting for it finds the slot removed). A slot that has started stays.
     */
    @Transactional
    public Removal remove(Caller caller, long id, IfMatch ifMatch, boolean cancelBookings, String reason) {
        AppointmentSlot slot = lockedForManagement(caller, id);
        ifMatch.check(slot.version);
        requireNotStarted(slot);
        boolean blankReason = reason == null || reason.isBlank();
        if (slot.booked > 0 && !cancelBookings) {
            throw (ConflictProblem) new ConflictProblem("slot.has-bookings", slot.id, slot.booked)
                    .withProperty("activeBookings", slot.booked);
        }
        if (slot.booked > 0 && blankReason) {
            throw new UnprocessableProblem("slot.cancellation-needs-reason").withFieldError("reason", "slot.cancellation-needs-reason");
        }
        Map<String, Object> before = slot.definition(); // with the places booked before the cancellations
        OffsetDateTime now = clock.nowAtCenter();
        List<Appointment> active = em.createQuery("select a from Appointment a where a.slotId = :slot and a.status = :booked order by a.createdAt, a.id",
                        Appointment.class)
                .setParameter("slot", slot.id).setParameter("booked", Appointment.Status.BOOKED)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        String key = AppointmentEventTypes.slotKey(slot.id);
        for (Appointment a : active) {
            Map<String, Object> booking = a.state();
            a.close(Appointment.CANCEL, Appointment.Status.CANCELLED, caller.username(), now);
            a.cancellationReason = reason.strip();
            audit.record(caller.username(), Appointment.KIND, a.id.toString(), "cancel-by-center", booking, a.state());
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("appointmentId", a.id.toString());
            event.put("slotId", slot.id);
            event.put("windowCode", slot.windowCode);
            event.put("date", slot.date.toString());
            event.put("start", slot.start.toString());
            event.put("end", slot.end.toString());
            event.put("itemCode", a.itemCode);
            event.put("reason", a.cancellationReason);
            event.put("cancelledBy", caller.username());
            event.put("occurredAt", now.toInstant());
            outbox.record(AppointmentEventTypes.APPOINTMENT_CANCELLED, key, event);
        }
        em.flush();
        if (!active.isEmpty()) {
            em.createNativeQuery("update appointment_slot set booked = booked - ?2 where id = ?1")
                    .setParameter(1, slot.id).setParameter(2, active.size()).executeUpdate();
            em.refresh(slot);
        }
        slot.removedAt = now;
        slot.removedBy = caller.username();
        slot.removalReason = blankReason ? null : reason.strip();
        slot.persistAndFlush();
        Map<String, Object> after = new LinkedHashMap<>(slot.definition());
        after.put("removedAt", now.toString());
        after.put("removalReason", slot.removalReason);
        audit.record(caller.username(), KIND, String.valueOf(slot.id), "remove", before, after);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("slotId", slot.id);
        event.put("windowCode", slot.windowCode);
        event.put("date", slot.date.toString());
        event.put("start", slot.start.toString());
        event.put("end", slot.end.toString());
        event.put("cancelledBookings", active.size());
        event.put("reason", slot.removalReason);
        event.put("removedBy", caller.username());
        event.put("occurredAt", now.toInstant());
        outbox.record(AppointmentEventTypes.SLOT_REMOVED, key, event);
        return new Removal(slot, active);
    }

    /** The slot locked for a change: 404 unknown or removed, 403 unless the caller manages the window's slots. */
    private AppointmentSlot lockedForManagement(Caller caller, long id) {
        AppointmentSlot slot = em.find(AppointmentSlot.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (slot == null || slot.removed()) {
            throw new NotFoundProblem(KIND, id);
        }
        ServiceWindow window = ServiceWindow.findById(slot.windowCode);
        if (!caller.managesSlotsOf(window)) {
            throw new ProblemException(403, ProblemCodes.FORBIDDEN, "slot.not-your-window", slot.windowCode);
        }
        return slot;
    }

    private void requireNotStarted(AppointmentSlot slot) {
        if (!clock.now().isBefore(slot.startsAt(AppointmentClock.ZONE))) {
            throw new ConflictProblem("slot.started", slot.id);
        }
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
            throw UnprocessableProblem.calendarYearMissing(e.year()).withFieldError(field, "calendar.year-missing", e.year());
        }
    }
}
