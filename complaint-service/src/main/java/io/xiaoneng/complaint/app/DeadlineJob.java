package io.xiaoneng.complaint.app;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.complaint.domain.StepLimits;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What time does to complaints, once a day per case: a reminder when the current step's deadline is
 * {@code xiaoneng.complaint.reminder-working-days} away, an overdue escalation to the efficiency office once it has
 * passed, and the closing of answered cases whose reopen window has run out.
 *
 * <p>Runs on every replica; safe with any number of them: each batch takes its cases with
 * {@code SELECT … FOR UPDATE SKIP LOCKED} (a case locked by another replica or by a command is skipped and picked up
 * by the next run), and an alert is unique per (case, step instance, kind), so it is never raised twice.
 */
@ApplicationScoped
public class DeadlineJob {

    private static final Logger LOG = Logger.getLogger(DeadlineJob.class);

    @Inject
    EntityManager em;

    @Inject
    ComplaintRules rules;

    @Inject
    ComplaintService complaints;

    @Inject
    AuditTrail audit;

    @ConfigProperty(name = "xiaoneng.complaint.jobs.batch-size", defaultValue = "100")
    int batchSize;

    @Scheduled(identity = "complaint-deadlines", every = "${xiaoneng.complaint.jobs.interval}",
            delayed = "${xiaoneng.complaint.jobs.initial-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Complaint deadline run failed; the next run continues where it stopped");
        }
    }

    /** Checks every open case not yet checked today, batch by batch (one transaction each); returns how many. */
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
        Instant now = rules.now();
        LocalDate today = rules.today();
        @SuppressWarnings("unchecked")
        List<Object> ids = em.createNativeQuery("""
                select id from complaint
                where status not in ('CLOSED', 'MERGED')
                  and (alerts_checked_on is null or alerts_checked_on <> ?1)
                order by id
                limit ?2
                for update skip locked""")
                .setParameter(1, today)
                .setParameter(2, batchSize)
                .getResultList();
        for (Object raw : ids) {
            UUID id = raw instanceof UUID u ? u : UUID.fromString(raw.toString());
            Complaint c = em.find(Complaint.class, id);
            check(c, now, today);
            // A native update: the daily check is no change of the case and must not change its ETag.
            em.createNativeQuery("update complaint set alerts_checked_on = ?1 where id = ?2")
                    .setParameter(1, today).setParameter(2, id).executeUpdate();
        }
        return ids.size();
    }

    private void check(Complaint c, Instant now, LocalDate today) {
        StepLimits limits = rules.limitsOf(c.category);
        if ((c.status == ComplaintStatus.REPLIED || c.status == ComplaintStatus.RATED) && !c.withinReopenWindow(now, limits)) {
            Object before = ComplaintService.AuditState.of(c, Map.of());
            complaints.recordSystem(c, c.close(new Complaint.Act(Complaint.SYSTEM, now, rules.calendar(), limits, rules.maxBounces())), before);
            em.flush();
            return;
        }
        if (c.stepDueOn == null) {
            return;
        }
        if (today.isAfter(c.stepDueOn)) {
            if (alert(c, "OVERDUE", now)) {
                audit.record(Complaint.SYSTEM, ComplaintService.AUDIT_TYPE, c.id.toString(), "escalate", null,
                        Map.of("status", c.status.name(), "dueOn", c.stepDueOn.toString(), "department", String.valueOf(c.handlingDepartment)));
            }
            return;
        }
        try {
            if (rules.calendar().workingDaysBetween(today, c.stepDueOn) <= rules.reminderWorkingDays()) {
                alert(c, "REMINDER", now);
            }
        } catch (CalendarYearMissingException e) {
            LOG.warnf("No working-day calendar for %d: no reminder for complaint %s", e.year(), c.id);
        }
    }

    /** Inserts the alert unless this step instance already has one of the kind; true when it is new. */
    private boolean alert(Complaint c, String kind, Instant now) {
        return em.createNativeQuery("""
                insert into complaint_alert (complaint_id, step_seq, kind, status, department, due_on, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                on conflict (complaint_id, step_seq, kind) do nothing""")
                .setParameter(1, c.id)
                .setParameter(2, c.stepSeq)
                .setParameter(3, kind)
                .setParameter(4, c.status.name())
                .setParameter(5, c.handlingDepartment)
                .setParameter(6, c.stepDueOn)
                .setParameter(7, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .executeUpdate() == 1;
    }
}
