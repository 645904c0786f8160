package io.xiaoneng.approval.application.app;

import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.application.domain.ApplicationStatus;
import io.xiaoneng.approval.application.domain.LegalClock;
import io.xiaoneng.approval.application.domain.Light;
import io.xiaoneng.approval.application.events.ApplicationEvents;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What time does to a case by itself: deemed acceptance when the acceptance limit passes (art. 32), and the
 * e-supervision light. Run by commands (after each transition), by reads of a single case, and by
 * {@link SupervisionJob} for everything else.
 */
@ApplicationScoped
public class Supervision {

    private static final Logger LOG = Logger.getLogger(Supervision.class);

    @Inject
    EntityManager em;

    @Inject
    Calendars calendars;

    @Inject
    LegalTime time;

    @Inject
    ApplicationAudit audit;

    @Inject
    Outbox outbox;

    @Inject
    DataSource dataSource;

    public Application.Act systemAct(Instant now) {
        return new Application.Act(Application.SYSTEM, now, calendars.current(), time.rules());
    }

    /**
     * Applies a deemed acceptance that has fallen due, in its own transaction, before a command or read works
     * on the case: what the law did at the deadline is committed whatever the request then does. A client holding
     * the previous ETag gets 412 and sees the accepted case on its next read.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void settleDue(UUID id) {
        Application peek = em.find(Application.class, id);
        if (peek == null || (peek.status != ApplicationStatus.SUBMITTED && peek.status != ApplicationStatus.RESUBMITTED)) {
            return;
        }
        em.refresh(peek, LockModeType.PESSIMISTIC_WRITE);
        settle(peek, time.now());
    }

    /** Deemed acceptance if due, then the light. Must run in a transaction that holds the case's row lock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void settle(Application a, Instant now) {
        a.deemAcceptedIfDue(systemAct(now)).ifPresent(t -> audit.record(a, t, Application.SYSTEM));
        refreshLight(a, now);
    }

    /**
     * Recomputes the case's light as of {@code now}, stores it, and records {@code light-changed} when it differs
     * from the stored one. A light of a clock whose due day lies in a year without calendar data stays as it was
     * (nothing is guessed); an administrator has to load that year.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refreshLight(Application a, Instant now) {
        em.flush(); // a new case's row exists before its light refers to it
        LocalDate today = WorkingDayCalendar.dateOf(now);
        Light previous = storedLight(a.id).orElse(null);
        Optional<LegalClock> clock = a.runningClock(time.rules());
        LegalClock.Reading reading = null;
        if (clock.isPresent()) {
            try {
                reading = clock.get().read(calendars.current(), today, time.rules().lightPolicy());
            } catch (CalendarYearMissingException e) {
                LOG.warnf("No working-day calendar for %d: the light of application %s is not recomputed", e.year(), a.id);
                markChecked(a, today);
                return;
            }
        }
        Light light = reading == null ? null : reading.light();
        // JDBC on the transaction's own connection: explicit SQL types for the nulls of a stopped clock.
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into application_light (application_id, department_code, clock, light, due_on, remaining_days, overdue_days, checked_on, changed_at)
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                     on conflict (application_id) do update set
                         department_code = excluded.department_code, clock = excluded.clock, light = excluded.light,
                         due_on = excluded.due_on, remaining_days = excluded.remaining_days, overdue_days = excluded.overdue_days,
                         checked_on = excluded.checked_on,
                         changed_at = case when application_light.light is distinct from excluded.light
                                           then excluded.changed_at else application_light.changed_at end""")) {
            ps.setObject(1, a.id);
            ps.setString(2, a.departmentCode);
            ps.setString(3, reading == null ? "NONE" : reading.kind().name());
            ps.setString(4, light == null ? null : light.name());
            ps.setObject(5, reading == null ? null : reading.dueOn(), Types.DATE);
            ps.setObject(6, reading == null ? null : reading.remainingDays(), Types.INTEGER);
            ps.setObject(7, reading == null ? null : reading.overdueDays(), Types.INTEGER);
            ps.setObject(8, today, Types.DATE);
            ps.setObject(9, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Storing the light failed", e);
        }
        if (light != null && light != previous) {
            ApplicationEvents.Pending event = ApplicationEvents.lightChanged(a, now, reading, previous);
            outbox.record(event.type(), a.id.toString(), event.data());
        }
    }

    private void markChecked(Application a, LocalDate today) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into application_light (application_id, department_code, clock, checked_on, changed_at)
                     values (?, ?, 'NONE', ?, now())
                     on conflict (application_id) do update set checked_on = excluded.checked_on""")) {
            ps.setObject(1, a.id);
            ps.setString(2, a.departmentCode);
            ps.setObject(3, today, Types.DATE);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Storing the light failed", e);
        }
    }

    public Optional<Light> storedLight(UUID id) {
        List<?> rows = em.createNativeQuery("select light from application_light where application_id = ?1")
                .setParameter(1, id).getResultList();
        return rows.isEmpty() || rows.get(0) == null ? Optional.empty() : Optional.of(Light.valueOf(rows.get(0).toString()));
    }
}
