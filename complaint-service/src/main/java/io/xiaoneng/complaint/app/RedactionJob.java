package io.xiaoneng.complaint.app;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Erases the complainant's identity (name, phone, contact) once a case has been closed for
 * {@code xiaoneng.complaint.privacy.retention} (a merged duplicate: once its master has). One set-based statement that
 * also writes the audit record of every case it redacts; idempotent, so every replica may run it.
 */
@ApplicationScoped
public class RedactionJob {

    private static final Logger LOG = Logger.getLogger(RedactionJob.class);

    @Inject
    EntityManager em;

    @Inject
    ComplaintRules rules;

    @Scheduled(identity = "complaint-redaction", every = "${xiaoneng.complaint.privacy.redaction-interval}",
            delayed = "${xiaoneng.complaint.jobs.initial-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int n = runOnce();
            if (n > 0) {
                LOG.infof("Redacted the complainant data of %d complaints", n);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Redaction failed; the next run retries");
        }
    }

    public int runOnce() {
        OffsetDateTime now = OffsetDateTime.ofInstant(rules.now(), ZoneOffset.UTC);
        OffsetDateTime cutoff = now.minus(rules.retention());
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                with due as (
                    select c.id from complaint c
                    left join complaint m on m.id = c.merged_into
                    where c.personal_data_redacted_at is null
                      and (c.closed_at < ?1 or (c.status = 'MERGED' and m.closed_at < ?1))
                    for update of c skip locked
                ), redacted as (
                    update complaint c set complainant_name = null, complainant_phone = null, complainant_contact = null,
                        personal_data_redacted_at = ?2
                    from due where c.id = due.id
                    returning c.id
                ), audited as (
                    insert into audit_record (at, actor, aggregate_type, aggregate_id, action, before_state, after_state)
                    select ?2, 'system', 'complaint', cast(id as text), 'redact', null, cast('{"personalData":"redacted"}' as jsonb)
                    from redacted
                    returning 1
                )
                select count(*) from audited""")
                .setParameter(1, cutoff)
                .setParameter(2, now)
                .getSingleResult()).intValue());
    }
}
