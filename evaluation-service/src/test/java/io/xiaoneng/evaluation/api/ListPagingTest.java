package io.xiaoneng.evaluation.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.commitment.TestToday;
import io.xiaoneng.evaluation.org.Departments;
import io.xiaoneng.evaluation.org.OrgFixture;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.org.OrgFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lists of part B that grow with every year — term targets, investment targets, sanctions, personal assessments,
 * hospitality spending — are paged like every list of the platform ({@code PageRequest}): {@code page} (0–100,000),
 * {@code size} (1–100, default 20), the {@code total} beside the {@code items}, in a stable order from page to page.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class ListPagingTest {

    static final String EVALUATOR = token("committee-paging", null, "evaluator");

    @Inject
    OrgFixture org;

    @Inject
    TestToday today;

    @AfterEach
    void realToday() {
        today.reset();
    }

    static JsonPath page(String path, Map<String, Object> query) {
        return given().auth().oauth2(EVALUATOR).queryParams(query).get(path).then().statusCode(200).extract().jsonPath();
    }

    /** Two pages of a list of three, and the bounds of page and size. */
    static void assertPaged(String path, Map<String, Object> filter, String field, List<?> inOrder) {
        JsonPath first = page(path, with(filter, 0, 2));
        assertThat(first.getLong("total")).isEqualTo(3);
        assertThat(first.getInt("page")).isZero();
        assertThat(first.getInt("size")).isEqualTo(2);
        assertThat(first.getList("items." + field)).containsExactlyElementsOf(inOrder.subList(0, 2));
        JsonPath second = page(path, with(filter, 1, 2));
        assertThat(second.getLong("total")).isEqualTo(3);
        assertThat(second.getList("items." + field)).containsExactlyElementsOf(inOrder.subList(2, 3));
        assertThat(page(path, with(filter, 2, 2)).getList("items")).isEmpty();
        JsonPath whole = page(path, filter);
        assertThat(whole.getInt("page")).isZero();
        assertThat(whole.getInt("size")).isEqualTo(20);
        assertThat(whole.getList("items." + field)).containsExactlyElementsOf(inOrder);
        problem(given().auth().oauth2(EVALUATOR).queryParams(with(filter, 0, 101)).get(path).then().extract(), 400, "validation-failed");
        problem(given().auth().oauth2(EVALUATOR).queryParams(with(filter, -1, 10)).get(path).then().extract(), 400, "validation-failed");
        problem(given().auth().oauth2(EVALUATOR).queryParams(with(filter, 100_001, 10)).get(path).then().extract(), 400, "validation-failed");
    }

    static Map<String, Object> with(Map<String, Object> filter, int page, int size) {
        Map<String, Object> q = new java.util.LinkedHashMap<>(filter);
        q.put("page", page);
        q.put("size", size);
        return q;
    }

    @Test
    void termTargetsArePagedNewestTermFirst() {
        String town = org.department("paging-town", Departments.TOWN);
        for (int first : List.of(2051, 2057, 2054)) {
            given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("departmentCode", town, "headName", "镇长",
                            "firstYear", first, "baselineRevenue", 1, "yearlyTargets", List.of(Map.of("year", first, "targetRevenue", 1),
                                    Map.of("year", first + 1, "targetRevenue", 1), Map.of("year", first + 2, "targetRevenue", 1))))
                    .post("/api/v1/term-targets").then().statusCode(201);
        }
        assertPaged("/api/v1/term-targets", Map.of("department", town), "firstYear", List.of(2057, 2054, 2051));
        // A head pages through his own town's only.
        JsonPath own = given().auth().oauth2(token("head-" + town, town, "dept-head")).queryParam("size", 1).get("/api/v1/term-targets")
                .then().statusCode(200).extract().jsonPath();
        assertThat(own.getLong("total")).isEqualTo(3);
        assertThat(own.getList("items.departmentCode")).containsExactly(town);
    }

    @Test
    void investmentTargetsAndTheirSanctionsArePagedNewestYearFirst() {
        String dept = org.agency("paging-invest");
        today.set("2054-01-05"); // outcomes are recorded once their year is over
        for (int year = 2051; year <= 2053; year++) {
            String id = given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                    .body(Map.of("departmentCode", dept, "year", year, "targetAmount", new BigDecimal("100")))
                    .post("/api/v1/investment-targets").then().statusCode(201).extract().path("id");
            given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", "*").body(Map.of("attractedAmount", 0))
                    .post("/api/v1/investment-targets/" + id + "/outcome").then().statusCode(200);
        }
        assertPaged("/api/v1/investment-targets", Map.of("department", dept), "year", List.of(2053, 2052, 2051));
        assertPaged("/api/v1/sanctions", Map.of("department", dept), "sanction",
                List.of("RESIGNATION", "ADMONISHMENT_AND_OFF_POST", "PUBLIC_CRITICISM"));
    }

    @Test
    void personalAssessmentsArePagedBestTotalFirst() {
        String dept = org.agency("paging-staff");
        for (int total : List.of(70, 90, 80)) {
            given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("year", 2051, "departmentCode", dept,
                            "staffRef", dept + "-" + total, "name", "干部" + total, "scores", Map.of("morality", total, "ability", total,
                                    "diligence", total, "achievement", total, "integrity", total)))
                    .post("/api/v1/personal-assessments").then().statusCode(201);
        }
        assertPaged("/api/v1/personal-assessments", Map.of("year", 2051, "department", dept), "staffRef",
                List.of(dept + "-90", dept + "-80", dept + "-70"));
    }

    @Test
    void hospitalitySpendingIsPagedByYear() {
        String dept = org.agency("paging-spend");
        for (int year : List.of(2053, 2051, 2052)) {
            given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("amount", 1000 + year))
                    .put("/api/v1/hospitality-spending/" + dept + "/" + year).then().statusCode(201);
        }
        assertPaged("/api/v1/hospitality-spending", Map.of("department", dept), "year", List.of(2051, 2052, 2053));
    }
}
