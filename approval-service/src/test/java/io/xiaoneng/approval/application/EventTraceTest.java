package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.approval.application.events.ApplicationEvents;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7: the request id and W3C trace context the gateway sends with a request travel on into the events the
 * request causes (Kafka headers {@code x-request-id}, {@code ce_traceparent}) and into its audit records; a
 * malformed value from a caller is dropped, not copied.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class EventTraceTest {

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Inject
    TestClock clock;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void theRequestsIdAndTraceContextTravelWithItsEventsAndAuditRecords() throws Exception {
        clock.set("2026-03-02");
        String dept = department();
        String item = item(dept, 10, false);
        String requestId = "req-" + UUID.randomUUID();
        String traced = given().auth().oauth2(applicant("applicant-trace")).contentType(ContentType.JSON)
                .header("X-Request-Id", requestId).header("traceparent", TRACEPARENT)
                .body(body(item, person(personId()))).when().post(APPLICATIONS)
                .then().statusCode(201).extract().jsonPath().getString("application.id");
        String forged = given().auth().oauth2(applicant("applicant-trace")).contentType(ContentType.JSON)
                .header("X-Request-Id", "bad id; with spaces").header("traceparent", "not-a-trace")
                .body(body(item, person(personId()))).when().post(APPLICATIONS)
                .then().statusCode(201).extract().jsonPath().getString("application.id");

        List<ConsumerRecord<String, byte[]>> tracedEvents = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> forgedEvents = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "trace-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(ApplicationEvents.TOPIC));
            long deadline = System.currentTimeMillis() + 60_000;
            // each filing publishes "submitted" and its first light
            while (System.currentTimeMillis() < deadline && (tracedEvents.size() < 2 || forgedEvents.size() < 2)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (traced.equals(r.key())) {
                        tracedEvents.add(r);
                    } else if (forged.equals(r.key())) {
                        forgedEvents.add(r);
                    }
                }
            }
        }
        assertThat(tracedEvents).hasSize(2).allSatisfy(r -> {
            assertThat(header(r, "x-request-id")).isEqualTo(requestId);
            assertThat(header(r, "ce_traceparent")).isEqualTo(TRACEPARENT);
        });
        assertThat(forgedEvents).hasSize(2).allSatisfy(r -> {
            assertThat(r.headers().lastHeader("x-request-id")).isNull();
            assertThat(r.headers().lastHeader("ce_traceparent")).isNull();
        });

        // an audited change (a department registered by an admin) keeps the id of its request
        String auditedId = "req-" + UUID.randomUUID();
        String code = unique("dept-trace");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("X-Request-Id", auditedId)
                .body(Map.of("code", code, "name", "追踪测试局", "kind", "COUNTY_AGENCY"))
                .when().post("/api/v1/departments").then().statusCode(201);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select request_id from audit_record where aggregate_id = ? order by id")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(auditedId);
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
