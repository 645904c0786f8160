package io.xiaoneng.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The idempotent-consumer log: records that a consumer processed a CloudEvent id. It joins the caller's
 * transaction (MANDATORY), so the record commits exactly when the effect does — a redelivery is then a no-op.
 */
@ApplicationScoped
public class Inbox {

    @Inject
    EntityManager em;

    /** @return true the first time {@code consumer} sees {@code eventId}; false for a redelivery */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId, String eventType) {
        return em.createNativeQuery("""
                insert into inbox_event (consumer, event_id, event_type) values (?1, ?2, ?3)
                on conflict do nothing""")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .setParameter(3, eventType)
                .executeUpdate() == 1;
    }
}
