package io.xiaoneng.complaint.events;

import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.platform.events.DepartmentProjections;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.RedrivableConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Map;
import java.util.function.Function;

/**
 * Keeps the local department projection in step with approval-service ({@link DepartmentProjections}, as
 * evaluation-service does): complaints name their target and handling department from it.
 */
@ApplicationScoped
public class DepartmentProjection implements RedrivableConsumer {

    static final String CONSUMER = "complaint.department-projection";

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

    @Incoming("org")
    @Blocking
    public void onOrgEvent(ConsumerRecord<String, byte[]> record) {
        take(record);
    }

    /** The path of one record of the channel, also a redrive's ({@link RedrivableConsumer}). */
    EventProcessor.Outcome take(ConsumerRecord<String, byte[]> record) {
        return processor.process(CONSUMER, DepartmentProjections.TYPES, record, this::apply);
    }

    @Override
    public Map<String, Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome>> channels() {
        return Map.of("org", this::take);
    }

    void apply(InboundEvent event) {
        DepartmentProjections.apply(em, event);
    }
}
