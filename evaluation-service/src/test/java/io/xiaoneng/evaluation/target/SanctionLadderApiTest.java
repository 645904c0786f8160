package io.xiaoneng.evaluation.target;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.Checks;
import io.xiaoneng.evaluation.commitment.TestToday;
import io.xiaoneng.evaluation.org.OrgFixture;
import io.xiaoneng.platform.audit.AuditTrail;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.org.OrgFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sanction ladder as versioned, effective-dated data changed through HTTP: the committee (or an administrator)
 * adds a version applying from a year on; bad input is an RFC 9457 problem and changes nothing; a version may not start
 * in a year with decided sanctions; past decisions keep the version they were decided under; audited.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class SanctionLadderApiTest {

    static final String EVALUATOR = token("ladder-committee", null, "evaluator");
    static final String ADMIN = token("ladder-admin", null, "admin");
    static final String URL = "/api/v1/sanction-ladder/versions";
    // Far-future years: no other test decides sanctions there, so this ladder applies to nobody else.
    static final int DECIDED = 2095, NEW_FROM = 2096;

    @Inject
    OrgFixture org;

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    TestToday today;

    @AfterEach
    void realToday() {
        today.reset();
    }

    RequestSpecification as(String bearer) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON);
    }

    static Map<String, Object> step(int misses, String sanction, boolean resignation) {
        return Map.of("consecutiveMisses", misses, "sanction", sanction, "nameZh", "处理 " + sanction, "nameEn", sanction.toLowerCase(),
                "opensResignationCase", resignation);
    }

    long versions() {
        return Checks.count(em, "select count(*) from sanction_ladder_version");
    }

    long steps() {
        return Checks.count(em, "select count(*) from sanction_ladder_step");
    }

    JsonPath outcome(String department, int year, String attracted) {
        String id = as(EVALUATOR).body(Map.of("departmentCode", department, "year", year, "targetAmount", 100))
                .post("/api/v1/investment-targets").then().statusCode(201).extract().path("id");
        return as(EVALUATOR).header("If-Match", "\"0\"").body(Map.of("attractedAmount", attracted))
                .post("/api/v1/investment-targets/" + id + "/outcome").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theCommitteeChangesTheLadderFromAYearOnWithoutRewritingPastDecisions() {
        today.set((NEW_FROM + 1) + "-01-05"); // outcomes of DECIDED and NEW_FROM are recorded once those years are over
        // The seeded ladder is version 1, in force from 2000; everyone in evaluation may read it.
        JsonPath seeded = given().auth().oauth2(token("head-l", "x", "dept-head")).get(URL).then().statusCode(200).extract().jsonPath();
        assertThat(seeded.getInt("[0].version")).isEqualTo(1);
        assertThat(seeded.getInt("[0].effectiveFromYear")).isEqualTo(2000);
        assertThat(seeded.getList("[0].steps.sanction")).containsExactly("PUBLIC_CRITICISM", "ADMONISHMENT_AND_OFF_POST", "RESIGNATION");

        // A decision under version 1 in DECIDED.
        String dept = org.agency("ladder");
        JsonPath first = outcome(dept, DECIDED, "10");
        assertThat(first.getString("sanction.sanction")).isEqualTo("PUBLIC_CRITICISM");
        assertThat(first.getInt("sanction.ladderVersion")).isEqualTo(1);

        long versionsBefore = versions(), stepsBefore = steps();
        List<Map<String, Object>> lenient = List.of(step(1, "WARNING", false), step(2, "RESIGNATION", true));

        // Bad input: RFC 9457 problems, nothing changed.
        var invalid = problem(as(EVALUATOR).body(Map.of("effectiveFromYear", NEW_FROM, "steps", List.of(
                Map.of("consecutiveMisses", 0, "sanction", "warning", "nameZh", "", "nameEn", "w", "opensResignationCase", false))))
                .post(URL).then().extract(), 400, "validation-failed");
        assertThat(invalid.getString("type")).isNotBlank();
        problem(as(EVALUATOR).body(Map.of("effectiveFromYear", NEW_FROM, "steps", List.of())).post(URL).then().extract(), 400, "validation-failed");
        problem(as(EVALUATOR).body(Map.of("effectiveFromYear", 1999, "steps", lenient)).post(URL).then().extract(), 400, "validation-failed");
        var duplicates = problem(as(EVALUATOR).body(Map.of("effectiveFromYear", NEW_FROM, "steps",
                        List.of(step(1, "WARNING", false), step(1, "DEMERIT", false), step(3, "WARNING", true))))
                .post(URL).then().extract(), 422, "unprocessable");
        assertThat(duplicates.getList("errors.field", String.class)).containsExactly("steps[1].consecutiveMisses", "steps[2].sanction");
        // Not after the latest version; from a year with a decided sanction: 409.
        problem(as(EVALUATOR).body(Map.of("effectiveFromYear", 2000, "steps", lenient)).post(URL).then().extract(), 409, "conflict");
        var decided = problem(as(EVALUATOR).body(Map.of("effectiveFromYear", DECIDED, "steps", lenient)).post(URL).then().extract(), 409, "conflict");
        assertThat(decided.getString("detail")).contains(String.valueOf(DECIDED));
        // Only the committee and administrators change it.
        problem(as(token("sup-l", null, "supervisor")).body(Map.of("effectiveFromYear", NEW_FROM, "steps", lenient)).post(URL).then().extract(),
                403, "forbidden");
        problem(as(token("head-l", dept, "dept-head")).body(Map.of("effectiveFromYear", NEW_FROM, "steps", lenient)).post(URL).then().extract(),
                403, "forbidden");
        assertThat(versions()).isEqualTo(versionsBefore);
        assertThat(steps()).isEqualTo(stepsBefore);

        // A new version from NEW_FROM, by an administrator.
        var created = as(ADMIN).body(Map.of("effectiveFromYear", NEW_FROM, "note", "从严：第二次即引咎辞职", "steps", lenient)).post(URL)
                .then().statusCode(201).extract();
        int version = created.path("version");
        assertThat(created.header("Location")).endsWith(URL + "/" + version);
        assertThat(created.<String>path("createdBy")).isEqualTo("ladder-admin");
        assertThat(given().auth().oauth2(EVALUATOR).get(URL + "/" + version).then().statusCode(200).extract().jsonPath()
                .getList("steps.sanction")).containsExactly("WARNING", "RESIGNATION");
        problem(given().auth().oauth2(EVALUATOR).get(URL + "/999").then().extract(), 404, "not-found");
        assertThat(audit.of("sanction-ladder", String.valueOf(version))).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("ladder-admin");
            assertThat(e.action()).isEqualTo("version-created");
        });

        // The ladder in force depends on the year.
        assertThat(given().auth().oauth2(EVALUATOR).queryParam("year", DECIDED).get("/api/v1/sanction-ladder").then().statusCode(200)
                .extract().jsonPath().getList("sanction")).containsExactly("PUBLIC_CRITICISM", "ADMONISHMENT_AND_OFF_POST", "RESIGNATION");
        assertThat(given().auth().oauth2(EVALUATOR).queryParam("year", NEW_FROM).get("/api/v1/sanction-ladder").then().statusCode(200)
                .extract().jsonPath().getList("sanction")).containsExactly("WARNING", "RESIGNATION");

        // The next miss is judged by the new version (two consecutive misses: resignation, with its case) …
        JsonPath second = outcome(dept, NEW_FROM, "0");
        assertThat(second.getInt("consecutiveMisses")).isEqualTo(2);
        assertThat(second.getString("sanction.sanction")).isEqualTo("RESIGNATION");
        assertThat(second.getInt("sanction.ladderVersion")).isEqualTo(version);
        assertThat(second.getString("sanction.caseId")).isNotNull();
        // … and the past decision is as it was.
        JsonPath past = given().auth().oauth2(EVALUATOR).queryParam("department", dept).queryParam("year", DECIDED).get("/api/v1/sanctions")
                .then().statusCode(200).extract().jsonPath();
        assertThat(past.getList("items.sanction")).containsExactly("PUBLIC_CRITICISM");
        assertThat(past.getList("items.ladderVersion")).containsExactly(1);
    }
}
