package io.xiaoneng.integration.delivery;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.integration.Events;
import io.xiaoneng.integration.Receiver;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.integration.delivery.PushTest.admin;
import static io.xiaoneng.integration.delivery.PushTest.deliveries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A complaint event the push channel could not take in (recording its delivery failed past the retries) is a dead
 * letter of integration-service; once the cause is gone, the administrator's redrive takes it through the same path:
 * the delivery is recorded and the receiver gets the signed push — once, however often it is redriven.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration"))
class DeadLetterRedriveTest {

    static final String DEAD_LETTERS = "/api/v1/admin/integration/dead-letters";

    @Inject
    AgroalDataSource dataSource;

    Receiver receiver;
    String subscriber;

    @AfterEach
    void stop() throws SQLException {
        sql("drop trigger if exists refuse_delivery_test on delivery");
        if (subscriber != null) {
            given().auth().oauth2(admin()).post(PushTest.SUBSCRIBERS + "/" + subscriber + "/deactivation").then().statusCode(200);
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void aComplaintEventThatCouldNotBeRecordedIsPushedOnceAfterItsRedrive() throws Exception {
        receiver = new Receiver();
        JsonPath registered = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "市政务服务平台", "url", receiver.url(), "eventTypes", List.of("xiaoneng.complaint.*")))
                .when().post(PushTest.SUBSCRIBERS).then().statusCode(201).extract().jsonPath();
        receiver.secret(registered.getString("secret"));
        subscriber = registered.getString("subscriber.id");
        String complaintId = UUID.randomUUID().toString();
        // The cause: the database refuses this complaint's delivery row (as a defect or a full disk would).
        sql("create or replace function refuse_delivery_test() returns trigger language plpgsql as $$ begin "
                + "if new.subject = '" + complaintId + "' then raise exception 'refused for the test'; end if; return new; end $$");
        sql("create trigger refuse_delivery_test before insert on delivery for each row execute function refuse_delivery_test()");

        String eventId = Events.publish(Events.COMPLAINT_RECEIVED, complaintId, Events.complaintReceived(complaintId));
        Map<String, Object> letter = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<Map<String, Object>> items = given().auth().oauth2(admin()).queryParam("limit", 500).get(DEAD_LETTERS)
                    .then().statusCode(200).extract().jsonPath().getList("items");
            return items.stream().filter(i -> eventId.equals(i.get("eventId"))).findFirst().orElse(null);
        }, Objects::nonNull);
        assertThat(letter).containsEntry("channel", "complaints").containsEntry("originTopic", "xiaoneng.complaint.complaints")
                .containsEntry("failure", "failed-after-retries").containsEntry("subject", complaintId);
        assertThat(given().auth().oauth2(admin()).get(DEAD_LETTERS).jsonPath().getString("topic")).isEqualTo("xiaoneng.integration.dlq");
        assertThat(deliveries(subscriber, null).getInt("total")).isZero();
        String redrive = DEAD_LETTERS + "/" + letter.get("partition") + "/" + letter.get("offset") + "/redrive";

        sql("drop trigger refuse_delivery_test on delivery");
        assertThat(given().auth().oauth2(admin()).post(redrive).then().statusCode(200).extract().jsonPath()
                .getString("outcome")).isEqualTo("APPLIED");
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(subscriber, "DELIVERED").getInt("total") == 1);
        assertThat(receiver.calls()).hasSize(1).allMatch(Receiver.Call::signatureValid);
        assertThat(new JsonPath(receiver.calls().get(0).body()).getString("id")).isEqualTo(eventId);

        assertThat(given().auth().oauth2(admin()).post(redrive).then().statusCode(200).extract().jsonPath()
                .getString("outcome")).isEqualTo("DUPLICATE");
        assertThat(deliveries(subscriber, null).getInt("total")).isEqualTo(1);
        given().auth().oauth2(token("int-1", null, "integration")).post(redrive).then().statusCode(403);
    }
}
