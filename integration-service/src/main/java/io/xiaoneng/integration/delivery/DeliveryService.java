package io.xiaoneng.integration.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.xiaoneng.integration.subscriber.Subscriber;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.http.RequestTrace;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.security.CurrentUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Recording deliveries for subscribers, the delivery log and the administrator's replay. */
@ApplicationScoped
public class DeliveryService {

    public static final String KIND = "delivery";

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    CurrentUser user;

    @Inject
    MeterRegistry registry;

    @Inject
    DataSource dataSource;

    public record Filter(UUID subscriber, DeliveryStatus status, String eventType, String subject, Instant from, Instant to) {}

    /** Registers the backlog gauge: deliveries waiting for an attempt (read on scrape). */
    void gauges(@Observes StartupEvent event) {
        Gauge.builder("xiaoneng.integration.deliveries.backlog", this, DeliveryService::backlog)
                .description("Deliveries waiting for their (next) attempt").register(registry);
    }

    double backlog() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from delivery where status = 'PENDING'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }

    /**
     * One delivery of the event for the subscriber, in the caller's (the inbox's) transaction; a second recording of
     * the same event for the same subscriber changes nothing. {@code trace}: the request behind the event (its parts
     * may be null), sent along with every attempt.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Subscriber s, String eventId, String eventType, String subject, String payload, RequestTrace trace) {
        Instant now = Instant.now();
        em.createNativeQuery("""
                insert into delivery (id, subscriber_id, event_id, event_type, subject, payload, request_id, traceparent,
                                      status, attempts, next_attempt_at, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?9, 'PENDING', 0, ?7, ?7) on conflict (subscriber_id, event_id) do nothing""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, s.id).setParameter(3, eventId).setParameter(4, eventType)
                .setParameter(5, subject).setParameter(6, payload).setParameter(7, now)
                .setParameter(8, trace.requestId()).setParameter(9, trace.traceparent()).executeUpdate();
        registry.counter("xiaoneng.integration.deliveries.recorded").increment();
    }

    public Delivery get(UUID id) {
        Delivery d = em.find(Delivery.class, id);
        if (d == null) {
            throw new NotFoundProblem(KIND, id);
        }
        return d;
    }

    public PageOf<Delivery> list(Filter f, PageRequest page) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (f.subscriber() != null) {
            where.append(" and d.subscriberId = :subscriber");
            params.put("subscriber", f.subscriber());
        }
        if (f.status() != null) {
            where.append(" and d.status = :status");
            params.put("status", f.status());
        }
        if (f.eventType() != null) {
            where.append(" and d.eventType = :type");
            params.put("type", f.eventType());
        }
        if (f.subject() != null) {
            where.append(" and d.subject = :subject");
            params.put("subject", f.subject());
        }
        if (f.from() != null) {
            where.append(" and d.createdAt >= :from");
            params.put("from", f.from());
        }
        if (f.to() != null) {
            where.append(" and d.createdAt < :to");
            params.put("to", f.to());
        }
        TypedQuery<Long> count = em.createQuery("select count(d) from Delivery d" + where, Long.class);
        TypedQuery<Delivery> select = em.createQuery("select d from Delivery d" + where + " order by d.createdAt desc, d.id", Delivery.class);
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            select.setParameter(k, v);
        });
        return PageOf.of(select, count, page);
    }

    /**
     * Sends the delivery again from a fresh series of attempts: a dead letter after the receiver was fixed, or any
     * delivery a receiver lost. Waits for a worker that is sending it right now (row lock).
     */
    @Transactional
    public Delivery replay(UUID id) {
        Delivery d = em.find(Delivery.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (d == null) {
            throw new NotFoundProblem(KIND, id);
        }
        Map<String, Object> before = state(d);
        d.replay(Instant.now());
        audit.record(user.username(), KIND, d.id.toString(), "replayed", before, state(d));
        registry.counter("xiaoneng.integration.deliveries.replayed").increment();
        em.flush();
        return d;
    }

    private static Map<String, Object> state(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", d.status.name());
        m.put("attempts", d.attempts);
        m.put("lastStatus", d.lastStatus);
        m.put("lastError", d.lastError);
        return m;
    }
}
