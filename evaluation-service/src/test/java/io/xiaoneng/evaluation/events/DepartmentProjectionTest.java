package io.xiaoneng.evaluation.events;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.TopicReader;
import io.xiaoneng.platform.events.CloudEventHeaders;
import io.xiaoneng.platform.events.DeadLetterTopic;
import io.xiaoneng.platform.events.OrgEvents;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.xiaoneng.devstack.test.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The department projection fed through a real Kafka broker with CloudEvents shaped exactly as the outbox relay
 * publishes them: applied once, redeliveries ignored, older states never win, poison records dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class DepartmentProjectionTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EntityManager em;

    KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void producer() {
        producer = producer(bootstrap);
    }

    @AfterEach
    void close() {
        producer.close();
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    RecordMetadata publish(String id, String type, String key, Instant time, String json) throws Exception {
        return publish(producer, id, type, key, time, json);
    }

    /** A record on approval's org topic shaped as the outbox relay publishes it; without ce_id when {@code id} is null. */
    static RecordMetadata publish(KafkaProducer<String, byte[]> producer, String id, String type, String key, Instant time,
            String json) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("xiaoneng.approval.org", key, json.getBytes(StandardCharsets.UTF_8));
        if (id != null) {
            record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SOURCE, "/xiaoneng/approval".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TIME, time.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SPECVERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
        return producer.send(record).get();
    }

    static String department(String code, String name, boolean active) {
        return "{\"code\":\"" + code + "\",\"name\":\"" + name + "\",\"kind\":\"COUNTY_AGENCY\",\"parentCode\":null,\"active\":" + active + "}";
    }

    String projectedName(String code) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> names = em.createNativeQuery("select name from department_projection where code = ?1")
                    .setParameter(1, code).getResultList();
            return names.isEmpty() ? null : (String) names.get(0);
        });
    }

    long inboxRows(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from inbox_event where event_id = ?1")
                .setParameter(1, eventId).getSingleResult()).longValue());
    }

    @Test
    void aDepartmentEventIsProjectedOnceAndARedeliveryChangesNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        Instant t = Instant.now();
        publish(id, OrgEvents.DEPARTMENT_REGISTERED.type(), "tax", t, department("tax", "县税务局", true));
        await().atMost(Duration.ofSeconds(20)).until(() -> "县税务局".equals(projectedName("tax")));

        // The same CloudEvent again (a redelivery) with different data: the inbox recognises the id.
        publish(id, OrgEvents.DEPARTMENT_REGISTERED.type(), "tax", t.plusSeconds(5), department("tax", "RENAMED", true));
        String marker = UUID.randomUUID().toString();
        publish(marker, OrgEvents.DEPARTMENT_REGISTERED.type(), "marker-1", t, department("marker-1", "marker", true));
        await().atMost(Duration.ofSeconds(20)).until(() -> projectedName("marker-1") != null);

        assertThat(projectedName("tax")).isEqualTo("县税务局");
        assertThat(inboxRows(id)).isEqualTo(1);
    }

    @Test
    void anOlderStateNeverOverwritesANewerOne() throws Exception {
        Instant t = Instant.now();
        publish(UUID.randomUUID().toString(), OrgEvents.DEPARTMENT_CHANGED.type(), "audit", t, department("audit", "新名称", true));
        await().atMost(Duration.ofSeconds(20)).until(() -> "新名称".equals(projectedName("audit")));
        publish(UUID.randomUUID().toString(), OrgEvents.DEPARTMENT_REGISTERED.type(), "audit", t.minusSeconds(60), department("audit", "旧名称", true));
        String marker = UUID.randomUUID().toString();
        publish(marker, OrgEvents.DEPARTMENT_REGISTERED.type(), "marker-2", t, department("marker-2", "marker", true));
        await().atMost(Duration.ofSeconds(20)).until(() -> projectedName("marker-2") != null);

        assertThat(projectedName("audit")).isEqualTo("新名称");
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheReasonAndTheChannelGoesOn() throws Exception {
        // Not a CloudEvent (no ce_id), and a CloudEvent whose data violates the published schema.
        String schemaViolation = "{\"code\":\"poison-2\",\"kind\":\"NOT_A_KIND\"}";
        Map<String, RecordMetadata> poison = Map.of(
                "poison-1", publish(null, OrgEvents.DEPARTMENT_REGISTERED.type(), "poison-1", Instant.now(), department("poison-1", "x", true)),
                "poison-2", publish(UUID.randomUUID().toString(), OrgEvents.DEPARTMENT_REGISTERED.type(), "poison-2", Instant.now(), schemaViolation));

        Map<String, ConsumerRecord<String, byte[]>> dead = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.read(bootstrap, "xiaoneng.evaluation.dlq",
                r -> r.key() != null && r.key().startsWith("poison-"),
                read -> read.stream().map(ConsumerRecord::key).distinct().count() >= 2, Duration.ofSeconds(30))) {
            dead.put(r.key(), r);
        }
        assertThat(dead).containsOnlyKeys("poison-1", "poison-2");
        assertThat(header(dead.get("poison-1"), DeadLetterTopic.REASON)).contains("not a CloudEvent");
        assertThat(header(dead.get("poison-2"), DeadLetterTopic.REASON)).contains("violates its schema");
        for (var entry : poison.entrySet()) {
            ConsumerRecord<String, byte[]> letter = dead.get(entry.getKey());
            RecordMetadata origin = entry.getValue();
            assertThat(header(letter, DeadLetterTopic.ORIGIN_TOPIC)).isEqualTo("xiaoneng.approval.org");
            assertThat(header(letter, DeadLetterTopic.ORIGIN_PARTITION)).isEqualTo(Integer.toString(origin.partition()));
            assertThat(header(letter, DeadLetterTopic.ORIGIN_OFFSET)).isEqualTo(Long.toString(origin.offset()));
            assertThat(header(letter, DeadLetterTopic.EXCEPTION_CLASS)).endsWith("InvalidEventException");
            assertThat(header(letter, CloudEventHeaders.TYPE)).as("the record's own headers are kept for a replay")
                    .isEqualTo(OrgEvents.DEPARTMENT_REGISTERED.type());
        }
        assertThat(new String(dead.get("poison-2").value(), StandardCharsets.UTF_8)).isEqualTo(schemaViolation);
        assertThat(projectedName("poison-1")).isNull();
        assertThat(projectedName("poison-2")).isNull();

        // The channel goes on: an event after the poison is applied, and the poison's offsets are committed, so a
        // restart does not read them again.
        publish(UUID.randomUUID().toString(), OrgEvents.DEPARTMENT_REGISTERED.type(), "after-poison", Instant.now(),
                department("after-poison", "之后", true));
        await().atMost(Duration.ofSeconds(20)).until(() -> "之后".equals(projectedName("after-poison")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (RecordMetadata origin : poison.values()) {
                TopicPartition partition = new TopicPartition(origin.topic(), origin.partition());
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    OffsetAndMetadata committed = admin.listConsumerGroupOffsets("evaluation-service.department-projection")
                            .partitionsToOffsetAndMetadata().get().get(partition);
                    return committed != null && committed.offset() > origin.offset();
                });
            }
        }
    }
}
