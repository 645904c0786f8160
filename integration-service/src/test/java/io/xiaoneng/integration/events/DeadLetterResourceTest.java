package io.xiaoneng.integration.events;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.events.ComplaintEventTypes;
import io.xiaoneng.platform.events.CloudEventHeaders;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * integration-service's dead letters for its administrators (the redrive itself: evaluation's DeadLetterRedriveTest):
 * a record the push channel of complaint events cannot read is listed with its channel and origin, and its redrive is
 * refused with the reason's kind while nothing changes.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration"))
class DeadLetterResourceTest {

    static final String PATH = "/api/v1/admin/integration/dead-letters";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final String admin = token("admin-1", null, "admin");

    @Test
    void aRecordTheChannelCannotReadIsListedAndItsRedriveRefused() throws Exception {
        String key = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            // A complaint event without ce_id: not a CloudEvent.
            var record = new ProducerRecord<>("xiaoneng.complaint.complaints", key, "{}".getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.TYPE, ComplaintEventTypes.RECEIVED.type().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        Map<String, Object> letter = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<Map<String, Object>> items = given().auth().oauth2(admin).queryParam("limit", 500).get(PATH)
                    .then().statusCode(200).extract().jsonPath().getList("items");
            return items.stream().filter(i -> key.equals(i.get("key"))).findFirst().orElse(null);
        }, Objects::nonNull);
        assertThat(letter).containsEntry("channel", "complaints").containsEntry("originTopic", "xiaoneng.complaint.complaints")
                .containsEntry("failure", "invalid-event").containsEntry("eventType", ComplaintEventTypes.RECEIVED.type());
        assertThat(given().auth().oauth2(admin).get(PATH).jsonPath().getString("topic")).isEqualTo("xiaoneng.integration.dlq");

        Response refused = given().auth().oauth2(admin).post(PATH + "/" + letter.get("partition") + "/" + letter.get("offset") + "/redrive");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.jsonPath().getString("failure")).isEqualTo("invalid-event");
        given().auth().oauth2(token("sup-1", null, "supervisor")).get(PATH).then().statusCode(403);
    }
}
