package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.approval.app.DemoData;
import io.xiaoneng.approval.application.app.ApplicationDemoData;
import io.xiaoneng.approval.catalog.app.CatalogDemoData;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo applications of the run command, loaded after the departments and the catalog as on start, then loaded
 * again without adding anything; their states through the API. "Today" is Monday 16 March 2026 (no holiday in the
 * 12 working days before it).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class ApplicationDemoDataTest {

    @Inject
    DemoData departments;

    @Inject
    CatalogDemoData catalog;

    @Inject
    ApplicationDemoData applications;

    @Inject
    TestClock clock;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void demoApplicationsInVariedStatesLoadedOnce() {
        clock.set("2026-03-16");
        departments.load();
        catalog.load();
        int first = applications.load();
        assertThat(applications.load()).as("a restart adds nothing").isZero();
        assertThat(first).isIn(0, 8); // 0 if another test of this run loaded them already

        assertThat(view("just-filed").getString("status")).isEqualTo("SUBMITTED");
        JsonPath supplement = view("supplement");
        assertThat(supplement.getString("status")).isEqualTo("SUPPLEMENT_REQUESTED");
        assertThat(supplement.getList("supplement.missingMaterials")).hasSize(2);
        assertThat(view("under-review").getString("status")).isEqualTo("UNDER_REVIEW");
        assertThat(view("paused").getString("status")).isEqualTo("PAUSED");
        assertThat(view("completed").getString("status")).isEqualTo("COMPLETED");
        assertThat(view("not-accepted").getString("status")).isEqualTo("NOT_ACCEPTED");

        JsonPath red = view("red-light");
        assertThat(red.getString("clock.light")).isEqualTo("RED");
        List<String> redIds = given().auth().oauth2(supervisor()).queryParam("department", "natural-resources").queryParam("size", 100)
                .when().get("/api/v1/supervision/red-cases").then().statusCode(200).extract().jsonPath().getList("items.applicationId");
        assertThat(redIds).contains(id("red-light").toString());

        JsonPath parallel = view("parallel");
        assertThat(parallel.getBoolean("composite")).isTrue();
        assertThat(parallel.getString("status")).isEqualTo("UNDER_REVIEW");
        assertThat(parallel.getList("blockedBy.department")).containsExactly("housing");
        assertThat(parallel.getList("subCases.status")).containsExactly("APPROVED", "APPROVED", "PENDING");
    }

    private static UUID id(String key) {
        return UUID.nameUUIDFromBytes(("xiaoneng-demo-application:" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonPath view(String key) {
        return given().auth().oauth2(supervisor()).when().get(APPLICATIONS + "/" + id(key)).then().statusCode(200).extract().jsonPath();
    }
}
