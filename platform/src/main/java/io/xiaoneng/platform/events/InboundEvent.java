package io.xiaoneng.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.platform.http.RequestTrace;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A CloudEvent received from Kafka (binary mode), with its JSON data. */
public record InboundEvent(String id, String type, String source, String subject, Instant time, String dataschema,
                           JsonNode data, String topic, int partition, long offset) {

    /**
     * Reads the CloudEvent attributes from the record's headers; a record that is not a valid CloudEvent
     * (missing id or type, unparsable time or data) is rejected — it will never become valid by retrying.
     */
    public static InboundEvent from(ConsumerRecord<String, ?> record, ObjectMapper json) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        String specVersion = header(record, CloudEventHeaders.SPECVERSION);
        if (id == null || id.isBlank() || type == null || !CloudEventHeaders.SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException("not a CloudEvent 1.0: ce_id, ce_type and ce_specversion=1.0 are required");
        }
        Instant time;
        try {
            String t = header(record, CloudEventHeaders.TIME);
            time = t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("ce_time is not an RFC 3339 timestamp");
        }
        JsonNode data;
        try {
            Object value = record.value();
            data = value instanceof byte[] bytes ? json.readTree(bytes) : json.readTree(String.valueOf(value));
        } catch (Exception e) {
            throw new InvalidEventException("data is not JSON");
        }
        return new InboundEvent(id, type, header(record, CloudEventHeaders.SOURCE), header(record, CloudEventHeaders.SUBJECT),
                time, header(record, CloudEventHeaders.DATASCHEMA), data, record.topic(), record.partition(), record.offset());
    }

    /** The record's {@code ce_type}, read from its header alone (null without one). */
    public static String typeOf(ConsumerRecord<String, ?> record) {
        return header(record, CloudEventHeaders.TYPE);
    }

    /**
     * The request behind the event: the {@code x-request-id} and {@code ce_traceparent} headers the producing service's
     * outbox relay copied from it ({@link RequestTrace#eventHeaders}), the well-formed ones; empty when the event had
     * none (a job's, a consumer's) or only ill-formed ones.
     */
    public static Optional<RequestTrace> traceOf(ConsumerRecord<String, ?> record) {
        return RequestTrace.of(header(record, RequestTrace.EVENT_REQUEST_ID), header(record, RequestTrace.EVENT_TRACEPARENT));
    }

    /** A header's text; null when absent or sent without a value (Kafka allows both). */
    private static String header(ConsumerRecord<String, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
