package io.xiaoneng.evaluation.projection;

import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.evaluation.rollup.Rollups;
import io.xiaoneng.platform.events.ApplicationEventTypes;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.RedrivableConsumer;
import io.xiaoneng.platform.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The application lifecycle of approval-service, reduced to what evaluation measures: department, item, status,
 * when it was submitted, accepted, decided and completed, whether the decision came on time and in how many working
 * days — and which officials handled it, so that none of them can rate it.
 *
 * <p>The status follows the event with the latest {@code occurredAt} (ties: the later record of the key, which
 * Kafka orders per application); the milestone columns keep the latest non-null value the events carried.
 */
@ApplicationScoped
public class ApplicationProjection implements Projection, RedrivableConsumer {

    public static final String CONSUMER = "evaluation.application-projection";
    /*
     * Every lifecycle event except the supervision light: a light change moves neither the status, nor a milestone,
     * nor the officials who handled the case — evaluation measures none of it (the lights are approval-service's own
     * statistics). It is the most frequent event on the topic (each filing and each daily colour change), so leaving
     * it out halves the consumer's transactions at the front door's rate; it is acknowledged and counted as ignored.
     */
    static final List<String> TYPES = ApplicationEventTypes.ALL.stream()
            .filter(t -> !t.equals(ApplicationEventTypes.LIGHT_CHANGED)).map(EventType::type).toList();
    /** Actors that are not officials: the law's own effects and the applicant himself. */
    static final Set<String> NOT_OFFICIALS = Set.of("system", "applicant");

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

    @Inject
    Rollups rollups;

    @Incoming("applications")
    @Blocking
    public void onApplicationEvent(ConsumerRecord<String, byte[]> record) {
        take(record);
    }

    /** The path of one record of the channel, also a redrive's ({@link RedrivableConsumer}). */
    EventProcessor.Outcome take(ConsumerRecord<String, byte[]> record) {
        return processor.process(CONSUMER, TYPES, record, this::apply);
    }

    @Override
    public Map<String, Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome>> channels() {
        return Map.of("applications", this::take);
    }

    @Override
    public String name() {
        return "applications";
    }

    @Override
    public String consumer() {
        return CONSUMER;
    }

    @Override
    public String topic() {
        return Topics.APPLICATIONS;
    }

    @Override
    public List<String> types() {
        return TYPES;
    }

    @Override
    public List<String> tables() {
        return List.of("application_projection", "application_handler");
    }

    /** Every contribution to these starts at a projected case (emptied together, re-added by the replay). */
    @Override
    public List<String> rollups() {
        return List.of("department_month_rollup", "post_month_rollup");
    }

    @Override
    public void apply(InboundEvent event) {
        var d = event.data();
        String type = event.type();
        OffsetDateTime at = EventData.time(d, "occurredAt");
        boolean submitted = ApplicationEventTypes.SUBMITTED.type().equals(type);
        boolean accepted = ApplicationEventTypes.ACCEPTED.type().equals(type);
        boolean decided = ApplicationEventTypes.APPROVED.type().equals(type) || ApplicationEventTypes.DENIED.type().equals(type);
        boolean completed = ApplicationEventTypes.COMPLETED.type().equals(type);
        String decision = decided ? (ApplicationEventTypes.APPROVED.type().equals(type) ? "APPROVED" : "DENIED")
                : completed ? EventData.text(d, "decision") : null;
        Boolean onTime = decided ? EventData.bool(d, "onTime") : completed ? EventData.bool(d, "decidedOnTime") : null;
        Integer workingDays = decided || completed ? EventData.integer(d, "workingDays") : null;
        UUID applicationId = UUID.fromString(d.get("applicationId").asText());
        // The case's figures leave the monthly rollups as they are and come back as the change leaves them.
        boolean wasCompleted = rollups.retract(applicationId);

        em.createNativeQuery("""
                insert into application_projection (application_id, tracking_number, item_code, item_version, department,
                    composite, status, status_at, channel, applicant_kind, submitted_at, accepted_at, decided_at, decided_on,
                    decision, decided_on_time, working_days, completed_at, delivered_on_time)
                values (cast(?1 as uuid), ?2, ?3, ?4, ?5, ?6, ?7, ?8, cast(?9 as varchar), cast(?10 as varchar),
                    cast(?11 as timestamptz), cast(?12 as timestamptz), cast(?13 as timestamptz), cast(?14 as date),
                    cast(?15 as varchar), cast(?16 as boolean), cast(?17 as integer), cast(?18 as timestamptz), cast(?19 as boolean))
                on conflict (application_id) do update set
                    tracking_number = excluded.tracking_number,
                    item_code = excluded.item_code,
                    item_version = excluded.item_version,
                    department = excluded.department,
                    composite = excluded.composite,
                    status = case when excluded.status_at >= application_projection.status_at
                                  then excluded.status else application_projection.status end,
                    status_at = greatest(excluded.status_at, application_projection.status_at),
                    channel = coalesce(excluded.channel, application_projection.channel),
                    applicant_kind = coalesce(excluded.applicant_kind, application_projection.applicant_kind),
                    submitted_at = coalesce(application_projection.submitted_at, excluded.submitted_at),
                    accepted_at = coalesce(excluded.accepted_at, application_projection.accepted_at),
                    decided_at = coalesce(excluded.decided_at, application_projection.decided_at),
                    decided_on = coalesce(excluded.decided_on, application_projection.decided_on),
                    decision = coalesce(excluded.decision, application_projection.decision),
                    decided_on_time = coalesce(excluded.decided_on_time, application_projection.decided_on_time),
                    working_days = coalesce(excluded.working_days, application_projection.working_days),
                    completed_at = coalesce(excluded.completed_at, application_projection.completed_at),
                    delivered_on_time = coalesce(excluded.delivered_on_time, application_projection.delivered_on_time)""")
                .setParameter(1, d.get("applicationId").asText())
                .setParameter(2, d.get("trackingNumber").asText())
                .setParameter(3, d.get("itemCode").asText())
                .setParameter(4, d.get("itemVersion").asInt())
                .setParameter(5, d.get("department").asText())
                .setParameter(6, d.get("composite").asBoolean())
                .setParameter(7, d.get("status").asText())
                .setParameter(8, at)
                .setParameter(9, EventData.text(d, "channel"))
                .setParameter(10, EventData.text(d, "applicantKind"))
                .setParameter(11, submitted ? at : null)
                .setParameter(12, accepted ? at : null)
                .setParameter(13, decided ? at : null)
                .setParameter(14, decided ? EventData.date(d, "decidedOn") : null)
                .setParameter(15, decision)
                .setParameter(16, onTime)
                .setParameter(17, workingDays)
                .setParameter(18, completed ? at : null)
                .setParameter(19, completed ? EventData.bool(d, "deliveredOnTime") : null)
                .executeUpdate();

        String actor = EventData.text(d, "actor");
        if (actor != null && !NOT_OFFICIALS.contains(actor)) {
            em.createNativeQuery("""
                    insert into application_handler (application_id, actor, first_at) values (cast(?1 as uuid), ?2, ?3)
                    on conflict (application_id, actor) do update set first_at = least(application_handler.first_at, excluded.first_at)""")
                    .setParameter(1, d.get("applicationId").asText())
                    .setParameter(2, actor)
                    .setParameter(3, at)
                    .executeUpdate();
        }
        if (wasCompleted || completed) {   // completion is never undone (completed_at keeps its first value)
            rollups.apply(applicationId);
        }
    }
}
