package io.xiaoneng.approval.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class DepartmentResourceTest {

    @Test
    void anonymousCallerIsRejected() {
        given().when().get("/api/v1/departments").then().statusCode(401);
    }

    @Test
    void adminRegistersADepartmentThatOfficialsThenRead() {
        given().auth().oauth2(token("admin", "efficiency-office", "admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("code", "civil-affairs", "name", "县民政局", "kind", "COUNTY_AGENCY"))
                .when().post("/api/v1/departments")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/departments/civil-affairs"))
                .header("ETag", equalTo("\"0\"")); // an update can follow with If-Match, no GET needed

        given().auth().oauth2(token("clerk-market", "market", "clerk"))
                .when().get("/api/v1/departments")
                .then().statusCode(200)
                .body("code", hasItem("civil-affairs"));

        given().auth().oauth2(token("clerk-market", "market", "clerk"))
                .when().get("/api/v1/departments/civil-affairs")
                .then().statusCode(200)
                .body("name", equalTo("县民政局"))
                .body("kind", equalTo("COUNTY_AGENCY"))
                .header("ETag", equalTo("\"0\""));
    }

    @Test
    void onlyAnAdminMayRegisterDepartments() {
        given().auth().oauth2(token("head-market", "market", "dept-head"))
                .contentType(ContentType.JSON)
                .body(Map.of("code", "sneaky", "name", "x", "kind", "TOWN"))
                .when().post("/api/v1/departments")
                .then().statusCode(403);

        given().auth().oauth2(token("admin", "efficiency-office", "admin"))
                .when().get("/api/v1/departments/sneaky")
                .then().statusCode(404);
    }

    @Test
    void invalidDepartmentIsRejectedAndNothingStored() {
        given().auth().oauth2(token("admin", "efficiency-office", "admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("code", "Bad Code!", "name", "", "kind", "TOWN"))
                .when().post("/api/v1/departments")
                .then().statusCode(400);

        given().auth().oauth2(token("admin", "efficiency-office", "admin"))
                .when().get("/api/v1/departments/Bad Code!")
                .then().statusCode(404);
    }

    @Test
    void readinessCoversDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("Kafka connection health check"));
    }
}
