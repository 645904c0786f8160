package io.xiaoneng.complaint.events;

import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.OrgEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Keeps the local department projection in step with approval-service (as evaluation-service does): complaints name
 * their target and handling department from it. Each event carries the department's full state; an older event
 * (by ce_time) never overwrites a newer state, so replays and reordering are harmless.
 */
@ApplicationScoped
public class DepartmentProjection {

    static final String CONSUMER = "complaint.department-projection";
    static final List<String> TYPES = List.of(OrgEvents.DEPARTMENT_REGISTERED.type(), OrgEvents.DEPARTMENT_CHANGED.type());

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

    @Incoming("org")
    @Blocking
    public void onOrgEvent(ConsumerRecord<String, byte[]> record) {
        processor.process(CONSUMER, TYPES, record, this::apply);
    }

    void apply(InboundEvent event) {
        var d = event.data();
        em.createNativeQuery("""
                insert into department_projection (code, name, kind, parent_code, active, as_of, event_id)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                on conflict (code) do update set name = excluded.name, kind = excluded.kind,
                    parent_code = excluded.parent_code, active = excluded.active, as_of = excluded.as_of,
                    event_id = excluded.event_id
                where department_projection.as_of <= excluded.as_of""")
                .setParameter(1, d.get("code").asText())
                .setParameter(2, d.get("name").asText())
                .setParameter(3, d.get("kind").asText())
                .setParameter(4, d.hasNonNull("parentCode") ? d.get("parentCode").asText() : null)
                .setParameter(5, d.get("active").asBoolean())
                .setParameter(6, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC))
                .setParameter(7, event.id())
                .executeUpdate();
    }
}
