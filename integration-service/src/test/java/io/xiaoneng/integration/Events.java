package io.xiaoneng.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.platform.events.ApplicationEventTypes;
import io.xiaoneng.platform.events.CloudEventHeaders;
import io.xiaoneng.platform.events.ComplaintEventTypes;
import io.xiaoneng.platform.events.EventType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Application and complaint events published on the real topics as the producing services' outbox relays would. */
public final class Events {
    private Events() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Map<String, Object> applicationSubmitted(String applicationId) {
        Map<String, Object> d = new HashMap<>();
        d.put("applicationId", applicationId);
        d.put("trackingNumber", "XN20261127000" + (int) (Math.random() * 9000 + 1000));
        d.put("itemCode", "ITEM-PUSH");
        d.put("itemVersion", 1);
        d.put("department", "market");
        d.put("composite", false);
        d.put("status", "SUBMITTED");
        d.put("previousStatus", null);
        d.put("occurredAt", Instant.now().toString());
        d.put("command", "submission");
        d.put("actor", "applicant");
        d.put("channel", "ONLINE");
        d.put("applicantKind", "PERSON");
        d.put("receivedOn", LocalDate.now().toString());
        d.put("acceptanceDueOn", LocalDate.now().plusDays(7).toString());
        d.put("participatingDepartments", List.of());
        return d;
    }

    public static Map<String, Object> complaintReceived(String complaintId) {
        Map<String, Object> d = new HashMap<>();
        d.put("complaintId", complaintId);
        d.put("channel", "PROVINCE");
        d.put("category", "attitude");
        d.put("department", "market");
        d.put("handlingDepartment", null);
        d.put("post", null);
        d.put("applicationId", null);
        d.put("status", "RECEIVED");
        d.put("previousStatus", null);
        d.put("occurredAt", Instant.now().toString());
        d.put("actor", "service-account-province-platform");
        return d;
    }

    public static final EventType APPLICATION_SUBMITTED = ApplicationEventTypes.SUBMITTED;
    public static final EventType COMPLAINT_RECEIVED = ComplaintEventTypes.RECEIVED;

    /** Publishes a CloudEvent (binary mode) keyed by {@code key}; returns its id. */
    public static String publish(EventType type, String key, Object data, String eventId) {
        return publish(type, key, data, eventId, Map.of());
    }

    /**
     * As {@link #publish(EventType, String, Object, String)}, with further record headers: those the outbox relay adds
     * for the request behind the event ({@code x-request-id}, {@code ce_traceparent}).
     */
    public static String publish(EventType type, String key, Object data, String eventId, Map<String, String> headers) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic(), key, JSON.writeValueAsBytes(data));
            record.headers().add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.SOURCE, type.source().getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.TYPE, type.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.TIME, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.SPECVERSION, CloudEventHeaders.SPEC_VERSION.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.DATASCHEMA, type.dataschema().getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
            headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
            return eventId;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publish(EventType type, String key, Object data) {
        return publish(type, key, data, UUID.randomUUID().toString());
    }
}
