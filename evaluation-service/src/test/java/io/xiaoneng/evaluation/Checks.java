package io.xiaoneng.evaluation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.platform.problem.ProblemLeaks;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared assertions of the evaluation tests: problem shape, database reads, events on a topic. */
public final class Checks {
    private Checks() {}

    /** RFC 9457 shape, machine code, and nothing internal leaked. */
    public static JsonPath problem(ExtractableResponse<Response> r, int status, String code) {
        String body = r.asString();
        assertThat(r.statusCode()).as("status of %s", body).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        ProblemLeaks.assertNone(body);
        JsonPath json = r.jsonPath();
        assertThat(json.getString("code")).isEqualTo(code);
        return json;
    }

    public static Object single(EntityManager em, String sql, Object... args) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.setParameter(i + 1, args[i]);
            }
            List<?> r = q.getResultList();
            return r.isEmpty() ? null : r.get(0);
        });
    }

    public static long count(EntityManager em, String sql, Object... args) {
        Object r = single(em, sql, args);
        return r == null ? 0 : ((Number) r).longValue();
    }

    /** An event read back from Kafka. */
    public record Received(String key, String type, String json) {}

    /** Reads {@code topic} from the beginning until {@code enough} holds for the records with {@code key}, or 30 s. */
    public static List<Received> events(String bootstrap, String topic, String key, Predicate<List<Received>> enough) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<Received> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!enough.test(out) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        var type = r.headers().lastHeader("ce_type");
                        out.add(new Received(r.key(), type == null ? null : new String(type.value(), StandardCharsets.UTF_8),
                                new String(r.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
            return out;
        }
    }
}
