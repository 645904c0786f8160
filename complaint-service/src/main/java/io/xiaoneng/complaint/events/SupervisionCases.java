package io.xiaoneng.complaint.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.complaint.app.ComplaintRules;
import io.xiaoneng.complaint.app.ComplaintService;
import io.xiaoneng.complaint.domain.Channel;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.platform.events.ApplicationEventTypes;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.RedrivableConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Opens a supervision case (电子监察) when an approval application's light turns red: one case per overdue
 * application, against its department, received, accepted and dispatched to that department by the system. A
 * redelivered event is absorbed by the inbox; another red light of the same application (a later clock) by the
 * existence check, and a race between replicas by the unique index {@code complaint_supervision_per_application}.
 */
@ApplicationScoped
public class SupervisionCases implements RedrivableConsumer {

    static final String CONSUMER = "complaint.supervision-cases";
    static final List<String> TYPES = List.of(ApplicationEventTypes.LIGHT_CHANGED.type());

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

    @Inject
    ComplaintService complaints;

    @Inject
    ComplaintRules rules;

    @ConfigProperty(name = "xiaoneng.complaint.supervision.category", defaultValue = "delay")
    String category;

    @Incoming("applications")
    @Blocking
    public void onApplicationEvent(ConsumerRecord<String, byte[]> record) {
        take(record);
    }

    /** The path of one record of the channel, also a redrive's ({@link RedrivableConsumer}). */
    EventProcessor.Outcome take(ConsumerRecord<String, byte[]> record) {
        // Only a red light opens a case; every other light of every new or advancing case is acknowledged unrecorded.
        return processor.process(CONSUMER, TYPES, record, SupervisionCases::turnedRed, this::apply);
    }

    @Override
    public Map<String, Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome>> channels() {
        return Map.of("applications", this::take);
    }

    static boolean turnedRed(InboundEvent event) {
        return "RED".equals(event.data().get("light").asText());
    }

    void apply(InboundEvent event) {
        JsonNode d = event.data();
        UUID applicationId = UUID.fromString(d.get("applicationId").asText());
        boolean exists = !em.createNativeQuery("select 1 from complaint where channel = 'E_SUPERVISION' and application_id = ?1")
                .setParameter(1, applicationId).getResultList().isEmpty();
        if (exists) {
            return;
        }
        String department = d.get("department").asText();
        String description = String.format("电子监察红灯：办件 %s（事项 %s）的%s时限已于 %s 届满，超期 %d 个工作日。",
                d.get("trackingNumber").asText(), d.get("itemCode").asText(), clockName(d.get("clock").asText()),
                d.get("dueOn").asText(), d.get("overdueWorkingDays").asInt());
        ComplaintService.NewComplaint in = new ComplaintService.NewComplaint(Channel.E_SUPERVISION, category, description,
                department, null, applicationId, null, null, null, null, null, true, null);
        Complaint c = complaints.receive(in, Complaint.SYSTEM, null).complaint();
        Object before = ComplaintService.AuditState.of(c, Map.of());
        complaints.recordSystem(c, c.accept(rules.act(Complaint.SYSTEM, category)), before);
        before = ComplaintService.AuditState.of(c, Map.of());
        complaints.recordSystem(c, c.dispatch(department, rules.act(Complaint.SYSTEM, category)), before);
    }

    private static String clockName(String clock) {
        return switch (clock) {
            case "ACCEPTANCE" -> "受理";
            case "DECISION" -> "办理";
            case "DELIVERY" -> "送达";
            default -> clock;
        };
    }
}
