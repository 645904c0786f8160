package io.xiaoneng.approval.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.approval.events.TopicProbe;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.events.CalendarEvents;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.Topics;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a Kafka loss an admin has approval-service publish its reference data again: every department with its
 * current state on the org topic and every stored calendar year on the calendar topic, valid against their schemas.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class ReferenceDataRepublicationTest {

    static final String REPUBLISH = "/api/v1/admin/reference-data/republication";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    EventSchemas schemas;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    int count(String table) {
        try (var c = dataSource.getConnection(); var rs = c.createStatement().executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String admin() {
        return token("admin", "efficiency-office", "admin");
    }

    @Test
    void everyDepartmentAndCalendarYearIsPublishedAgainWithItsCurrentState() {
        String code = "dep-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "测试局", "kind", "COUNTY_AGENCY"))
                .when().post("/api/v1/departments").then().statusCode(201);
        String etag = given().auth().oauth2(admin()).when().get("/api/v1/departments/" + code).then().statusCode(200)
                .extract().header("ETag");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("name", "测试局（更名）", "active", false))
                .when().put("/api/v1/departments/" + code).then().statusCode(200);

        given().auth().oauth2(token("clerk", code, "clerk")).when().post(REPUBLISH).then().statusCode(403);
        given().when().post(REPUBLISH).then().statusCode(401);
        JsonPath answer = given().auth().oauth2(admin()).when().post(REPUBLISH).then().statusCode(200).extract().jsonPath();
        int departments = given().auth().oauth2(admin()).when().get("/api/v1/departments").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
        assertThat(answer.getInt("departments")).isEqualTo(departments);
        assertThat(answer.getInt("windows")).isEqualTo(count("service_window"));
        assertThat(answer.getInt("posts")).isEqualTo(count("staff_post"));
        List<Integer> years = answer.getList("calendarYears", Integer.class);
        assertThat(years).contains(2024, 2025, 2026);

        // registered, changed, and the republished current state
        List<InboundEvent> org = TopicProbe.await(bootstrap, json, Topics.ORG, code::equals, 3, Duration.ofSeconds(60));
        assertThat(org).extracting(InboundEvent::type).containsExactly(OrgEvents.DEPARTMENT_REGISTERED.type(),
                OrgEvents.DEPARTMENT_CHANGED.type(), OrgEvents.DEPARTMENT_CHANGED.type());
        InboundEvent republished = org.get(2);
        assertThat(schemas.validate(republished.type(), republished.data())).isEmpty();
        assertThat(republished.data().get("name").asText()).isEqualTo("测试局（更名）");
        assertThat(republished.data().get("active").asBoolean()).isFalse();

        List<InboundEvent> calendar = TopicProbe.await(bootstrap, json, Topics.CALENDAR, "2025"::equals, 2, Duration.ofSeconds(60));
        assertThat(calendar).as("published at the first start and again now").hasSizeGreaterThanOrEqualTo(2);
        InboundEvent year = calendar.get(calendar.size() - 1);
        assertThat(year.type()).isEqualTo(CalendarEvents.YEAR_PUBLISHED.type());
        assertThat(schemas.validate(year.type(), year.data())).isEmpty();
        assertThat(year.data().get("year").asInt()).isEqualTo(2025);
    }
}
