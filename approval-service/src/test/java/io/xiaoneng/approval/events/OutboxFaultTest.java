package io.xiaoneng.approval.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.devstack.KafkaBroker;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.RealInfrastructure;
import io.xiaoneng.platform.events.CloudEventHeaders;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.Inbox;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.OutboxRelay;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing is lost when Kafka is down: business transactions keep committing, their events wait in the outbox,
 * and once the broker is back every event arrives — and an idempotent consumer that is killed mid-batch and
 * restarted still ends with each event applied exactly once.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class OutboxFaultTest {

    static final int TRANSACTIONS = 1000;
    static final String CONSUMER = "fault-test-projection";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    OutboxRelay relay;

    @Inject
    Inbox inbox;

    @Inject
    EntityManager em;

    @Inject
    EventSchemas schemas;

    @Inject
    ObjectMapper json;

    @Test
    void eventsCommittedWhileKafkaIsDownAllArriveAndAreAppliedExactlyOnce() throws Exception {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "create table if not exists fault_projection (code varchar(40) primary key, applied int not null)").executeUpdate());
        String prefix = "ft-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        String admin = token("admin", "efficiency-office", "admin");

        KafkaBroker kafka = RealInfrastructure.get().kafka();
        kafka.stop();
        try {
            for (int i = 0; i < TRANSACTIONS; i++) {
                given().auth().oauth2(admin).contentType(ContentType.JSON)
                        .body(Map.of("code", prefix + i, "name", "部门 " + i, "kind", "TOWN"))
                        .when().post("/api/v1/departments")
                        .then().statusCode(201);
            }
            relay.refreshGauges(true);
            assertThat(relay.backlog()).as("events waiting in the outbox").isGreaterThanOrEqualTo(TRANSACTIONS);
            // What operators see meanwhile: the backlog, its age and the failed attempts as Prometheus metrics.
            // A publish attempt fails only once the producer's delivery timeout (15 s) has run out, so the
            // failure counter is awaited rather than read at a moment that depends on the machine's speed.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                relay.refreshGauges(true);
                String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
                assertThat(metric(metrics, "xiaoneng_outbox_backlog")).isGreaterThanOrEqualTo(TRANSACTIONS);
                assertThat(metric(metrics, "xiaoneng_outbox_publish_failures_total")).isGreaterThan(0);
                assertThat(metric(metrics, "xiaoneng_outbox_oldest_unsent_age_seconds")).isGreaterThan(0);
            });
        } finally {
            kafka.start();
            kafka.awaitReady(Duration.ofMinutes(2));
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            relay.refreshGauges(true);
            return relay.backlog() == 0;
        });

        // First consumer instance: applies half a batch, then "dies" without committing its offsets.
        String group = "fault-test-" + UUID.randomUUID();
        int appliedBeforeCrash = consume(group, prefix, TRANSACTIONS / 2, false);
        assertThat(appliedBeforeCrash).isEqualTo(TRANSACTIONS / 2);

        // Restarted: Kafka redelivers everything after the last commit; the inbox makes the repeats no-ops.
        consume(group, prefix, Integer.MAX_VALUE, true);

        List<?> counts = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select applied from fault_projection where code like ?1").setParameter(1, prefix + "%").getResultList());
        assertThat(counts).hasSize(TRANSACTIONS);
        assertThat(counts).allSatisfy(c -> assertThat(((Number) c).intValue()).isEqualTo(1));
    }

    private static double metric(String prometheusText, String name) {
        return prometheusText.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Reads the org topic, applying each of this test's events through the inbox; returns how many it applied. */
    private int consume(String group, String prefix, int limit, boolean commit) {
        int applied = 0;
        Set<String> seenIds = new HashSet<>();
        Set<String> seenCodes = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(OrgEvents.DEPARTMENT_REGISTERED.topic()));
            long deadline = System.currentTimeMillis() + 120_000;
            while (applied < limit && seenCodes.size() < TRANSACTIONS && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null || !record.key().startsWith(prefix)) {
                        continue;
                    }
                    InboundEvent event = InboundEvent.from(record, json);
                    // What the producer published is a CloudEvent of the declared type, valid against its schema.
                    assertThat(event.type()).isEqualTo(OrgEvents.DEPARTMENT_REGISTERED.type());
                    assertThat(event.subject()).isEqualTo(record.key());
                    assertThat(event.source()).isEqualTo("/xiaoneng/approval");
                    assertThat(event.dataschema()).isEqualTo(OrgEvents.DEPARTMENT_REGISTERED.dataschema());
                    assertThat(new String(record.headers().lastHeader(CloudEventHeaders.CONTENT_TYPE).value())).isEqualTo("application/json");
                    assertThat(schemas.validate(event.type(), event.data())).isEmpty();
                    // Delivery is at-least-once (a batch cut short by the broker's restart is re-sent); the
                    // inbox, not the topic, makes the effect exactly-once.
                    seenIds.add(event.id());
                    seenCodes.add(record.key());
                    boolean first = QuarkusTransaction.requiringNew().call(() -> {
                        if (!inbox.firstDelivery(CONSUMER, event.id(), event.type())) {
                            return false;
                        }
                        em.createNativeQuery("""
                                insert into fault_projection (code, applied) values (?1, 1)
                                on conflict (code) do update set applied = fault_projection.applied + 1""")
                                .setParameter(1, record.key()).executeUpdate();
                        return true;
                    });
                    if (first) {
                        applied++;
                    }
                    if (applied >= limit) {
                        break;
                    }
                }
                if (commit) {
                    consumer.commitSync();
                }
            }
            assertThat(seenCodes.size() == TRANSACTIONS || applied >= limit).as("consumed within the deadline").isTrue();
        }
        return applied;
    }
}
