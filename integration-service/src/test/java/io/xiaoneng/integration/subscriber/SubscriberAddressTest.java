package io.xiaoneng.integration.subscriber;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.integration.Events;
import io.xiaoneng.integration.Receiver;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * As deployed (private addresses not allowed): a subscriber URL on this host, in a private network or at the cloud
 * metadata address is refused (the worker would otherwise probe them and report what it found: SSRF); an address on
 * the outside is registered. A host that resolves inside only after its registration (DNS rebinding) is not sent to.
 */
@QuarkusTest
@TestProfile(SubscriberAddressTest.AsDeployed.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration"))
class SubscriberAddressTest {

    public static class AsDeployed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xiaoneng.integration.subscribers.allow-private-addresses", "false");
        }
    }

    private static io.restassured.response.ExtractableResponse<io.restassured.response.Response> register(String url) {
        return register(url, List.of("xiaoneng.complaint.*"));
    }

    private static io.restassured.response.ExtractableResponse<io.restassured.response.Response> register(String url, List<String> types) {
        return given().auth().oauth2(SubscriberResourceTest.admin()).contentType(ContentType.JSON)
                .body(SubscriberResourceTest.body(url, types))
                .when().post(SubscriberResourceTest.SUBSCRIBERS).then().extract();
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void internalAddressesAreRefusedOutsideOnesRegistered() {
        for (String url : List.of("http://127.0.0.1:8081/api/v1/applications", "http://localhost:8084/hook",
                "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/hook", "http://192.168.1.10/hook",
                "http://172.20.0.5:8082/hook", "http://[::1]:8080/hook", "http://100.64.0.1/hook", "http://0.0.0.0/hook")) {
            var r = register(url);
            assertThat(r.statusCode()).as(url).isEqualTo(422);
            JsonPath p = r.jsonPath();
            assertThat(p.getList("errors.field")).as(url).containsExactly("url");
        }
        var outside = register("https://93.184.216.34/xiaoneng/hook");
        assertThat(outside.statusCode()).as(outside.asString()).isEqualTo(201);
        given().auth().oauth2(SubscriberResourceTest.admin())
                .post(SubscriberResourceTest.SUBSCRIBERS + "/" + outside.path("subscriber.id") + "/deactivation").then().statusCode(200);
    }

    @Test
    void aHostThatResolvesInsideByNowIsNotSentToEachAttemptFailsAndTheDeliveryIsDeadLettered() throws Exception {
        try (Receiver receiver = new Receiver()) {
            var registered = register("https://93.184.216.34/xiaoneng/hook", List.of(Events.APPLICATION_SUBMITTED.type()));
            assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(201);
            String subscriber = registered.path("subscriber.id");
            receiver.secret(registered.path("secret"));
            // What DNS rebinding does to the registered name: it now leads to this host, where a receiver listens
            // (localhost, as a name: the worker has to resolve it to see where it leads).
            String rebound = receiver.url().replace("127.0.0.1", "localhost");
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("update subscriber set url = ? where id = ?")) {
                ps.setString(1, rebound);
                ps.setObject(2, UUID.fromString(subscriber));
                assertThat(ps.executeUpdate()).isOne();
            }

            String applicationId = UUID.randomUUID().toString();
            String eventId = Events.publish(Events.APPLICATION_SUBMITTED, applicationId, Events.applicationSubmitted(applicationId));

            // three failed attempts (test profile), then the dead letter, as for a receiver that fails
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(subscriber).getInt("total") == 1);
            JsonPath dead = deadLetters(subscriber);
            assertThat(dead.getString("items[0].eventId")).isEqualTo(eventId);
            assertThat(dead.getInt("items[0].attempts")).isEqualTo(3);
            assertThat(dead.getString("items[0].lastStatus")).isNull();
            // the reason in the delivery log; localhost may also resolve to ::1 where IPv6 comes first
            assertThat(dead.getString("items[0].lastError")).startsWith("not sent: localhost resolves to ")
                    .endsWith(", an address on this host or a private network (subscriber.url-internal)");
            assertThat(receiver.calls()).as("nothing reached the address inside").isEmpty();

            given().auth().oauth2(SubscriberResourceTest.admin())
                    .post(SubscriberResourceTest.SUBSCRIBERS + "/" + subscriber + "/deactivation").then().statusCode(200);
        }
    }

    private static JsonPath deadLetters(String subscriber) {
        return given().auth().oauth2(SubscriberResourceTest.admin()).queryParam("subscriber", subscriber).queryParam("status", "DEAD")
                .when().get("/api/v1/integration/deliveries").then().statusCode(200).extract().jsonPath();
    }
}
