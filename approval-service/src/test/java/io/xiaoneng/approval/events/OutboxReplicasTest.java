package io.xiaoneng.approval.events;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.events.OutboxRelay;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several relays at once — the application's own plus two more publishing rounds running concurrently, each on
 * its own database connection, as replicas would — publish every event exactly once and each key in order:
 * a bucket is published only by the relay holding its advisory lock.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class OutboxReplicasTest {

    static final EventType TEST_EVENT = EventType.of("approval", "department", "changed", 1, "xiaoneng.test.replicas");
    static final int KEYS = 40;
    static final int PER_KEY = 50;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Test
    void concurrentRelaysPublishEachEventOnceAndEveryKeyInOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // Events of every key interleaved across many transactions, numbered per key.
        for (int n = 0; n < PER_KEY; n++) {
            int seq = n;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int k = 0; k < KEYS; k++) {
                    outbox.record(TEST_EVENT, run + "-k" + k,
                            new OrgEvents.DepartmentState(run + "-k" + k, Integer.toString(seq), "TOWN", null, true));
                }
            });
        }
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            running.add(replicas.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    relay.publishRound();
                    relay.refreshGauges(true);
                    if (relay.backlog() == 0) {
                        return null;
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        replicas.shutdown();

        Map<String, List<Integer>> byKey = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "replicas-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TEST_EVENT.topic()));
            long deadline = System.currentTimeMillis() + 60_000;
            int received = 0;
            while (received < KEYS * PER_KEY && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key().startsWith(run)) {
                        String name = r.value().replaceAll(".*\"name\":\"(\\d+)\".*", "$1");
                        byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(name));
                        received++;
                    }
                }
            }
        }
        assertThat(byKey).hasSize(KEYS);
        List<Integer> expected = java.util.stream.IntStream.range(0, PER_KEY).boxed().toList();
        byKey.forEach((key, seqs) -> assertThat(seqs).as("events of %s, in order, each once", key).isEqualTo(expected));
    }
}
