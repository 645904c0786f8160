package io.xiaoneng.approval.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.approval.events.TopicProbe;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.events.CatalogEvents;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.Topics;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.catalog.CatalogFixtures.admin;
import static io.xiaoneng.approval.catalog.CatalogFixtures.code;
import static io.xiaoneng.approval.catalog.CatalogFixtures.register;
import static io.xiaoneng.approval.catalog.CatalogFixtures.terms;
import static org.assertj.core.api.Assertions.assertThat;

/** What the catalog publishes on Kafka: CloudEvents of the declared types, data valid against the schemas. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class CatalogEventsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    EventSchemas schemas;

    @Test
    void registerReviseAndCancelArePublishedInOrderWithTheFullTerms() {
        CatalogFixtures.departments();
        String code = code("P");
        Map<String, Object> composite = terms("企业开办并联审批", 45, 15);
        composite.put("composite", true);
        composite.put("leadDepartment", "market");
        composite.put("participatingDepartments", List.of("natural-resources", "housing"));
        register(code, "market", composite);
        composite.put("committedLimitDays", 10);
        String etag = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(composite)
                .when().post("/api/v1/catalog/items/" + code + "/versions").then().statusCode(201).extract().header("ETag");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("cancelDocument", "县政发〔2025〕8号", "cancelledOn", "2025-03-31"))
                .when().post("/api/v1/catalog/items/" + code + "/cancellation").then().statusCode(200);

        List<InboundEvent> events = TopicProbe.await(bootstrap, json, Topics.CATALOG, code::equals, 3, Duration.ofSeconds(60));
        assertThat(events).extracting(InboundEvent::type).containsExactly(
                CatalogEvents.ITEM_PUBLISHED.type(), CatalogEvents.ITEM_PUBLISHED.type(), CatalogEvents.ITEM_CANCELLED.type());
        for (InboundEvent event : events) {
            assertThat(schemas.validate(event.type(), event.data())).as(event.type() + " " + event.data()).isEmpty();
            assertThat(event.subject()).isEqualTo(code);
            assertThat(event.source()).isEqualTo("/xiaoneng/approval");
            assertThat(event.dataschema()).endsWith("/events/" + event.type() + ".json");
        }

        JsonNode v1 = events.get(0).data();
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(v1.get("status").asText()).isEqualTo("RETAINED");
        assertThat(v1.get("committedLimitDays").asInt()).isEqualTo(15);
        assertThat(v1.get("statutoryLimitDays").asInt()).isEqualTo(45);
        assertThat(v1.get("composite").asBoolean()).isTrue();
        assertThat(v1.get("leadDepartment").asText()).isEqualTo("market");
        assertThat(v1.get("participatingDepartments")).extracting(JsonNode::asText).containsExactly("natural-resources", "housing");
        assertThat(v1.get("fees").get(0).get("charged").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(v1.get("fees").get(0).get("upperStandard").decimalValue()).isEqualByComparingTo("3");
        assertThat(v1.get("materials").get(0).get("form").asText()).isEqualTo("ORIGINAL");
        assertThat(events.get(1).data().get("version").asInt()).isEqualTo(2);
        assertThat(events.get(1).data().get("committedLimitDays").asInt()).isEqualTo(10);

        JsonNode cancelled = events.get(2).data();
        assertThat(cancelled.get("currentVersion").asInt()).isEqualTo(2);
        assertThat(cancelled.get("cancelDocument").asText()).isEqualTo("县政发〔2025〕8号");
        assertThat(cancelled.get("cancelledOn").asText()).isEqualTo("2025-03-31");
        assertThat(cancelled.get("name").asText()).isEqualTo("企业开办并联审批");
    }

    @Test
    void theSchemasRefuseWhatTheContractForbids() throws Exception {
        JsonNode missingTerms = json.readTree("{\"implementationCode\": \"X1\", \"version\": 1}");
        assertThat(schemas.validate(CatalogEvents.ITEM_PUBLISHED.type(), missingTerms)).isNotEmpty();
        JsonNode badDate = json.readTree("""
                {"implementationCode": "X1", "basicCode": "B1", "departmentCode": "market", "name": "x", "currentVersion": 1,
                 "cancelDocument": "doc", "cancelledOn": "31.03.2025"}""");
        assertThat(schemas.validate(CatalogEvents.ITEM_CANCELLED.type(), badDate)).isNotEmpty();
    }
}
