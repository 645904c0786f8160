package io.xiaoneng.approval.catalog;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.approval.catalog.app.CatalogDemoData;
import io.xiaoneng.approval.catalog.domain.CatalogItem;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog demo data of the run command: every sample item passes the catalog rules, loading twice adds
 * nothing, and the sample has what a demo needs (retained and cancelled items, parallel-approval items, fees).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class CatalogDemoDataTest {

    @Inject
    CatalogDemoData demo;

    @Test
    void theSampleLoadsIdempotentlyAndCoversTheDemo() {
        CatalogFixtures.departments();
        demo.load();
        long afterFirst = CatalogItem.count("implementationCode like '341122%'");
        demo.load();
        assertThat(CatalogItem.count("implementationCode like '341122%'")).isEqualTo(afterFirst).isGreaterThanOrEqualTo(20);

        JsonPath market = given().queryParam("department", "market").queryParam("q", "341122").queryParam("size", 100)
                .when().get("/api/v1/catalog/items").then().statusCode(200).extract().jsonPath();
        assertThat(market.getList("items.status")).contains("RETAINED", "CANCELLED");
        List<Map<String, Object>> composite = market.getList("items.findAll { it.composite }");
        assertThat(composite).hasSize(2);

        JsonPath parallel = given().when().get("/api/v1/catalog/items/" + composite.get(0).get("implementationCode"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(parallel.getString("terms.leadDepartment")).isEqualTo("market");
        assertThat(parallel.getList("terms.participatingDepartments")).contains("natural-resources", "housing");
        assertThat(parallel.getInt("terms.statutoryLimitDays")).isEqualTo(45);

        JsonPath cancelled = given().queryParam("q", "341122").queryParam("status", "CANCELLED").queryParam("size", 100)
                .when().get("/api/v1/catalog/items").then().extract().jsonPath();
        assertThat(cancelled.getList("items.departmentCode")).contains("market", "housing", "natural-resources", "development-reform");
        String code = cancelled.getString("items[0].implementationCode");
        given().when().get("/api/v1/catalog/items/" + code).then().statusCode(200)
                .body("cancelDocument", org.hamcrest.Matchers.containsString("县政发〔2025〕8号"));

        // A fee with a range: charged at the lower limit.
        JsonPath road = given().queryParam("q", "占用、挖掘城市道路").when().get("/api/v1/catalog/items").then().extract().jsonPath();
        JsonPath item = given().when().get("/api/v1/catalog/items/" + road.getString("items[0].implementationCode")).then().extract().jsonPath();
        assertThat(item.getDouble("fees[0].charged")).isEqualTo(item.getDouble("fees[0].lowerStandard")).isLessThan(item.getDouble("fees[0].upperStandard"));
    }

    @Test
    void theOpenApiDocumentDescribesTheCatalogAndCalendar() {
        String openapi = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("searchCatalogItems", "cancelCatalogItem", "importCatalogItems",
                "getCatalogStatistics", "putCalendarYear", "addWorkingDays", "listCalendarYears");
        // One import operation taking either format (OpenAPI has one operation per path and method).
        assertThat(given().queryParam("format", "json").when().get("/q/openapi").then().extract().jsonPath()
                .getMap("paths.'/api/v1/catalog/imports'.post.requestBody.content")).containsKeys("text/csv", "application/json");
    }
}
