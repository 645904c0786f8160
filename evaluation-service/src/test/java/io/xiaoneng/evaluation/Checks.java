package io.xiaoneng.evaluation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.xiaoneng.devstack.test.TopicReader;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.platform.problem.ProblemLeaks;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return TopicReader.read(bootstrap, topic, r -> key.equals(r.key()), records -> enough.test(received(records)),
                Duration.ofSeconds(30)).stream().map(Checks::received).toList();
    }

    private static List<Received> received(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(Checks::received).toList();
    }

    private static Received received(ConsumerRecord<String, byte[]> r) {
        var type = r.headers().lastHeader("ce_type");
        return new Received(r.key(), type == null ? null : new String(type.value(), StandardCharsets.UTF_8),
                new String(r.value(), StandardCharsets.UTF_8));
    }
}
