package io.xiaoneng.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
                insert into outbox_event (id, topic, bucket, aggregate_id, type, source, dataschema, payload, occurred_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""")
                .setParameter(1, id)
                .setParameter(2, type.topic())
                .setParameter(3, bucketOf(aggregateId, buckets))
                .setParameter(4, aggregateId)
                .setParameter(5, type.type())
                .setParameter(6, type.source())
                .setParameter(7, type.dataschema())
                .setParameter(8, payload)
                .setParameter(9, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .executeUpdate();
        recorded.fire(new OutboxRecorded(type.topic()));
        return id;
    }

    /** Events of one key always land in one bucket, and one relay at a time publishes a bucket, in order. */
    static int bucketOf(String key, int buckets) {
        return Math.floorMod(key.hashCode(), buckets);
    }
}
