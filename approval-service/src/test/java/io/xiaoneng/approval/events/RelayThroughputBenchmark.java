package io.xiaoneng.approval.events;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.BenchMachine;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.events.OutboxRelay;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test: run by bench/relay-throughput.sh (excluded from the normal build by its tag). Outbox
 * relay throughput against a plain kafka-clients producer with the same guarantees (acks=all, idempotent), same
 * broker, same payloads, same run — reported as a ratio, since this machine is shared and noisy.
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class RelayThroughputBenchmark {

    static final int EVENTS = Integer.getInteger("bench.events", 20_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final EventType BENCH = EventType.of("approval", "department", "registered", 1, "xiaoneng.bench.relay");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Test
    void relayThroughputAgainstAPlainProducer() throws Exception {
        OrgEvents.DepartmentState payload = new OrgEvents.DepartmentState("town-01", "城关镇", "TOWN", null, true);
        byte[] bytes = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(payload);
        plainProducer(2_000, bytes); // warm-up of broker and client
        relay(2_000, payload);

        List<double[]> rounds = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            double plain = plainProducer(EVENTS, bytes);
            double viaRelay = relay(EVENTS, payload);
            rounds.add(new double[] {plain, viaRelay});
        }
        double plain = BenchMachine.median(rounds.stream().mapToDouble(x -> x[0]).toArray());
        double viaRelay = BenchMachine.median(rounds.stream().mapToDouble(x -> x[1]).toArray());
        String table = report(plain, viaRelay, rounds);
        System.out.println(table);
        Path out = Path.of(System.getProperty("bench.out", "../bench/results/relay-throughput.md"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        assertThat(viaRelay).isPositive();
    }

    /** events/s of a kafka-clients producer configured like the relay's, keyed like the outbox (16 keys). */
    double plainProducer(int n, byte[] payload) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // The relay's own batching and compression: the ratio then measures what the outbox adds.
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            List<Future<RecordMetadata>> sends = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>("xiaoneng.bench.plain", "key-" + (i % 16), payload);
                record.headers().add("ce_id", java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                sends.add(producer.send(record));
            }
            for (Future<RecordMetadata> f : sends) {
                f.get();
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** events/s from committed outbox rows to broker-acknowledged and marked published. */
    double relay(int n, Object payload) throws Exception {
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < n; i++) {
                outbox.record(BENCH, "key-" + (i % 16), payload);
            }
        });
        long start = System.nanoTime();
        do {
            Thread.sleep(20);
            relay.refreshGauges(true);
        } while (relay.backlog() > 0);
        return n / ((System.nanoTime() - start) / 1e9);
    }

    static String report(double plain, double relay, List<double[]> rounds) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Outbox relay throughput\n\n");
        sb.append(BenchMachine.describe(Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap"))
                .append(" One PostgreSQL 17 and one Kafka 4.1 broker on loopback; ").append(EVENTS)
                .append(" events per round, median of ").append(rounds.size()).append(" rounds.\n\n");
        sb.append("| path | events/s | ratio to plain producer |\n|---|---:|---:|\n");
        sb.append(String.format("| plain kafka-clients producer (acks=all, idempotent, lz4, 256 KiB batches) | %.0f | 1.00 |%n", plain));
        sb.append(String.format("| outbox relay (committed rows → read → sent → acked → deleted) | %.0f | %.2f |%n", relay, relay / plain));
        sb.append(String.format(java.util.Locale.ROOT, "%nTarget: relay ≥ 0.5 × plain producer — **%s** (%.2f).%n%n", relay / plain >= 0.5 ? "met" : "NOT met", relay / plain));
        sb.append("| round | plain events/s | relay events/s |\n|---:|---:|---:|\n");
        for (int i = 0; i < rounds.size(); i++) {
            sb.append(String.format("| %d | %.0f | %.0f |%n", i + 1, rounds.get(i)[0], rounds.get(i)[1]));
        }
        return sb.toString();
    }
}
