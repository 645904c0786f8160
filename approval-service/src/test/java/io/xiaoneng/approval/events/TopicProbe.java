package io.xiaoneng.approval.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.platform.events.InboundEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Reads what approval-service actually published to a topic (after the outbox relay), as a consumer in a fresh
 * group from the beginning of the topic, so tests check the events on the wire, not the outbox rows.
 */
public final class TopicProbe {
    private TopicProbe() {}

    /** The events of {@code topic} whose key passes {@code keys}, waiting until {@code expected} of them arrived. */
    public static List<InboundEvent> await(String bootstrap, ObjectMapper json, String topic, Predicate<String> keys,
                                           int expected, Duration timeout) {
        List<InboundEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (events.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && keys.test(record.key())) {
                        events.add(InboundEvent.from(record, json));
                    }
                }
            }
        }
        return events;
    }
}
