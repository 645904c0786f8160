package io.xiaoneng.approval.appointment.app;

import io.xiaoneng.approval.appointment.domain.Appointment;
import io.xiaoneng.approval.appointment.domain.Appointment.Status;
import io.xiaoneng.approval.appointment.domain.AppointmentSlot;
import io.xiaoneng.approval.catalog.domain.CatalogItem;
import io.xiaoneng.approval.window.app.WindowService;
import io.xiaoneng.approval.window.domain.ServiceWindow;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import io.xiaoneng.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Booking, cancelling and marking appointments.
 *
 * <p><b>No overbooking.</b> A place is taken by one statement, {@code update appointment_slot set booked = booked + 1
 * where id = ? and booked < capacity}. PostgreSQL row-locks the slot for the update; a concurrent booking waits for
 * that lock and then re-evaluates the condition against the committed row (READ COMMITTED re-check), so of any
 * number of simultaneous requests exactly {@code capacity} find a free place and the others update no row and get
 * 409 {@code slot-full}. The table's {@code check (booked <= capacity)} would refuse anything else. The booking row
 * is inserted in the same transaction, so a place is never taken without its booking or the other way round.
 */
@ApplicationScoped
public class AppointmentService {

    public record Booked(Appointment appointment, AppointmentSlot slot) {}

    @Inject
    EntityManager em;

    @Inject
    AppointmentClock clock;

    @Inject
    AuditTrail audit;

    /**
     * Books a place in {@code slotId} for {@code onBehalfOf} (a clerk of the window booking for an applicant, e.g.
     * one who phoned) or, when that is empty, for the caller himself (an applicant).
     */
    @Transactional
    public Booked book(Caller caller, long slotId, String itemCode, Optional<String> onBehalfOf) {
        AppointmentSlot slot = AppointmentSlot.findById(slotId);
        if (slot == null || slot.removed()) {
            ProblemException.Msg kind = new ProblemException.Msg("kind." + SlotService.KIND, SlotService.KIND);
            throw new UnprocessableProblem("reference-not-found", kind, slotId)
                    .withFieldError("slotId", "reference-not-found", kind, slotId);
        }
        ServiceWindow window = ServiceWindow.findById(slot.windowCode);
        String applicant = applicantFor(caller, window, onBehalfOf);
        if (!window.active) {
            throw new UnprocessableProblem("window.inactive", window.code);
        }
        if (!clock.now().isBefore(slot.startsAt(AppointmentClock.ZONE))) {
            throw new ConflictProblem("appointment.slot-started", slotId);
        }
        requireItemAtWindow(itemCode, window);
        requireNotBooked(applicant, slotId);
        // "removed_at is null": a removal that committed while this booking waited for the slot's row lock wins
        int taken = em.createNativeQuery("update appointment_slot set booked = booked + 1 where id = ?1 and booked < capacity and removed_at is null")
                .setParameter(1, slotId).executeUpdate();
        if (taken == 0) {
            em.refresh(slot);
            if (slot.removed()) {
                ProblemException.Msg kind = new ProblemException.Msg("kind." + SlotService.KIND, SlotService.KIND);
                throw new UnprocessableProblem("reference-not-found", kind, slotId)
                        .withFieldError("slotId", "reference-not-found", kind, slotId);
            }
            throw new SlotFullProblem(slotId, slot.capacity);
        }
        // Again, now that this transaction holds the slot's row: a booking of the same applicant that raced past
        // the first check committed before the lock was granted, and is visible now (read committed).
        requireNotBooked(applicant, slotId);
        Appointment appointment = new Appointment(slot, applicant, caller.username(), itemCode, clock.nowAtCenter());
        // The partial unique index (one active booking per applicant and slot) backs the check up.
        appointment.persistAndFlush();
        audit.record(caller.username(), Appointment.KIND, appointment.id.toString(), "book", null, appointment.state());
        em.refresh(slot);
        return new Booked(appointment, slot);
    }

    private static void requireNotBooked(String applicant, long slotId) {
        Appointment existing = Appointment.find("slotId = ?1 and applicant = ?2 and status = ?3", slotId, applicant, Status.BOOKED).firstResult();
        if (existing != null) {
            throw new AlreadyBookedProblem(applicant, slotId, existing.id);
        }
    }

    /** The applicant cancels his booking, until the slot starts; the place becomes free again. */
    @Transactional
    public Booked cancel(Caller caller, UUID id) {
        Appointment appointment = locked(caller, id);
        if (!appointment.applicant.equals(caller.username())) {
            throw new ProblemException(403, ProblemCodes.FORBIDDEN, "appointment.cancel-own-only");
        }
        AppointmentSlot slot = AppointmentSlot.findById(appointment.slotId);
        appointment.requireBooked(Appointment.CANCEL);
        if (!clock.now().isBefore(slot.startsAt(AppointmentClock.ZONE))) {
            throw new ConflictProblem("appointment.slot-started", slot.id);
        }
        Map<String, Object> before = appointment.state();
        appointment.close(Appointment.CANCEL, Status.CANCELLED, caller.username(), clock.nowAtCenter());
        audit.record(caller.username(), Appointment.KIND, appointment.id.toString(), "cancel", before, appointment.state());
        em.createNativeQuery("update appointment_slot set booked = booked - 1 where id = ?1 and booked > 0")
                .setParameter(1, slot.id).executeUpdate();
        appointment.persistAndFlush();
        em.refresh(slot);
        return new Booked(appointment, slot);
    }

    /** A clerk of the window records that the applicant came (from the slot's day on). */
    @Transactional
    public Booked markAttended(Caller caller, UUID id) {
        Appointment appointment = locked(caller, id);
        AppointmentSlot slot = AppointmentSlot.findById(appointment.slotId);
        requireClerk(caller, appointment);
        appointment.requireBooked(Appointment.ATTEND);
        if (clock.today().isBefore(slot.date)) {
            throw new ConflictProblem("appointment.slot-day-not-reached", slot.date);
        }
        Map<String, Object> before = appointment.state();
        appointment.close(Appointment.ATTEND, Status.ATTENDED, caller.username(), clock.nowAtCenter());
        audit.record(caller.username(), Appointment.KIND, appointment.id.toString(), "attend", before, appointment.state());
        appointment.persistAndFlush();
        return new Booked(appointment, slot);
    }

    /** A clerk of the window records that the applicant did not come; only once the slot is over. */
    @Transactional
    public Booked markNoShow(Caller caller, UUID id) {
        Appointment appointment = locked(caller, id);
        AppointmentSlot slot = AppointmentSlot.findById(appointment.slotId);
        requireClerk(caller, appointment);
        appointment.requireBooked(Appointment.NO_SHOW);
        if (clock.now().isBefore(slot.endsAt(AppointmentClock.ZONE))) {
            throw new ConflictProblem("appointment.slot-not-ended", slot.id);
        }
        Map<String, Object> before = appointment.state();
        appointment.close(Appointment.NO_SHOW, Status.NO_SHOW, caller.username(), clock.nowAtCenter());
        audit.record(caller.username(), Appointment.KIND, appointment.id.toString(), "no-show", before, appointment.state());
        appointment.persistAndFlush();
        return new Booked(appointment, slot);
    }

    /** One appointment, for its applicant, the officials of its window and county-wide roles; 404 for anyone else. */
    public Booked get(Caller caller, UUID id) {
        Appointment appointment = Appointment.<Appointment>findByIdOptional(id).orElseThrow(() -> new NotFoundProblem(Appointment.KIND, id));
        requireVisible(caller, appointment);
        return new Booked(appointment, AppointmentSlot.findById(appointment.slotId));
    }

    /** The caller's own appointments, by slot time. */
    public PageOf<Booked> mine(Caller caller, Optional<Status> status, PageRequest page) {
        return page("a.applicant = :who", Map.of("who", caller.username()), status, page);
    }

    /** A window's bookings, optionally of one day: for its officials and county-wide roles. */
    public PageOf<Booked> forWindow(Caller caller, String windowCode, Optional<LocalDate> date, Optional<Status> status, PageRequest page) {
        ServiceWindow window = ServiceWindow.<ServiceWindow>findByIdOptional(windowCode)
                .orElseThrow(() -> new NotFoundProblem(WindowService.KIND, windowCode));
        if (!caller.seesBookingsOf(window)) {
            throw new ProblemException(403, ProblemCodes.FORBIDDEN, "appointment.not-your-window", windowCode);
        }
        return date.map(d -> page("a.windowCode = :window and s.date = :date", Map.of("window", windowCode, "date", d), status, page))
                .orElseGet(() -> page("a.windowCode = :window", Map.of("window", windowCode), status, page));
    }

    private PageOf<Booked> page(String where, Map<String, Object> params, Optional<Status> status, PageRequest page) {
        String condition = where + (status.isPresent() ? " and a.status = :status" : "");
        String from = " from Appointment a, AppointmentSlot s where s.id = a.slotId and " + condition;
        var count = em.createQuery("select count(a)" + from, Long.class);
        var select = em.createQuery("select a" + from + " order by s.date, s.start, a.createdAt, a.id", Appointment.class);
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            select.setParameter(k, v);
        });
        status.ifPresent(s -> {
            count.setParameter("status", s);
            select.setParameter("status", s);
        });
        PageOf<Appointment> appointments = PageOf.of(select, count, page);
        Map<Long, AppointmentSlot> slots = appointments.items().isEmpty() ? Map.of()
                : AppointmentSlot.<AppointmentSlot>list("id in ?1", appointments.items().stream().map(a -> a.slotId).distinct().toList())
                .stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
        return appointments.map(a -> new Booked(a, slots.get(a.slotId)));
    }

    /** Who the booking is for, if the caller may make it (403 otherwise). */
    private static String applicantFor(Caller caller, ServiceWindow window, Optional<String> onBehalfOf) {
        if (onBehalfOf.isPresent() && !onBehalfOf.get().equals(caller.username())) {
            if (!caller.isClerkOf(window)) {
                throw new ProblemException(403, ProblemCodes.FORBIDDEN, "appointment.on-behalf-clerks-only", window.code);
            }
            return onBehalfOf.get();
        }
        if (!caller.has(Roles.APPLICANT)) {
            if (caller.isClerkOf(window)) { // a clerk booking "for himself" forgot whom the booking is for
                throw new UnprocessableProblem("appointment.applicant-required").withFieldError("applicant", "appointment.applicant-required");
            }
            throw new ProblemException(403, ProblemCodes.FORBIDDEN, "appointment.applicants-only");
        }
        return caller.username();
    }

    /**
     * The item code is free text (an item may be booked before the catalog lists it), but an item the catalog
     * does know must be retained and belong to a department the window serves: an appointment at the wrong window
     * would send the applicant on exactly the extra trip appointments are meant to save.
     */
    private static void requireItemAtWindow(String itemCode, ServiceWindow window) {
        CatalogItem item = CatalogItem.findById(itemCode);
        if (item == null) {
            return;
        }
        if (item.status == CatalogItem.Status.CANCELLED) {
            throw new UnprocessableProblem("appointment.item-cancelled", itemCode).withFieldError("itemCode", "appointment.item-cancelled", itemCode);
        }
        if (!window.serves(item.departmentCode)) {
            throw new UnprocessableProblem("appointment.item-not-at-window", itemCode, window.code)
                    .withFieldError("itemCode", "appointment.item-not-at-window", itemCode, window.code);
        }
    }

    private static Appointment locked(Caller caller, UUID id) {
        Appointment appointment = Appointment.<Appointment>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(Appointment.KIND, id));
        requireVisible(caller, appointment);
        return appointment;
    }

    /** Other applicants (and officials of other departments) get 404: they learn nothing about who booked what. */
    private static void requireVisible(Caller caller, Appointment appointment) {
        if (appointment.applicant.equals(caller.username()) || caller.countyWide()) {
            return;
        }
        ServiceWindow window = ServiceWindow.findById(appointment.windowCode);
        if (!caller.worksAt(window)) {
            throw new NotFoundProblem(Appointment.KIND, appointment.id);
        }
    }

    private static void requireClerk(Caller caller, Appointment appointment) {
        ServiceWindow window = ServiceWindow.findById(appointment.windowCode);
        if (!caller.isClerkOf(window)) {
            throw new ProblemException(403, ProblemCodes.FORBIDDEN, "appointment.clerks-only", window.code);
        }
    }
}
