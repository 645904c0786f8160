package io.xiaoneng.approval.application.app;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Recomputes deemed acceptances and lights of every open case once a day (a light only changes when the date
 * does, or with a command, which recomputes it itself). Runs every {@code xiaoneng.approval.supervision.interval}
 * on every replica; safe with any number of them: each batch takes its cases with
 * {@code SELECT … FOR UPDATE SKIP LOCKED}, so a case locked by another replica (or by a command in progress) is
 * skipped, never processed twice at once, and picked up by the next run if still unchecked. A case counts as
 * checked for the day once its light row says so ({@code checked_on}).
 */
@ApplicationScoped
public class SupervisionJob {

    private static final Logger LOG = Logger.getLogger(SupervisionJob.class);

    @Inject
    EntityManager em;

    @Inject
    Supervision supervision;

    @Inject
    LegalTime time;

    @ConfigProperty(name = "xiaoneng.approval.supervision.batch-size", defaultValue = "100")
    int batchSize;

    @Scheduled(identity = "application-supervision", every = "${xiaoneng.approval.supervision.interval}",
            delayed = "${xiaoneng.approval.supervision.initial-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int done = runOnce();
            if (done > 0) {
                LOG.debugf("Supervision: %d cases checked", done);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Supervision run failed; the next run continues where it stopped");
        }
    }

    /** Checks every case not yet checked today, batch by batch (one transaction each); returns how many. */
    public int runOnce() {
        int total = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew().call(this::batch);
            total += n;
            if (n < batchSize) {
                return total;
            }
        }
    }

    int batch() {
        Instant now = time.now();
        LocalDate today = WorkingDayCalendar.dateOf(now);
        @SuppressWarnings("unchecked")
        List<Object> ids = em.createNativeQuery("""
                select a.id from application a
                left join application_light l on l.application_id = a.id
                where a.status not in ('NOT_ACCEPTED', 'COMPLETED', 'WITHDRAWN') -- terminal: no clock, nothing can fall due
                  and (l.checked_on is null or l.checked_on <> ?1)
                order by a.id
                limit ?2
                for update of a skip locked""")
                .setParameter(1, today)
                .setParameter(2, batchSize)
                .getResultList();
        for (Object id : ids) {
            Application a = em.find(Application.class, id instanceof UUID u ? u : UUID.fromString(id.toString()));
            supervision.settle(a, now);
        }
        return ids.size();
    }
}
