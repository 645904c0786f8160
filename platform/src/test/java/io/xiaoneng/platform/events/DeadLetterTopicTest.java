package io.xiaoneng.platform.events;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.xiaoneng.devstack.test.RealInfrastructure;
import io.xiaoneng.devstack.test.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.xiaoneng.devstack.test.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event channels' failure strategy against a real broker: a dead letter carries the record and why it failed,
 * and the record is acknowledged (its offset may be committed) only once the dead letter is written; if it cannot
 * be written the channel is failed and the record is not acknowledged.
 */
class DeadLetterTopicTest {

    final String bootstrap = RealInfrastructure.get().kafka().bootstrapServers();
    final DeadLetterTopic strategy = new DeadLetterTopic();
    final List<IncomingKafkaRecord<?, ?>> acknowledged = new CopyOnWriteArrayList<>();
    final List<Throwable> channelFailures = new CopyOnWriteArrayList<>();

    {
        strategy.kafka = new KafkaClientProperties(Map.of("bootstrap.servers", bootstrap));
        strategy.application = "dead-letter-test";
    }

    @AfterEach
    void close() {
        strategy.close();
    }

    KafkaFailureHandler handlerOf(String channel, String deadLetterTopic) {
        var properties = new java.util.HashMap<String, String>();
        properties.put("channel-name", channel);
        properties.put("topic", "xiaoneng.test.source");
        properties.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        properties.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        if (deadLetterTopic != null) {
            properties.put("dead-letter-queue.topic", deadLetterTopic);
        }
        var config = new KafkaConnectorIncomingConfiguration(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "channel", 250)).build());
        return strategy.create(config, null, null, (failure, fatal) -> {
            assertThat(fatal).as("a dead letter that cannot be written fails the channel").isTrue();
            channelFailures.add(failure);
        });
    }

    IncomingKafkaRecord<String, byte[]> received(String key, String value, long offset) {
        var headers = new RecordHeaders();
        headers.add(new RecordHeader(CloudEventHeaders.TYPE, "xiaoneng.test.thing.happened.v1".getBytes(StandardCharsets.UTF_8)));
        var record = new ConsumerRecord<>("xiaoneng.test.source", 2, offset, 0L, TimestampType.CREATE_TIME, -1, -1, key,
                value.getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
        KafkaCommitHandler commits = new KafkaCommitHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> acked) {
                acknowledged.add(acked);
                return Uni.createFrom().voidItem();
            }
        };
        return new IncomingKafkaRecord<>(record, "things", -1, commits, null, false, false);
    }

    @Test
    void aDeadLetterKeepsTheRecordAndSaysWhyAndWhereFromThenTheRecordIsAcknowledged() {
        String topic = "xiaoneng.test.dlq-" + UUID.randomUUID();
        String key = "thing-" + UUID.randomUUID();
        var record = received(key, "{\"broken\":", 41);
        var reason = new IllegalArgumentException("data is not JSON", new IllegalStateException("unexpected end"));

        handlerOf("things", topic).handle(record, reason, Metadata.empty()).await().atMost(Duration.ofSeconds(30));

        List<ConsumerRecord<String, byte[]>> letters = TopicReader.read(bootstrap, topic, key::equals, 1,
                Duration.ofSeconds(30));
        assertThat(letters).hasSize(1);
        ConsumerRecord<String, byte[]> letter = letters.get(0);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{\"broken\":");
        assertThat(header(letter, DeadLetterTopic.REASON)).isEqualTo("data is not JSON");
        assertThat(header(letter, DeadLetterTopic.EXCEPTION_CLASS)).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(letter, DeadLetterTopic.CAUSE)).isEqualTo("unexpected end");
        assertThat(header(letter, DeadLetterTopic.CAUSE_CLASS)).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(letter, DeadLetterTopic.ORIGIN_TOPIC)).isEqualTo("xiaoneng.test.source");
        assertThat(header(letter, DeadLetterTopic.ORIGIN_PARTITION)).isEqualTo("2");
        assertThat(header(letter, DeadLetterTopic.ORIGIN_OFFSET)).isEqualTo("41");
        assertThat(header(letter, DeadLetterTopic.CHANNEL)).as("the channel whose path a redrive takes").isEqualTo("things");
        assertThat(header(letter, CloudEventHeaders.TYPE)).isEqualTo("xiaoneng.test.thing.happened.v1");
        assertThat(acknowledged).containsExactly(record);
        assertThat(channelFailures).isEmpty();
    }

    @Test
    void channelsShareOneProducerCreatedAtTheFirstDeadLetter() {
        String topic = "xiaoneng.test.dlq-" + UUID.randomUUID();
        KafkaFailureHandler first = handlerOf("first", topic);
        KafkaFailureHandler second = handlerOf("second", topic);
        assertThat(producerThreads()).as("no producer before a dead letter").isZero();

        first.handle(received("a-" + UUID.randomUUID(), "x", 1), new InvalidEventException("x"), Metadata.empty())
                .await().atMost(Duration.ofSeconds(30));
        second.handle(received("b-" + UUID.randomUUID(), "y", 2), new InvalidEventException("y"), Metadata.empty())
                .await().atMost(Duration.ofSeconds(30));

        assertThat(producerThreads()).isEqualTo(1);
        assertThat(acknowledged).hasSize(2);
    }

    @Test
    void aDeadLetterThatCannotBeWrittenFailsTheChannelAndLeavesTheRecordUnacknowledged() {
        // A name the broker refuses: the send fails as it would against a broker that keeps refusing the topic.
        var record = received("thing-" + UUID.randomUUID(), "{}", 7);

        assertThatThrownBy(() -> handlerOf("things", "not a valid topic name!")
                .handle(record, new InvalidEventException("bad"), Metadata.empty()).await().atMost(Duration.ofSeconds(30)))
                .isNotNull();

        assertThat(channelFailures).hasSize(1);
        assertThat(acknowledged).isEmpty();
    }

    @Test
    void aChannelWithoutADeadLetterTopicIsAConfigurationError() {
        assertThatThrownBy(() -> handlerOf("things", null))
                .hasMessageContaining("mp.messaging.incoming.things.dead-letter-queue.topic");
    }

    static long producerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kafka-producer-network-thread | dead-letter-test-dead-letters"))
                .count();
    }
}
