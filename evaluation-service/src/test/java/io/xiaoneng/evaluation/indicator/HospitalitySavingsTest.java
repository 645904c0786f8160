package io.xiaoneng.evaluation.indicator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.org.OrgFixture;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.org.OrgFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** Hospitality spending entered per year and the savings rate against the baseline year, ranked. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class HospitalitySavingsTest {

    static final String EVALUATOR = token("committee-h", null, "evaluator");

    @Inject
    OrgFixture org;

    void enter(String bearer, String department, int year, String amount, int status) {
        given().auth().oauth2(bearer).contentType(ContentType.JSON).body(Map.of("amount", new BigDecimal(amount)))
                .put("/api/v1/hospitality-spending/" + department + "/" + year).then().statusCode(status);
    }

    static BigDecimal dec(Object o) {
        return new BigDecimal(String.valueOf(o));
    }

    @Test
    void savingsRateAgainstTheBaselineYearRankedHighestFirst() {
        String forty = org.agency("h40"), half = org.agency("h50"), more = org.agency("hmore"), fresh = org.agency("hnew");
        String head = token("head-" + half, half, "dept-head");
        enter(EVALUATOR, forty, 2060, "100000.00", 201);
        enter(EVALUATOR, forty, 2061, "60000.00", 201);      // 40 % saved
        enter(head, half, 2060, "80000", 201);
        enter(head, half, 2061, "40000", 201);               // 50 % saved, entered by the head himself
        enter(EVALUATOR, more, 2060, "50000", 201);
        enter(EVALUATOR, more, 2061, "55000", 201);          // spent 10 % more
        enter(EVALUATOR, fresh, 2061, "1000", 201);          // no baseline: no rate, no rank

        JsonPath r = given().auth().oauth2(EVALUATOR).queryParam("year", 2061).get("/api/v1/indicators/hospitality-savings")
                .then().statusCode(200).extract().jsonPath();
        assertThat(r.getInt("baselineYear")).isEqualTo(2060);
        var mine = r.<Map<String, Object>>getList("departments").stream()
                .filter(d -> java.util.List.of(forty, half, more, fresh).contains(d.get("departmentCode"))).toList();
        assertThat(mine).extracting(d -> d.get("departmentCode")).containsExactly(half, forty, more, fresh);
        assertThat(dec(mine.get(0).get("savingsRate"))).isEqualByComparingTo("0.5");
        assertThat(dec(mine.get(1).get("savingsRate"))).isEqualByComparingTo("0.4");
        assertThat(dec(mine.get(2).get("savingsRate"))).isEqualByComparingTo("-0.1");
        assertThat(mine.get(3).get("savingsRate")).isNull();
        assertThat(mine.get(3).get("rank")).isNull();

        // A head corrects his own figure only with If-Match, and sees only his own department.
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).body(Map.of("amount", 1))
                .put("/api/v1/hospitality-spending/" + half + "/2061").then().extract(), 428, "precondition-required");
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).header("If-Match", "\"7\"").body(Map.of("amount", 1))
                .put("/api/v1/hospitality-spending/" + half + "/2061").then().extract(), 412, "precondition-failed");
        given().auth().oauth2(head).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(Map.of("amount", 20000))
                .put("/api/v1/hospitality-spending/" + half + "/2061").then().statusCode(200).header("ETag", "\"1\"");
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).body(Map.of("amount", 1))
                .put("/api/v1/hospitality-spending/" + forty + "/2062").then().extract(), 403, "forbidden");
        JsonPath own = given().auth().oauth2(head).queryParam("year", 2061).get("/api/v1/indicators/hospitality-savings")
                .then().statusCode(200).extract().jsonPath();
        assertThat(own.getList("departments.departmentCode")).containsExactly(half);
        assertThat(dec(own.get("departments[0].savingsRate"))).isEqualByComparingTo("0.75");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("amount", -1))
                .put("/api/v1/hospitality-spending/" + forty + "/2062").then().extract(), 400, "validation-failed");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("amount", 1))
                .put("/api/v1/hospitality-spending/no-such-department/2062").then().extract(), 422, "unprocessable");
    }
}
