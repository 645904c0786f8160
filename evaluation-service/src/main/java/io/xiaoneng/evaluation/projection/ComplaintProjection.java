package io.xiaoneng.evaluation.projection;

import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.evaluation.rollup.Rollups;
import io.xiaoneng.platform.events.ComplaintEventTypes;
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
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The complaint lifecycle of complaint-service (topic {@link Topics#COMPLAINTS}, keyed by complaint id, types
 * {@link ComplaintEventTypes}), reduced to what the assessments count: the department and post complained about, the
 * department handling the case, the finding, the complainant's satisfaction, whether it was closed on time, bounces
 * and reopenings. The events carry no personal data, and none is kept here.
 *
 * <p>A reopening sends the case back for handling and complaint-service forgets the finding, satisfaction and
 * closing; so does this projection, or a finding the case no longer has would still count against the post.
 */
@ApplicationScoped
public class ComplaintProjection implements Projection, RedrivableConsumer {

    public static final String CONSUMER = "evaluation.complaint-projection";
    public static final String TOPIC = Topics.COMPLAINTS;
    static final List<String> TYPES = ComplaintEventTypes.ALL.stream().map(EventType::type).toList();

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

    @Inject
    Rollups rollups;

    @Incoming("complaints")
    @Blocking
    public void onComplaintEvent(ConsumerRecord<String, byte[]> record) {
        take(record);
    }

    /** The path of one record of the channel, also a redrive's ({@link RedrivableConsumer}). */
    EventProcessor.Outcome take(ConsumerRecord<String, byte[]> record) {
        return processor.process(CONSUMER, TYPES, record, this::apply);
    }

    @Override
    public Map<String, Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome>> channels() {
        return Map.of("complaints", this::take);
    }

    @Override
    public String name() {
        return "complaints";
    }

    @Override
    public String consumer() {
        return CONSUMER;
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public List<String> types() {
        return TYPES;
    }

    @Override
    public List<String> tables() {
        return List.of("complaint_projection");
    }

    @Override
    public List<String> rollups() {
        return List.of("complaint_post_month_rollup");
    }

    @Override
    public void apply(InboundEvent event) {
        var d = event.data();
        String kind = Stream.of(event.type().split("\\.")).skip(3).findFirst().orElseThrow();
        OffsetDateTime at = EventData.time(d, "occurredAt");
        boolean reopened = "reopened".equals(kind);
        String complaintId = d.get("complaintId").asText();
        rollups.retractComplaint(complaintId);   // its finding against a post, out of the rollup and back as changed
        em.createNativeQuery("""
                insert into complaint_projection (complaint_id, channel, category, department, post, application_id,
                    status, status_at, received_at, handled_at, finding, satisfied, closed_at, closed_on_time,
                    reopen_count, bounce_count, handling_department)
                values (?1, cast(?2 as varchar), cast(?3 as varchar), cast(?4 as varchar), cast(?5 as varchar),
                    cast(?6 as varchar), ?7, ?8, cast(?9 as timestamptz), cast(?10 as timestamptz), cast(?11 as varchar),
                    cast(?12 as boolean), cast(?13 as timestamptz), cast(?14 as boolean), ?15, ?16, cast(?17 as varchar))
                on conflict (complaint_id) do update set
                    channel = coalesce(excluded.channel, complaint_projection.channel),
                    category = coalesce(excluded.category, complaint_projection.category),
                    department = case when excluded.status_at >= complaint_projection.status_at
                                      then excluded.department else complaint_projection.department end,
                    handling_department = case when excluded.status_at >= complaint_projection.status_at
                                      then excluded.handling_department else complaint_projection.handling_department end,
                    post = case when excluded.status_at >= complaint_projection.status_at
                                then excluded.post else complaint_projection.post end,
                    application_id = coalesce(excluded.application_id, complaint_projection.application_id),
                    status = case when excluded.status_at >= complaint_projection.status_at
                                  then excluded.status else complaint_projection.status end,
                    status_at = greatest(excluded.status_at, complaint_projection.status_at),
                    received_at = coalesce(complaint_projection.received_at, excluded.received_at),
                    handled_at = case when ?18 and excluded.status_at >= complaint_projection.status_at then null
                                      else coalesce(excluded.handled_at, complaint_projection.handled_at) end,
                    finding = case when ?18 and excluded.status_at >= complaint_projection.status_at then null
                                   else coalesce(excluded.finding, complaint_projection.finding) end,
                    satisfied = case when ?18 and excluded.status_at >= complaint_projection.status_at then null
                                     else coalesce(excluded.satisfied, complaint_projection.satisfied) end,
                    closed_at = case when ?18 and excluded.status_at >= complaint_projection.status_at then null
                                     else coalesce(excluded.closed_at, complaint_projection.closed_at) end,
                    closed_on_time = case when ?18 and excluded.status_at >= complaint_projection.status_at then null
                                          else coalesce(excluded.closed_on_time, complaint_projection.closed_on_time) end,
                    reopen_count = greatest(complaint_projection.reopen_count, excluded.reopen_count),
                    bounce_count = greatest(complaint_projection.bounce_count, excluded.bounce_count)""")
                .setParameter(1, d.get("complaintId").asText())
                .setParameter(2, EventData.text(d, "channel"))
                .setParameter(3, EventData.text(d, "category"))
                .setParameter(4, EventData.text(d, "department"))
                .setParameter(5, EventData.text(d, "post"))
                .setParameter(6, EventData.text(d, "applicationId"))
                .setParameter(7, d.get("status").asText())
                .setParameter(8, at)
                .setParameter(9, "received".equals(kind) ? at : null)
                .setParameter(10, "handled".equals(kind) ? at : null)
                .setParameter(11, "handled".equals(kind) ? EventData.text(d, "finding") : null)
                .setParameter(12, "feedback-given".equals(kind) ? EventData.bool(d, "satisfied") : null)
                .setParameter(13, "closed".equals(kind) ? at : null)
                .setParameter(14, "closed".equals(kind) ? EventData.bool(d, "onTime") : null)
                // complaint-service counts reopenings and bounces itself: its running totals, not one per event seen
                .setParameter(15, reopened ? EventData.integer(d, "reopenCount") : 0)
                .setParameter(16, "bounced".equals(kind) ? EventData.integer(d, "bounceCount") : 0)
                .setParameter(17, EventData.text(d, "handlingDepartment"))
                .setParameter(18, reopened)
                .executeUpdate();
        rollups.applyComplaint(complaintId);
    }
}
