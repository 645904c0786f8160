package io.xiaoneng.approval.window.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.TopicReader;
import io.xiaoneng.platform.events.CloudEventHeaders;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.Topics;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.window.api.OrgFixtures.admin;
import static io.xiaoneng.approval.window.api.OrgFixtures.department;
import static io.xiaoneng.approval.window.api.OrgFixtures.unique;
import static io.xiaoneng.approval.window.api.OrgFixtures.windowBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What approval-service publishes about windows and posts, read back from the real broker: CloudEvents of the
 * declared types on the compacted org topic, in order per key, each valid against its JSON Schema — the same
 * schema files consumers validate with.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class OrgEventsTest {

    static final List<EventType> TYPES = List.of(OrgEvents.WINDOW_REGISTERED, OrgEvents.WINDOW_CHANGED,
            OrgEvents.POST_REGISTERED, OrgEvents.POST_CHANGED, OrgEvents.POST_REMOVED);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EventSchemas schemas;

    @Inject
    ObjectMapper json;

    @Test
    void everyTypeHasASchemaWhoseIdIsItsDataschema() throws Exception {
        for (EventType type : TYPES) {
            assertThat(type.topic()).isEqualTo(Topics.ORG);
            try (InputStream in = EventSchemas.class.getResourceAsStream("/events/schemas/" + type.type() + ".json")) {
                assertThat(in).as("schema of %s", type.type()).isNotNull();
                JsonNode schema = json.readTree(in);
                assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
                assertThat(schema.get("$id").asText()).isEqualTo(type.dataschema());
            }
        }
    }

    @Test
    void windowAndPostChangesArePublishedInOrderAndMatchTheirSchemas() {
        String market = department("market");
        String windowCode = unique("w");
        Map<String, Object> window = windowBody(windowCode, List.of(market), true, true);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(window)
                .when().post("/api/v1/windows").then().statusCode(201);
        window.remove("code");
        window.put("active", false);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(window)
                .when().put("/api/v1/windows/" + windowCode).then().statusCode(200);

        String postCode = unique("post");
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", postCode, "windowCode", windowCode, "title", "受理岗", "responsibilities", "接收材料",
                        "assignees", List.of("clerk-market")))
                .when().post("/api/v1/posts").then().statusCode(201);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("windowCode", windowCode, "title", "受理岗", "responsibilities", "接收材料，一次性告知",
                        "assignees", List.of()))
                .when().put("/api/v1/posts/" + postCode).then().statusCode(200);
        given().auth().oauth2(admin()).header("If-Match", "\"1\"")
                .when().delete("/api/v1/posts/" + postCode).then().statusCode(204);

        String windowKey = OrgEvents.windowKey(windowCode);
        String postKey = OrgEvents.postKey(postCode);
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(bootstrap, Topics.ORG,
                r -> windowKey.equals(r.key()) || postKey.equals(r.key()),
                rs -> countWithKey(rs, windowKey) >= 2 && countWithKey(rs, postKey) >= 3, Duration.ofSeconds(60));
        List<InboundEvent> windowEvents = new ArrayList<>();
        List<InboundEvent> postEvents = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            InboundEvent event = InboundEvent.from(record, json);
            assertThat(event.subject()).isEqualTo(record.key());
            assertThat(event.source()).isEqualTo("/xiaoneng/approval");
            assertThat(event.dataschema()).isEqualTo(EventType.SCHEMA_BASE + event.type() + ".json");
            assertThat(new String(record.headers().lastHeader(CloudEventHeaders.CONTENT_TYPE).value())).isEqualTo("application/json");
            assertThat(schemas.validate(event.type(), event.data())).as("%s valid against its schema", event.type()).isEmpty();
            (record.key().equals(windowKey) ? windowEvents : postEvents).add(event);
        }

        assertThat(windowEvents).extracting(InboundEvent::type)
                .containsExactly(OrgEvents.WINDOW_REGISTERED.type(), OrgEvents.WINDOW_CHANGED.type());
        JsonNode registered = windowEvents.get(0).data();
        assertThat(registered.get("code").asText()).isEqualTo(windowCode);
        assertThat(registered.get("departmentCodes").get(0).asText()).isEqualTo(market);
        assertThat(registered.get("holidayService").asBoolean()).isTrue();
        assertThat(registered.get("active").asBoolean()).isTrue();
        assertThat(windowEvents.get(1).data().get("active").asBoolean()).isFalse();

        assertThat(postEvents).extracting(InboundEvent::type)
                .containsExactly(OrgEvents.POST_REGISTERED.type(), OrgEvents.POST_CHANGED.type(), OrgEvents.POST_REMOVED.type());
        assertThat(postEvents.get(0).data().get("assignees").get(0).asText()).isEqualTo("clerk-market");
        assertThat(postEvents.get(1).data().get("assignees")).isEmpty();
        assertThat(postEvents.get(2).data().get("windowCode").asText()).isEqualTo(windowCode);
    }

    @Test
    void invalidDataIsCaughtByTheSchemas() {
        // The schemas are strict enough to matter: a window without departments or with an unknown member fails.
        JsonNode noDepartments = json.valueToTree(new OrgEvents.WindowState("w-1", "窗口", "A01", List.of(), "一楼", false, false, true));
        assertThat(schemas.validate(OrgEvents.WINDOW_REGISTERED.type(), noDepartments)).isNotEmpty();
        JsonNode extra = json.valueToTree(Map.of("code", "p-1", "windowCode", "w-1", "removedBy", "admin"));
        assertThat(schemas.validate(OrgEvents.POST_REMOVED.type(), extra)).isNotEmpty();
    }

    private static long countWithKey(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).count();
    }
}
