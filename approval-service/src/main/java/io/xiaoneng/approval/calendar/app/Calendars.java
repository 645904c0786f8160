package io.xiaoneng.approval.calendar.app;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.xiaoneng.approval.calendar.domain.CalendarYearRecord;
import io.xiaoneng.platform.calendar.CalendarYear;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The working-day calendar approval-service computes legal deadlines with, built from the years in the database.
 *
 * <p>The calendar is immutable; a change replaces it as a whole. On start the bundled years are seeded where
 * missing and the calendar is built from the table. A year loaded through this replica's API is applied right
 * after its commit ({@link #reload()}); other replicas notice within {@code xiaoneng.calendar.refresh-interval}
 * (default 30 s) by comparing the table's fingerprint — one short query, no parsing unless something changed.
 * Polling the service's own table was chosen over consuming its own Kafka topic: it needs no consumer group per
 * replica and cannot disagree with the data of record.
 */
@ApplicationScoped
public class Calendars {

    private static final Logger LOG = Logger.getLogger(Calendars.class);

    @Inject
    CalendarService service;

    @ConfigProperty(name = "xiaoneng.calendar.refresh-interval", defaultValue = "30s")
    Duration refreshInterval;

    /** Until the first load from the database (during start-up), the bundled years. */
    private volatile WorkingDayCalendar current = WorkingDayCalendar.loadBundled();
    private volatile String loadedFingerprint;
    private ScheduledExecutorService refresher;

    /** The calendar as it is now (immutable; a loaded or corrected year replaces it as a whole). */
    public WorkingDayCalendar current() {
        return current;
    }

    /** Before the demo data and anything else that may compute deadlines at start-up. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        List<Integer> added = service.seedBundled();
        if (!added.isEmpty()) {
            LOG.infof("Working-day calendar: bundled years %s stored", added);
        }
        reload();
        if (!refreshInterval.isZero() && !refreshInterval.isNegative()) {
            refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "calendar-refresh");
                t.setDaemon(true);
                return t;
            });
            long every = refreshInterval.toMillis();
            refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** Rebuilds the calendar from the table if another replica (or anyone) changed it since the last build. */
    public void refreshIfChanged() {
        if (!service.fingerprint().equals(loadedFingerprint)) {
            reload();
        }
    }

    private void refreshQuietly() {
        try {
            refreshIfChanged();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Working-day calendar refresh failed; keeping %s, next attempt in %s", current, refreshInterval);
        }
    }

    /**
     * Rebuilds the calendar from the table. The fingerprint is read first: a change committed in between makes the
     * next refresh rebuild again, never the other way round (a stale calendar marked current).
     */
    public synchronized void reload() {
        String fingerprint = service.fingerprint();
        List<CalendarYear> years = new ArrayList<>();
        for (CalendarYearRecord record : service.list()) {
            try {
                years.add(CalendarService.parse(record));
            } catch (RuntimeException e) {
                // Stored data passed the rules when it was stored; if a platform upgrade tightened them, the year
                // is left out (its dates then get "no calendar data") rather than silently used.
                LOG.errorf(e, "Working-day calendar: stored year %d no longer passes the platform's rules; left out", record.year);
            }
        }
        WorkingDayCalendar rebuilt = WorkingDayCalendar.of(years);
        LOG.debugf("Working-day calendar rebuilt: %s (%s)", rebuilt, fingerprint);
        current = rebuilt;
        loadedFingerprint = fingerprint;
    }
}
