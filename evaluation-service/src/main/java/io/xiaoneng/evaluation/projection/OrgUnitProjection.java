package io.xiaoneng.evaluation.projection;

import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.evaluation.rollup.Rollups;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.RedrivableConsumer;
import io.xiaoneng.platform.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Windows and staff posts of the service center (org topic, keys {@code window:<code>} / {@code post:<code>}):
 * the units the window-post assessment (勤绩) scores. Each record carries the full state; an older state (by
 * ce_time) never overwrites a newer one, and a removed post stays as a tombstone so an older record cannot revive it.
 * A consumer of its own (channel {@code org-units}), so departments and org units rebuild independently.
 */
@ApplicationScoped
public class OrgUnitProjection implements Projection, RedrivableConsumer {

    public static final String CONSUMER = "evaluation.org-unit-projection";
    static final List<String> TYPES = List.of(OrgEvents.WINDOW_REGISTERED.type(), OrgEvents.WINDOW_CHANGED.type(),
            OrgEvents.POST_REGISTERED.type(), OrgEvents.POST_CHANGED.type(), OrgEvents.POST_REMOVED.type());

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

    @Inject
    Rollups rollups;

    @Incoming("org-units")
    @Blocking
    public void onOrgEvent(ConsumerRecord<String, byte[]> record) {
        take(record);
    }

    /** The path of one record of the channel, also a redrive's ({@link RedrivableConsumer}). */
    EventProcessor.Outcome take(ConsumerRecord<String, byte[]> record) {
        return processor.process(CONSUMER, TYPES, record, this::apply);
    }

    @Override
    public Map<String, Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome>> channels() {
        return Map.of("org-units", this::take);
    }

    @Override
    public String name() {
        return "org-units";
    }

    @Override
    public String consumer() {
        return CONSUMER;
    }

    @Override
    public String topic() {
        return Topics.ORG;
    }

    @Override
    public List<String> types() {
        return TYPES;
    }

    @Override
    public List<String> tables() {
        return List.of("window_projection", "post_projection");
    }

    @Override
    public List<String> rollups() {
        return List.of("post_month_rollup");
    }

    @Override
    public void apply(InboundEvent event) {
        var d = event.data();
        OffsetDateTime asOf = OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC);
        if (event.type().startsWith("xiaoneng.approval.window.")) {
            em.createNativeQuery("""
                    insert into window_projection (code, name, number, department_codes, active, as_of, event_id)
                    values (?1, ?2, ?3, string_to_array(?4, ','), ?5, ?6, ?7)
                    on conflict (code) do update set name = excluded.name, number = excluded.number,
                        department_codes = excluded.department_codes, active = excluded.active, as_of = excluded.as_of,
                        event_id = excluded.event_id
                    where window_projection.as_of <= excluded.as_of""")
                    .setParameter(1, d.get("code").asText())
                    .setParameter(2, d.get("name").asText())
                    .setParameter(3, d.get("number").asText())
                    .setParameter(4, EventData.joined(d, "departmentCodes"))
                    .setParameter(5, d.get("active").asBoolean())
                    .setParameter(6, asOf)
                    .setParameter(7, event.id())
                    .executeUpdate();
            return;
        }
        boolean removed = OrgEvents.POST_REMOVED.type().equals(event.type());
        // A post's holders decide which cases count for it: its monthly rollup is recomputed from the raw facts.
        rollups.lockForPostChange();
        em.createNativeQuery("""
                insert into post_projection (code, window_code, title, assignees, removed, as_of, event_id)
                values (?1, ?2, cast(?3 as varchar), string_to_array(?4, ','), ?5, ?6, ?7)
                on conflict (code) do update set window_code = excluded.window_code,
                    title = coalesce(excluded.title, post_projection.title), assignees = excluded.assignees,
                    removed = excluded.removed, as_of = excluded.as_of, event_id = excluded.event_id
                where post_projection.as_of <= excluded.as_of""")
                .setParameter(1, d.get("code").asText())
                .setParameter(2, d.get("windowCode").asText())
                .setParameter(3, removed ? null : d.get("title").asText())
                .setParameter(4, removed ? "" : EventData.joined(d, "assignees"))
                .setParameter(5, removed)
                .setParameter(6, asOf)
                .setParameter(7, event.id())
                .executeUpdate();
        rollups.rebuildPost(d.get("code").asText());
    }
}
