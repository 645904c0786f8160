package io.xiaoneng.integration.delivery;

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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.integration.delivery.PushTest.DELIVERIES;
import static io.xiaoneng.integration.delivery.PushTest.SUBSCRIBERS;
import static io.xiaoneng.integration.delivery.PushTest.admin;
import static io.xiaoneng.integration.delivery.PushTest.deliveries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The request id and W3C trace context of the request behind an event (the Kafka headers {@code x-request-id} and
 * {@code ce_traceparent} of the producing service's outbox relay) travel on to the subscriber as {@code X-Request-Id}
 * and {@code traceparent}, on every attempt and on an administrator's replay, which keeps the original ones.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration"))
class TraceContextPushTest {

    /** The JDK receiver's header names: first letter upper case, the rest lower case. */
    static final String REQUEST_ID = "X-request-id";
    static final String TRACEPARENT = "Traceparent";

    Receiver receiver;
    String subscriber;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new Receiver();
        JsonPath r = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "省政务服务平台", "url", receiver.url(),
                        "eventTypes", List.of("xiaoneng.approval.application.submitted.v1")))
                .when().post(SUBSCRIBERS).then().statusCode(201).extract().jsonPath();
        receiver.secret(r.getString("secret"));
        subscriber = r.getString("subscriber.id");
    }

    @AfterEach
    void stop() {
        given().auth().oauth2(admin()).post(SUBSCRIBERS + "/" + subscriber + "/deactivation").then().statusCode(200);
        receiver.close();
    }

    @Test
    void theRequestBehindTheEventTravelsToTheSubscriberOnEveryAttemptAndOnReplay() {
        String requestId = "req-" + UUID.randomUUID();
        String traceparent = "00-" + hex(32) + "-" + hex(16) + "-01";
        receiver.failNext(1);
        String applicationId = UUID.randomUUID().toString();
        Events.publish(Events.APPLICATION_SUBMITTED, applicationId, Events.applicationSubmitted(applicationId),
                UUID.randomUUID().toString(), Map.of("x-request-id", requestId, "ce_traceparent", traceparent));

        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(subscriber, "DELIVERED").getInt("total") == 1);
        List<Receiver.Call> calls = receiver.calls();
        assertThat(calls).extracting(Receiver.Call::answered).containsExactly(503, 204);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.headers().get(REQUEST_ID)).containsExactly(requestId);
            assertThat(call.headers().get(TRACEPARENT)).containsExactly(traceparent);
            assertThat(call.signatureValid()).isTrue();
        });
        JsonPath log = deliveries(subscriber, null);
        assertThat(log.getString("items[0].requestId")).isEqualTo(requestId);
        assertThat(log.getString("items[0].traceparent")).isEqualTo(traceparent);

        // The administrator's replay is a request of its own, with its own id and trace: the push still names the
        // request behind the event, the one the receiver can correlate.
        String delivery = log.getString("items[0].id");
        given().auth().oauth2(admin()).header("X-Request-Id", "admin-replay-" + UUID.randomUUID())
                .header("traceparent", "00-" + hex(32) + "-" + hex(16) + "-01")
                .post(DELIVERIES + "/" + delivery + "/replay").then().statusCode(200)
                .body("requestId", org.hamcrest.Matchers.equalTo(requestId))
                .body("traceparent", org.hamcrest.Matchers.equalTo(traceparent));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls().size() == 3);
        Receiver.Call replayed = receiver.calls().get(2);
        assertThat(replayed.answered()).isEqualTo(204);
        assertThat(replayed.headers().get(REQUEST_ID)).containsExactly(requestId);
        assertThat(replayed.headers().get(TRACEPARENT)).containsExactly(traceparent);
    }

    @Test
    void onlyWellFormedValuesAreKeptAndSent() {
        String requestId = "req-" + UUID.randomUUID();
        String applicationId = UUID.randomUUID().toString();
        Events.publish(Events.APPLICATION_SUBMITTED, applicationId, Events.applicationSubmitted(applicationId),
                UUID.randomUUID().toString(), Map.of("x-request-id", requestId, "ce_traceparent", "01-not-a-trace"));
        String otherId = UUID.randomUUID().toString();
        Events.publish(Events.APPLICATION_SUBMITTED, otherId, Events.applicationSubmitted(otherId),
                UUID.randomUUID().toString(), Map.of("x-request-id", "two words", "ce_traceparent", "00-" + hex(32) + "-" + hex(16)));

        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(subscriber, "DELIVERED").getInt("total") == 2);
        Map<String, Receiver.Call> bySubject = new java.util.HashMap<>();
        receiver.calls().forEach(call -> bySubject.put(new JsonPath(call.body()).getString("subject"), call));
        assertThat(bySubject.get(applicationId).headers().get(REQUEST_ID)).containsExactly(requestId);
        assertThat(bySubject.get(applicationId).headers()).doesNotContainKey(TRACEPARENT);
        assertThat(bySubject.get(otherId).headers()).doesNotContainKeys(REQUEST_ID, TRACEPARENT);
        JsonPath log = deliveries(subscriber, null);
        assertThat(log.getList("items.requestId")).containsExactlyInAnyOrder(requestId, null);
        assertThat(log.getList("items.traceparent")).containsOnlyNulls();
    }

    /** {@code digits} (at most 32) random lower-case hex digits. */
    private static String hex(int digits) {
        return UUID.randomUUID().toString().replace("-", "").substring(0, digits);
    }
}
