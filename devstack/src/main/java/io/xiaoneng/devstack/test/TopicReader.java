package io.xiaoneng.devstack.test;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What a service really published to a topic, read the way an independent consumer would: a fresh consumer group
 * from the beginning of the topic, keys as strings, values as bytes (CloudEvents' binary mode). Tests check the
 * events on the wire with it, not the outbox rows they came from.
 */
public final class TopicReader {
    private TopicReader() {}

    /**
     * The records of {@code topic} that {@code wanted} accepts, in the order they arrived, read until {@code enough}
     * holds for them or {@code timeout} has passed (then what arrived so far: the caller's assertions say what is
     * missing).
     */
    public static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic,
                                                            Predicate<ConsumerRecord<String, byte[]>> wanted,
                                                            Predicate<List<ConsumerRecord<String, byte[]>>> enough,
                                                            Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!enough.test(records) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (wanted.test(record)) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    /** The records of {@code topic} whose key {@code keys} accepts, until {@code expected} of them arrived. */
    public static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, Predicate<String> keys,
                                                            int expected, Duration timeout) {
        return read(bootstrap, topic, r -> r.key() != null && keys.test(r.key()), r -> r.size() >= expected, timeout);
    }

    /** The last value of a record's header as UTF-8 text (CloudEvent attributes, dead-letter reasons), or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
