package io.xiaoneng.complaint.events;

import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.DepartmentProjections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the local department projection in step with approval-service ({@link DepartmentProjections}, as
 * evaluation-service does): complaints name their target and handling department from it.
 */
@ApplicationScoped
public class DepartmentProjection {

    static final String CONSUMER = "complaint.department-projection";

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

    @Incoming("org")
    @Blocking
    public void onOrgEvent(ConsumerRecord<String, byte[]> record) {
        processor.process(CONSUMER, DepartmentProjections.TYPES, record, this::apply);
    }

    void apply(InboundEvent event) {
        DepartmentProjections.apply(em, event);
    }
}
