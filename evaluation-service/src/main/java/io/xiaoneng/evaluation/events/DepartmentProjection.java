package io.xiaoneng.evaluation.events;

import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.evaluation.projection.Projection;
import io.xiaoneng.platform.events.DepartmentProjections;
import io.xiaoneng.platform.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/** Keeps the local department projection in step with approval-service ({@link DepartmentProjections}); rebuildable. */
@ApplicationScoped
public class DepartmentProjection implements Projection {

    public static final String CONSUMER = "evaluation.department-projection";

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

    @Incoming("org")
    @Blocking
    public void onOrgEvent(ConsumerRecord<String, byte[]> record) {
        processor.process(CONSUMER, DepartmentProjections.TYPES, record, this::apply);
    }

    @Override
    public String name() {
        return "departments";
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
        return DepartmentProjections.TYPES;
    }

    @Override
    public List<String> tables() {
        return List.of("department_projection");
    }

    @Override
    public void apply(InboundEvent event) {
        DepartmentProjections.apply(em, event);
    }
}
