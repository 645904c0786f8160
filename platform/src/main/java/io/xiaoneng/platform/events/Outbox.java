package io.xiaoneng.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.platform.http.RequestTrace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Records events in the caller's transaction (transactional outbox): the event exists exactly when the business
 * change committed. {@link OutboxRelay} publishes it afterwards. Never call a Kafka emitter from a business
 * transaction: the broker or the process may fail between the commit and the send.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Event<OutboxRecorded> recorded;

    @ConfigProperty(name = "xiaoneng.outbox.buckets", defaultValue = "16")
    int buckets;

    Clock clock = Clock.systemUTC();

    /**
     * Records {@code data} as an event of {@code type} about the aggregate {@code aggregateId} (the Kafka key and
     * CloudEvent subject). Must run inside the business transaction.
     *
     * @return the CloudEvent id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(EventType type, String aggregateId, Object data) {
        UUID id = UUID.randomUUID();
        String payload;
        try {
            payload = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data of " + type.type() + " is not serializable", e);
        }
        em.createNativeQuery("""
                insert into outbox_event (id, topic, bucket, aggregate_id, type, source, dataschema, payload, occurred_at, headers)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, cast(?10 as text))""")
                .setParameter(1, id)
                .setParameter(2, type.topic())
                .setParameter(3, bucketOf(aggregateId, buckets))
                .setParameter(4, aggregateId)
                .setParameter(5, type.type())
                .setParameter(6, type.source())
                .setParameter(7, type.dataschema())
                .setParameter(8, payload)
                .setParameter(9, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .setParameter(10, traceHeaders())
                .executeUpdate();
        recorded.fire(new OutboxRecorded(type.topic()));
        return id;
    }

    /** One event of a bulk {@link #recordAll}: its aggregate id (key) and data. */
    public record Keyed(String aggregateId, Object data) {}

    /** One event of {@link #recordEvents}: its type, aggregate id (key) and data. */
    public record Entry(EventType type, String aggregateId, Object data) {}

    /**
     * Records many events of one type in one statement (a set-based job changing thousands of aggregates at once:
     * one round trip instead of one per event). Same rows, same order and same guarantees as calling
     * {@link #record} for each, in the caller's transaction.
     *
     * @return how many were recorded
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int recordAll(EventType type, List<Keyed> events) {
        return recordEvents(events.stream().map(e -> new Entry(type, e.aggregateId(), e.data())).toList());
    }

    /**
     * Records events (of any types) in one statement, in list order: what {@link #record} does for each, with one
     * round trip — e.g. the two events of one request.
     *
     * @return how many were recorded
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int recordEvents(List<Entry> events) {
        if (events.isEmpty()) {
            return 0;
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        Short[] bucketOf = new Short[n];
        String[] keys = new String[n];
        String[] topics = new String[n];
        String[] types = new String[n];
        String[] sources = new String[n];
        String[] schemas = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Entry e = events.get(i);
            ids[i] = UUID.randomUUID();
            keys[i] = e.aggregateId();
            bucketOf[i] = (short) bucketOf(e.aggregateId(), buckets);
            topics[i] = e.type().topic();
            types[i] = e.type().type();
            sources[i] = e.type().source();
            schemas[i] = e.type().dataschema();
            try {
                payloads[i] = json.writeValueAsString(e.data());
            } catch (JsonProcessingException ex) {
                throw new IllegalArgumentException("event data of " + e.type().type() + " is not serializable", ex);
            }
        }
        OffsetDateTime occurredAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String headers = traceHeaders();
        // unnest … with ordinality keeps the list's order in seq (publication order)
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into outbox_event (id, topic, bucket, aggregate_id, type, source, dataschema, payload, occurred_at, headers)
                    select e.id, e.topic, e.bucket, e.key, e.type, e.source, e.dataschema, e.payload, ?, ?
                    from unnest(?::uuid[], ?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                         with ordinality as e(id, topic, bucket, key, type, source, dataschema, payload, n)
                    order by e.n""")) {
                ps.setObject(1, occurredAt);
                ps.setString(2, headers);
                ps.setArray(3, c.createArrayOf("uuid", ids));
                ps.setArray(4, c.createArrayOf("text", topics));
                ps.setArray(5, c.createArrayOf("int2", bucketOf));
                ps.setArray(6, c.createArrayOf("text", keys));
                ps.setArray(7, c.createArrayOf("text", types));
                ps.setArray(8, c.createArrayOf("text", sources));
                ps.setArray(9, c.createArrayOf("text", schemas));
                ps.setArray(10, c.createArrayOf("text", payloads));
                ps.executeUpdate();
            }
        });
        events.stream().map(e -> e.type().topic()).distinct().forEach(topic -> recorded.fire(new OutboxRecorded(topic)));
        return n;
    }

    /**
     * The request id and trace context of the HTTP request that causes the events, as JSON for the row's headers
     * (the relay sends them as Kafka headers); null for events of jobs and consumers.
     */
    private String traceHeaders() {
        return RequestTrace.current().map(t -> {
            try {
                return json.writeValueAsString(t.eventHeaders());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }).orElse(null);
    }

    /** Events of one key always land in one bucket, and one relay at a time publishes a bucket, in order. */
    static int bucketOf(String key, int buckets) {
        return Math.floorMod(key.hashCode(), buckets);
    }
}
