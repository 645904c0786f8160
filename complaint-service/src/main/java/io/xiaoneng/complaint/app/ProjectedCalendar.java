package io.xiaoneng.complaint.app;

import io.xiaoneng.platform.calendar.CalendarYear;
import io.xiaoneng.platform.calendar.CalendarYearParser;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;

/**
 * The working-day calendar the deadlines of the four-step rule are counted with: the county's calendar as
 * approval-service publishes it (projection {@code calendar_year_projection}, fed by
 * {@link io.xiaoneng.complaint.events.CalendarProjection}), over the years bundled with the platform.
 *
 * <p><b>Fallback.</b> A year approval-service has not published (yet) is taken from the bundled data (2024–2026), so
 * a fresh installation whose consumer has not caught up still computes deadlines; a year neither has gives no
 * deadline (the domain stores none rather than guess, and the deadline job logs it). A published year always wins
 * over the bundled one: the county's administrators correct it there (an extra holiday, a moved make-up day).
 *
 * <p><b>Freshness.</b> Rebuilt only when the projected years changed: the consumer on this replica marks the
 * calendar stale right after its transaction commits; the other replicas (the consumer group delivers each event
 * to one of them) notice through a one-row fingerprint query at most every
 * {@code xiaoneng.complaint.calendar.refresh-interval} (30 s). Holiday notices are published weeks ahead, so 30 s
 * of staleness cannot move a deadline that matters, while intake does not pay a query per request.
 */
@ApplicationScoped
public class ProjectedCalendar {

    private static final WorkingDayCalendar BUNDLED = WorkingDayCalendar.loadBundled();

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @ConfigProperty(name = "xiaoneng.complaint.calendar.refresh-interval", defaultValue = "30s")
    Duration refreshInterval;

    private volatile String fingerprint;
    private volatile WorkingDayCalendar current = BUNDLED;
    private volatile long nextCheckNanos = Long.MIN_VALUE;
    private volatile boolean stale = true;

    /** The calendar in force: the published years over the bundled ones. */
    @Transactional
    public WorkingDayCalendar current() {
        long now = System.nanoTime();
        if (stale || now - nextCheckNanos >= 0) {
            stale = false;
            nextCheckNanos = now + refreshInterval.toNanos();
            String seen = (String) em.createNativeQuery(
                    "select coalesce(string_agg(year || ':' || event_id, ',' order by year), '') from calendar_year_projection")
                    .getSingleResult();
            if (!seen.equals(fingerprint)) {
                current = buildFromTable();
                fingerprint = seen;
            }
        }
        return current;
    }

    /** The calendar from the table as this transaction sees it (bypasses the cache). */
    @SuppressWarnings("unchecked")
    public WorkingDayCalendar buildFromTable() {
        WorkingDayCalendar calendar = BUNDLED;
        List<Object[]> rows = em.createNativeQuery("select year, data from calendar_year_projection order by year").getResultList();
        for (Object[] row : rows) {
            CalendarYear year = CalendarYearParser.parse((String) row[1], ((Number) row[0]).intValue());
            calendar = calendar.with(year);
        }
        return calendar;
    }

    /** Called by the consumer inside its transaction: the next use after the commit reloads. */
    public void changedInThisTransaction() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    stale = true;
                }
            }
        });
    }
}
