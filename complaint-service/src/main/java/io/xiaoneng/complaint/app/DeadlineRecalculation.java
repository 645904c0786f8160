package io.xiaoneng.complaint.app;

import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.complaint.domain.StepLimits;
import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A published or corrected calendar year moves the deadlines already running: the current step's deadline of every
 * open case that the year can affect is counted again from the day its step began, with the new calendar, in the
 * transaction that stores the year. Only cases whose deadline lies in or after that year (or that had none for want
 * of calendar data) can change; open cases are a small share of all complaints, so this is a short loop.
 *
 * <p>The update is native and keeps the case's version: the case did not change, the calendar did (as the deadline
 * job's daily mark). {@code alerts_checked_on} is cleared so that the deadline job looks at the case again today;
 * alerts already given for the step instance stay given.
 */
@ApplicationScoped
public class DeadlineRecalculation {

    private static final Logger LOG = Logger.getLogger(DeadlineRecalculation.class);

    @Inject
    EntityManager em;

    @Inject
    ComplaintRules rules;

    @Inject
    ProjectedCalendar projected;

    /** Recounts the running deadlines {@code year} may affect; returns how many moved. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public int afterCalendarChange(int year) {
        WorkingDayCalendar calendar = projected.buildFromTable();
        List<Object[]> rows = em.createNativeQuery("""
                select id, category_code, status, step_started_at, step_due_on from complaint
                where status in ('RECEIVED', 'ACCEPTED', 'AWAITING_DECISION', 'DISPATCHED', 'HANDLED', 'REFERRED')
                  and (step_due_on is null or step_due_on >= ?1)
                for update""")
                .setParameter(1, LocalDate.of(year, 1, 1))
                .getResultList();
        Map<String, StepLimits> limits = new HashMap<>();
        int moved = 0;
        for (Object[] r : rows) {
            ComplaintStatus status = ComplaintStatus.valueOf((String) r[2]);
            int days = limits.computeIfAbsent((String) r[1], rules::limitsOf).daysFor(status);
            if (days < 0) {
                continue;
            }
            LocalDate due;
            try {
                due = calendar.addWorkingDays(WorkingDayCalendar.dateOf(instant(r[3])), days);
            } catch (CalendarYearMissingException e) {
                due = null;
            }
            LocalDate was = r[4] == null ? null : r[4] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) r[4];
            if (java.util.Objects.equals(was, due)) {
                continue;
            }
            em.createNativeQuery("update complaint set step_due_on = ?1, alerts_checked_on = null where id = ?2")
                    .setParameter(1, due).setParameter(2, r[0] instanceof UUID u ? u : UUID.fromString(r[0].toString()))
                    .executeUpdate();
            moved++;
        }
        if (moved > 0) {
            LOG.infof("Calendar year %d changed: %d running complaint deadlines recounted", year, moved);
        }
        return moved;
    }

    private static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((Timestamp) o).toInstant();
    }
}
