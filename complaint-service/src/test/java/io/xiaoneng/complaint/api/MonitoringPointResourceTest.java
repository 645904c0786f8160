package io.xiaoneng.complaint.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class MonitoringPointResourceTest {

    @Test
    void anonymousCallerIsRejected() {
        given().when().get("/api/v1/monitoring-points").then().statusCode(401);
    }

    @Test
    void supervisorDesignatesAPointThatOfficialsRead() {
        given().auth().oauth2(token("supervisor", "efficiency-office", "supervisor"))
                .contentType(ContentType.JSON)
                .body(Map.of("code", "mp-test-1", "name", "监测点", "enterpriseName", "县纺织有限公司", "townCode", "town-01"))
                .when().post("/api/v1/monitoring-points")
                .then().statusCode(201);

        given().auth().oauth2(token("clerk-market", "market", "clerk"))
                .when().get("/api/v1/monitoring-points")
                .then().statusCode(200)
                .body("code", hasItem("mp-test-1"));

        given().auth().oauth2(token("clerk-market", "market", "clerk"))
                .when().get("/api/v1/monitoring-points/mp-test-1")
                .then().statusCode(200)
                .body("enterpriseName", equalTo("县纺织有限公司"));
    }

    @Test
    void applicantsAndClerksCannotDesignatePoints() {
        given().auth().oauth2(token("applicant-a", null, "applicant"))
                .when().get("/api/v1/monitoring-points")
                .then().statusCode(403);

        given().auth().oauth2(token("clerk-market", "market", "clerk"))
                .contentType(ContentType.JSON)
                .body(Map.of("code", "mp-sneaky", "name", "x", "enterpriseName", "y"))
                .when().post("/api/v1/monitoring-points")
                .then().statusCode(403);

        given().auth().oauth2(token("supervisor", "efficiency-office", "supervisor"))
                .when().get("/api/v1/monitoring-points/mp-sneaky")
                .then().statusCode(404);
    }

    @Test
    void readinessCoversDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("Kafka connection health check"));
    }

    @Test
    void aRefusedCallerCannotGrowTheHttpMetricsWithPathsOfItsOwn() {
        String invented = "/api/v1/complaints/" + UUID.randomUUID();
        // refused before any resource matched: the token is checked first (proactive authentication)
        given().auth().oauth2("not-a-token").when().get(invented).then().statusCode(401);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain(invented);
        assertThat(metrics).as("still counted, under one value for all such calls")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"401\"[^}]*uri=\"UNKNOWN\"");
    }
}
