package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.approval.application.events.ApplicationEvents;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.TopicReader;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static io.xiaoneng.devstack.test.TopicReader.header;
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

        // each filing publishes "submitted" and its first light
        List<ConsumerRecord<String, byte[]>> events = TopicReader.read(bootstrap, ApplicationEvents.TOPIC,
                r -> traced.equals(r.key()) || forged.equals(r.key()),
                rs -> withKey(rs, traced).size() >= 2 && withKey(rs, forged).size() >= 2, Duration.ofSeconds(60));
        List<ConsumerRecord<String, byte[]>> tracedEvents = withKey(events, traced);
        List<ConsumerRecord<String, byte[]>> forgedEvents = withKey(events, forged);
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

    private static List<ConsumerRecord<String, byte[]>> withKey(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }
}
