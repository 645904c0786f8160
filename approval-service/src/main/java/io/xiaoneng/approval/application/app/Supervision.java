package io.xiaoneng.approval.application.app;

import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.application.domain.ApplicationStatus;
import io.xiaoneng.approval.application.domain.ClockKind;
import io.xiaoneng.approval.application.domain.LegalRules;
import io.xiaoneng.approval.application.domain.LegalClock;
import io.xiaoneng.approval.application.domain.Light;
import io.xiaoneng.approval.application.domain.LightPolicy;
import io.xiaoneng.approval.application.domain.PledgeStatus;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What time does to a case by itself: deemed acceptance when the acceptance limit passes (art. 32), and the
 * e-supervision light. Run by commands (after each transition), by reads of a single case, and by
 * {@link SupervisionSweep} for everything else.
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
        if (peek == null || !(awaitsAcceptance(peek) || pledgeOverdue(peek, time.today()))) {
            return;
        }
        em.refresh(peek, LockModeType.PESSIMISTIC_WRITE);
        settle(peek, time.now());
    }

    private static boolean awaitsAcceptance(Application a) {
        return a.status == ApplicationStatus.SUBMITTED || a.status == ApplicationStatus.RESUBMITTED;
    }

    /** An open pledge whose deadline has passed (the breach itself is the domain's to decide). */
    private static boolean pledgeOverdue(Application a, LocalDate today) {
        return a.pledgeStatus == PledgeStatus.OPEN && today.isAfter(a.pledgeDeadline);
    }

    /**
     * What time did to the case by itself — deemed acceptance, a broken pledge — then the light. Must run in a
     * transaction that holds the case's row lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void settle(Application a, Instant now) {
        Application.Act act = systemAct(now);
        a.deemAcceptedIfDue(act).ifPresent(t -> audit.record(a, t, Application.SYSTEM));
        a.breakPledgeIfDue(act).ifPresent(t -> audit.record(a, t, Application.SYSTEM));
        refreshLight(a, now);
    }

    /**
     * Recomputes the case's light as of {@code now}, stores it with the inputs of its clock (so that the daily
     * {@link SupervisionSweep} can recompute it in SQL), and records {@code light-changed} when the colour differs
     * from the stored one. A light of a clock whose due day lies in a year without calendar data stays as it was
     * (nothing is guessed); the sweep computes it once an administrator has loaded that year.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refreshLight(Application a, Instant now) {
        em.flush(); // a new case's row exists before its light refers to it
        refreshLights(List.of(a), now);
    }

    /**
     * {@link #refreshLight} of a case just filed: it has no stored light to compare with (one query less), and its
     * event goes to {@code events} for the caller to record with the filing's own.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lightOfNewCase(Application a, Instant now, List<Outbox.Entry> events) {
        em.flush();
        refreshLights(List.of(a), now, Map.of(), events);
    }

    /** {@link #refreshLight} for many cases: one batched upsert, the events in one insert. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refreshLights(List<Application> cases, Instant now) {
        if (cases.isEmpty()) {
            return;
        }
        List<Outbox.Entry> events = new ArrayList<>();
        refreshLights(cases, now, storedLights(cases.stream().map(a -> a.id).toList()), events);
        outbox.recordEvents(events);
    }

    private void refreshLights(List<Application> cases, Instant now, Map<UUID, Light> previous, List<Outbox.Entry> events) {
        LocalDate today = WorkingDayCalendar.dateOf(now);
        WorkingDayCalendar calendar = calendars.current();
        // JDBC on the transaction's own connection: explicit SQL types for the nulls of a stopped clock.
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into application_light (application_id, department_code, clock, light, due_on, clock_start,
                         allowed_days, paused_days, paused_since, yellow_percent, changed_at, next_change_on,
                         tracking_number, item_code, item_version, composite, status)
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                     on conflict (application_id) do update set
                         department_code = excluded.department_code, clock = excluded.clock,
                         tracking_number = excluded.tracking_number, item_code = excluded.item_code,
                         item_version = excluded.item_version, composite = excluded.composite, status = excluded.status,
                         light = case when excluded.clock <> 'NONE' and excluded.light is null   -- calendar year missing:
                                      then application_light.light else excluded.light end,     -- keep what was shown
                         due_on = case when excluded.clock <> 'NONE' and excluded.light is null
                                      then application_light.due_on else excluded.due_on end,
                         clock_start = excluded.clock_start, allowed_days = excluded.allowed_days,
                         paused_days = excluded.paused_days, paused_since = excluded.paused_since,
                         yellow_percent = excluded.yellow_percent, next_change_on = excluded.next_change_on,
                         changed_at = case when application_light.light is distinct from excluded.light and excluded.light is not null
                                           then excluded.changed_at else application_light.changed_at end""")) {
            for (Application a : cases) {
                LightRow row = lightRow(a, calendar, today);
                ps.setObject(1, a.id);
                ps.setString(2, a.departmentCode);
                ps.setString(3, row.clock());
                ps.setString(4, row.light() == null ? null : row.light().name());
                ps.setObject(5, row.reading() == null ? null : row.reading().dueOn(), Types.DATE);
                ps.setObject(6, row.start(), Types.DATE);
                ps.setObject(7, row.allowedDays(), Types.INTEGER);
                ps.setInt(8, row.pausedDays());
                ps.setObject(9, row.pausedSince(), Types.DATE);
                ps.setObject(10, row.yellowPercent(), Types.INTEGER);
                ps.setObject(11, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(12, row.nextChange(), Types.DATE);
                // the case data of the sweep's light-changed events (SupervisionSweep.lightSweepSql), current as of
                // this transition: every command and deemed acceptance rewrites the light row after its transition
                ps.setString(13, a.trackingNumber);
                ps.setString(14, a.itemCode);
                ps.setInt(15, a.itemVersion);
                ps.setBoolean(16, a.composite);
                ps.setString(17, a.status.name());
                ps.addBatch();
                Light before = previous.get(a.id);
                if (row.light() != null && row.light() != before) {
                    events.add(new Outbox.Entry(ApplicationEvents.LIGHT_CHANGED, a.id.toString(),
                            ApplicationEvents.lightChanged(a, now, row.reading(), before).data()));
                }
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Storing the light failed", e);
        }
    }

    /**
     * The light row of a case: the running clock's inputs and, when the calendar covers the days it needs, its
     * reading. {@code clock} is {@code NONE} when no limit runs.
     */
    record LightRow(String clock, LocalDate start, Integer allowedDays, int pausedDays, LocalDate pausedSince,
                    Integer yellowPercent, LegalClock.Reading reading, LocalDate nextChange) {
        Light light() {
            return reading == null ? null : reading.light();
        }
    }

    LightRow lightRow(Application a, WorkingDayCalendar calendar, LocalDate today) {
        LegalRules rules = time.rules();
        Optional<LegalClock> running = a.runningClock(rules);
        if (running.isEmpty()) {
            return new LightRow(ClockKind.NONE.name(), null, null, 0, null, null, null, null);
        }
        LegalClock clock = running.get();
        int yellow = a.lightPolicy(rules).yellowPercent();
        LocalDate pausedSince = null;
        try {
            int closed = 0;
            for (LegalClock.Interval p : clock.pauses()) {
                if (p.resumedOn() == null) {
                    pausedSince = p.pausedOn();
                } else {
                    closed += calendar.workingDaysBetween(p.pausedOn(), p.resumedOn());
                }
            }
            LegalClock.Reading reading = clock.read(calendar, today, a.lightPolicy(rules));
            return new LightRow(clock.kind().name(), clock.start(), clock.allowedDays(), closed, pausedSince, yellow, reading,
                    nextChange(calendar, clock, reading, yellow, pausedSince));
        } catch (CalendarYearMissingException e) {
            LOG.warnf("No working-day calendar for %d: the light of application %s is not recomputed", e.year(), a.id);
            // the inputs without the closed pauses' length are useless to the sweep: leave allowed_days null so
            // that the sweep recomputes this case in Java once the year is loaded
            return new LightRow(clock.kind().name(), clock.start(), null, 0, pausedSince, yellow, null, null);
        }
    }

    /**
     * The day the light may turn next, so that the daily sweep reads only the cases that may change (index on
     * {@code next_change_on}): RED never turns again; YELLOW turns RED the day after the due day; GREEN turns
     * YELLOW on the first day with at most {@code yellow%} of the allowed days left — the working day
     * {@code floor(yellow% × allowed)} working days before the due day (not before the start). The same rule as
     * {@link LightPolicy#light}, solved for the day; {@code SupervisionSweep} computes it alike in SQL.
     *
     * <p>A paused clock's remaining days stand still (its due day moves on with every paused working day), so its
     * light does not turn while it is paused — except with no day left: then it is red on a day off after its due day
     * (and its due day, shown in the red list, moves daily while red). Such a case is read daily (its pause day, always
     * past); another paused case not at all until a command (the resumption) rewrites its light row.
     */
    static LocalDate nextChange(WorkingDayCalendar calendar, LegalClock clock, LegalClock.Reading reading, int yellow,
                                LocalDate pausedSince) {
        if (pausedSince != null) {
            return reading.light() == Light.RED || reading.remainingDays() == 0 ? pausedSince : null;
        }
        if (reading.light() == Light.RED) {
            return null;
        }
        if (reading.light() == Light.YELLOW) {
            return reading.dueOn().plusDays(1);
        }
        int left = (int) ((long) yellow * clock.allowedDays() / 100);
        LocalDate day = reading.dueOn(); // a working day
        while (left > 0) {
            day = day.minusDays(1);
            if (calendar.isWorkingDay(day)) {
                left--;
            }
        }
        return day.isBefore(clock.start()) ? clock.start() : day;
    }

    private Map<UUID, Light> storedLights(List<UUID> ids) {
        Map<UUID, Light> lights = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select application_id, light from application_light where application_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String light = rs.getString(2);
                    if (light != null) {
                        lights.put(rs.getObject(1, UUID.class), Light.valueOf(light));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the lights failed", e);
        }
        return lights;
    }

    public Optional<Light> storedLight(UUID id) {
        List<?> rows = em.createNativeQuery("select light from application_light where application_id = ?1")
                .setParameter(1, id).getResultList();
        return rows.isEmpty() || rows.get(0) == null ? Optional.empty() : Optional.of(Light.valueOf(rows.get(0).toString()));
    }
}
