package io.xiaoneng.integration.delivery;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.integration.Events;
import io.xiaoneng.integration.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The push end to end: events on the real topics, the inbox, one delivery per matching subscriber, the worker POSTing
 * signed CloudEvents to a real local receiver that verifies them independently; retries with backoff, dead letters,
 * the administrator's replay. Test profile: 3 attempts, backoff base 0.4 s.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration"))
class PushTest {

    static final String SUBSCRIBERS = "/api/v1/integration/subscribers";
    static final String DELIVERIES = "/api/v1/integration/deliveries";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    Receiver receiver;
    String subscriber;

    static String admin() {
        return token("admin", null, "admin");
    }

    @BeforeEach
    void receiver() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        if (subscriber != null) {
            given().auth().oauth2(admin()).post(SUBSCRIBERS + "/" + subscriber + "/deactivation").then().statusCode(200);
        }
        receiver.close();
    }

    /** Registers the receiver for {@code types}; hands it the secret shown once. */
    String subscribe(List<String> types) {
        JsonPath r = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "省政务服务平台", "url", receiver.url(), "eventTypes", types, "ownerClient", "province-platform"))
                .when().post(SUBSCRIBERS).then().statusCode(201).extract().jsonPath();
        receiver.secret(r.getString("secret"));
        subscriber = r.getString("subscriber.id");
        return subscriber;
    }

    static JsonPath deliveries(String subscriber, String status) {
        var spec = given().auth().oauth2(admin()).queryParam("subscriber", subscriber);
        if (status != null) {
            spec = spec.queryParam("status", status);
        }
        return spec.when().get(DELIVERIES).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void signedPushIsRetriedWithBackoffUntilTheReceiverRecovers() {
        String sub = subscribe(List.of("xiaoneng.complaint.*"));
        receiver.failNext(2);
        String complaintId = UUID.randomUUID().toString();
        String eventId = Events.publish(Events.COMPLAINT_RECEIVED, complaintId, Events.complaintReceived(complaintId));

        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.calls().size() >= 3);
        List<Receiver.Call> calls = receiver.calls();
        assertThat(calls).hasSize(3);
        assertThat(calls).allMatch(Receiver.Call::signatureValid);
        assertThat(calls).extracting(Receiver.Call::answered).containsExactly(503, 503, 204);
        // the same body every time: the CloudEvent in structured JSON form
        assertThat(calls).extracting(Receiver.Call::body).containsOnly(calls.get(0).body());
        JsonPath ce = new JsonPath(calls.get(0).body());
        assertThat(ce.getString("specversion")).isEqualTo("1.0");
        assertThat(ce.getString("id")).isEqualTo(eventId);
        assertThat(ce.getString("type")).isEqualTo("xiaoneng.complaint.complaint.received.v1");
        assertThat(ce.getString("source")).isEqualTo("/xiaoneng/complaint");
        assertThat(ce.getString("subject")).isEqualTo(complaintId);
        assertThat(ce.getString("datacontenttype")).isEqualTo("application/json");
        assertThat(ce.getString("data.complaintId")).isEqualTo(complaintId);
        assertThat(calls.get(0).headers().get("Content-type").get(0)).startsWith("application/cloudevents+json");
        assertThat(calls.get(2).headers().get("X-xiaoneng-attempt")).containsExactly("3");
        // exponential backoff: the waits are at least half of 0.4 s and 0.8 s (the upper half is jitter)
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.between(calls.get(1).at(), calls.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(sub, "DELIVERED").getInt("total") == 1);
        JsonPath log = deliveries(sub, null);
        assertThat(log.getInt("total")).isEqualTo(1);
        assertThat(log.getInt("items[0].attempts")).isEqualTo(3);
        assertThat(log.getInt("items[0].lastStatus")).isEqualTo(204);
        assertThat(log.getString("items[0].eventId")).isEqualTo(eventId);
        assertThat(log.getString("items[0].subject")).isEqualTo(complaintId);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("xiaoneng_integration_deliveries_delivered_total")
                .contains("xiaoneng_integration_deliveries_failed_total")
                .contains("xiaoneng_integration_deliveries_backlog");
    }

    @Test
    void aReceiverThatNeverFinishesItsAnswerCostsOneAttemptNotTheWorker() {
        String sub = subscribe(List.of("xiaoneng.complaint.*"));
        receiver.stallNext(1);
        String complaintId = UUID.randomUUID().toString();
        Events.publish(Events.COMPLAINT_RECEIVED, complaintId, Events.complaintReceived(complaintId));

        // the stalled answer is given up after the timeout (test profile: 3 s) and the delivery tried again
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(sub, "DELIVERED").getInt("total") == 1);
        List<Receiver.Call> calls = receiver.calls();
        assertThat(calls).extracting(Receiver.Call::answered).containsExactly(Receiver.STALLED, 204);
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isLessThan(Duration.ofSeconds(20));
        JsonPath log = deliveries(sub, null);
        assertThat(log.getInt("items[0].attempts")).isEqualTo(2);
    }

    @Test
    void aReceiverThatKeepsFailingDeadLettersAndTheAdminsReplayDelivers() {
        String sub = subscribe(List.of("xiaoneng.approval.application.submitted.v1"));
        receiver.failAlways();
        String applicationId = UUID.randomUUID().toString();
        Events.publish(Events.APPLICATION_SUBMITTED, applicationId, Events.applicationSubmitted(applicationId));

        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(sub, "DEAD").getInt("total") == 1);
        JsonPath dead = deliveries(sub, "DEAD");
        String delivery = dead.getString("items[0].id");
        assertThat(dead.getInt("items[0].attempts")).isEqualTo(3);
        assertThat(dead.getInt("items[0].lastStatus")).isEqualTo(503);
        assertThat(dead.getString("items[0].deadAt")).isNotNull();
        assertThat(receiver.calls()).hasSize(3).allMatch(Receiver.Call::signatureValid);

        // no more attempts by themselves
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> receiver.calls().size() == 3);

        // only an administrator replays
        given().auth().oauth2(token("province-platform", null, "integration")).post(DELIVERIES + "/" + delivery + "/replay")
                .then().statusCode(403);
        receiver.recover();
        given().auth().oauth2(admin()).post(DELIVERIES + "/" + delivery + "/replay").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("PENDING"))
                .body("attempts", org.hamcrest.Matchers.equalTo(0));

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(sub, "DELIVERED").getInt("total") == 1);
        assertThat(receiver.calls()).hasSize(4);
        assertThat(receiver.calls().get(3).answered()).isEqualTo(204);
        assertThat(receiver.calls().get(3).signatureValid()).isTrue();
        JsonPath detail = given().auth().oauth2(admin()).get(DELIVERIES + "/" + delivery).then().statusCode(200).extract().jsonPath();
        assertThat(detail.getString("delivery.status")).isEqualTo("DELIVERED");
        assertThat(detail.getString("payload")).isEqualTo(receiver.calls().get(3).body());

        // any delivery can be replayed, a delivered one too
        given().auth().oauth2(admin()).post(DELIVERIES + "/" + delivery + "/replay").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls().size() == 5);
        given().auth().oauth2(admin()).post(DELIVERIES + "/" + UUID.randomUUID() + "/replay").then().statusCode(404);
    }

    @Test
    void oneDeliveryPerMatchingSubscriberAndEventEvenWhenTheEventComesTwice() throws Exception {
        String applications = subscribe(List.of("xiaoneng.approval.application.*"));
        String first = subscriber;
        try (Receiver other = new Receiver()) {
            JsonPath r = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                    .body(Map.of("name", "市平台（只收投诉）", "url", other.url(), "eventTypes", List.of("xiaoneng.complaint.complaint.closed.v1")))
                    .when().post(SUBSCRIBERS).then().statusCode(201).extract().jsonPath();
            String complaintsOnly = r.getString("subscriber.id");
            other.secret(r.getString("secret"));

            String applicationId = UUID.randomUUID().toString();
            String eventId = UUID.randomUUID().toString();
            Map<String, Object> data = Events.applicationSubmitted(applicationId);
            Events.publish(Events.APPLICATION_SUBMITTED, applicationId, data, eventId);
            Events.publish(Events.APPLICATION_SUBMITTED, applicationId, data, eventId); // redelivered by the broker

            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.calls().size() >= 1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.calls().size() == 1);
            assertThat(deliveries(applications, null).getInt("total")).isEqualTo(1);
            assertThat(deliveries(complaintsOnly, null).getInt("total")).isZero();
            assertThat(other.calls()).isEmpty();
            given().auth().oauth2(admin()).post(SUBSCRIBERS + "/" + complaintsOnly + "/deactivation").then().statusCode(200);
        }
        assertThat(first).isEqualTo(applications);
    }

    @Test
    void anEventNoSubscriberWantsIsAcknowledgedWithoutATrace() throws Exception {
        String complaintsOnly = subscribe(List.of("xiaoneng.complaint.complaint.closed.v1"));
        double ignoredBefore = ignored(Events.APPLICATION_SUBMITTED.type());
        String applicationId = UUID.randomUUID().toString();
        String unwanted = Events.publish(Events.APPLICATION_SUBMITTED, applicationId, Events.applicationSubmitted(applicationId));

        await().atMost(Duration.ofSeconds(60)).until(() -> ignored(Events.APPLICATION_SUBMITTED.type()) > ignoredBefore);
        assertThat(ignored(Events.APPLICATION_SUBMITTED.type())).isEqualTo(ignoredBefore + 1);
        assertThat(inboxRows(unwanted)).as("no inbox row for an event nothing was delivered of").isZero();
        assertThat(deliveries(complaintsOnly, null).getInt("total")).isZero();

        // Once someone wants the type, its next event is recorded and delivered as usual.
        String applications = subscribe(List.of("xiaoneng.approval.application.submitted.v1"));
        String wanted = Events.publish(Events.APPLICATION_SUBMITTED, applicationId, Events.applicationSubmitted(applicationId));
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(applications, "DELIVERED").getInt("total") == 1);
        assertThat(inboxRows(wanted)).isEqualTo(1);
        given().auth().oauth2(admin()).post(SUBSCRIBERS + "/" + complaintsOnly + "/deactivation").then().statusCode(200);
    }

    double ignored(String type) {
        var c = registry.find("xiaoneng.inbox.ignored").tag("consumer", "integration.push").tag("type", type).counter();
        return c == null ? 0 : c.count();
    }

    int inboxRows(String eventId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from inbox_event where event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aComplaintEventCarryingPersonalDataIsNeverPushed() {
        String sub = subscribe(List.of("xiaoneng.complaint.complaint.received.v1"));
        String complaintId = UUID.randomUUID().toString();
        Map<String, Object> leaking = new java.util.HashMap<>(Events.complaintReceived(complaintId));
        leaking.put("complainantPhone", "13912345678");
        String leakingId = Events.publish(Events.COMPLAINT_RECEIVED, complaintId, leaking);
        // same key, same partition: once the clean event behind it is pushed, the leaking one has been dealt with
        String cleanId = Events.publish(Events.COMPLAINT_RECEIVED, complaintId, Events.complaintReceived(complaintId));

        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(sub, "DELIVERED").getInt("total") == 1);
        assertThat(deliveries(sub, null).getString("items[0].eventId")).isEqualTo(cleanId).isNotEqualTo(leakingId);
        // at-least-once: a slow answer may bring the clean event twice, but never the leaking one
        assertThat(receiver.calls()).isNotEmpty().allSatisfy(call -> {
            assertThat(new JsonPath(call.body()).getString("id")).isEqualTo(cleanId);
            assertThat(call.body()).doesNotContain("13912345678").doesNotContain("complainant");
        });
    }
}
