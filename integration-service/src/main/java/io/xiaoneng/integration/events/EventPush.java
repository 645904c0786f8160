package io.xiaoneng.integration.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.integration.delivery.DeliveryService;
import io.xiaoneng.integration.subscriber.Subscriber;
import io.xiaoneng.integration.subscriber.SubscriberService;
import io.xiaoneng.platform.events.ApplicationEventTypes;
import io.xiaoneng.platform.events.CloudEventHeaders;
import io.xiaoneng.platform.events.ComplaintEventTypes;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.RedrivableConsumer;
import io.xiaoneng.platform.http.RequestTrace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every application and complaint step becomes one delivery per subscriber that wants its type, recorded in the
 * inbox's transaction (so a redelivered record adds nothing and a failure adds nothing). One implementation for
 * every event kind: the CloudEvent goes out as it came in, re-encoded in structured JSON form. Only event types
 * whose JSON Schema the platform holds are accepted, and the inbox validates every record against it: the
 * complaint schemas forbid additional properties and carry no complainant data, so no personal data can be pushed.
 * The request id and trace context of the request behind the event are kept with each delivery and sent on each push.
 */
@ApplicationScoped
public class EventPush implements RedrivableConsumer {

    static final String CONSUMER = "integration.push";
    static final List<String> TYPES = Stream.concat(ApplicationEventTypes.ALL.stream(), ComplaintEventTypes.ALL.stream())
            .map(EventType::type).toList();
    /** For a record with neither header (events of jobs and consumers) or only ill-formed ones. */
    private static final RequestTrace NO_TRACE = new RequestTrace(null, null);

    @Inject
    EventProcessor processor;

    @Inject
    SubscriberService subscribers;

    @Inject
    DeliveryService deliveries;

    @Inject
    ObjectMapper json;

    @Incoming("applications")
    @Blocking
    public void onApplicationEvent(ConsumerRecord<String, byte[]> record) {
        take(record);
    }

    @Incoming("complaints")
    @Blocking
    public void onComplaintEvent(ConsumerRecord<String, byte[]> record) {
        take(record);
    }

    /** The path of one record of either channel, also a redrive's ({@link RedrivableConsumer}). */
    EventProcessor.Outcome take(ConsumerRecord<String, byte[]> record) {
        return processor.process(CONSUMER, TYPES, record, this::anyoneWants, event -> fanOut(event, traceOf(record)));
    }

    @Override
    public Map<String, Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome>> channels() {
        return Map.of("applications", this::take, "complaints", this::take);
    }

    /** The request behind the event (kept with each delivery, sent on each push); none for jobs' and consumers' events. */
    static RequestTrace traceOf(ConsumerRecord<String, ?> record) {
        return InboundEvent.traceOf(record).orElse(NO_TRACE);
    }

    /** An event no active subscriber wants is acknowledged without an inbox row: there is nothing to deliver. */
    boolean anyoneWants(InboundEvent event) {
        return !subscribers.wanting(event.type()).isEmpty();
    }

    void fanOut(InboundEvent event, RequestTrace trace) {
        List<Subscriber> wanting = subscribers.wanting(event.type());
        String payload = structured(event);
        for (Subscriber s : wanting) {
            deliveries.record(s, event.id(), event.type(), event.subject(), payload, trace);
        }
    }

    /** The CloudEvent 1.0 in structured JSON form (RFC: JSON event format), attributes first, then {@code data}. */
    String structured(InboundEvent event) {
        ObjectNode ce = json.createObjectNode();
        ce.put("specversion", CloudEventHeaders.SPEC_VERSION);
        ce.put("id", event.id());
        ce.put("source", event.source());
        ce.put("type", event.type());
        if (event.subject() != null) {
            ce.put("subject", event.subject());
        }
        if (event.time() != null) {
            ce.put("time", event.time().toString());
        }
        ce.put("datacontenttype", CloudEventHeaders.JSON);
        if (event.dataschema() != null) {
            ce.put("dataschema", event.dataschema());
        }
        ce.set("data", event.data());
        try {
            return json.writeValueAsString(ce);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("CloudEvent could not be encoded", e);
        }
    }
}
