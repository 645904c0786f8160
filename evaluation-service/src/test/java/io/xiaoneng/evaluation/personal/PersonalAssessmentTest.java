package io.xiaoneng.evaluation.personal;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.org.OrgFixture;
import io.xiaoneng.platform.audit.AuditTrail;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.org.OrgFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** The annual assessment through HTTP: scores by the head, grading with the 15 % cap on 优秀, scope and If-Match. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class PersonalAssessmentTest {

    @Inject
    OrgFixture org;

    @Inject
    AuditTrail audit;

    static Map<String, Object> scores(int all) {
        return Map.of("morality", all, "ability", all, "diligence", all, "achievement", all, "integrity", all);
    }

    String assess(String bearer, String department, String staff, Map<String, Object> scores) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON)
                .body(Map.of("year", 2031, "departmentCode", department, "staffRef", staff, "name", "干部" + staff, "scores", scores))
                .post("/api/v1/personal-assessments").then().statusCode(201).extract().path("id");
    }

    @Test
    void gradingCapsExcellentAtFifteenPercentOfTheDepartment() {
        String dept = org.agency("staff");
        String head = token("head-" + dept, dept, "dept-head");
        // 20 officials → at most 3 优秀. Four score in the 优秀 band (99, 97, 94, 92), the rest 稱职 / 基本称职 / 不称职.
        int[] totals = {99, 97, 94, 92, 85, 85, 85, 85, 85, 85, 80, 80, 80, 80, 80, 80, 70, 70, 65, 50};
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < totals.length; i++) {
            ids.put(dept + "-p" + i, assess(head, dept, dept + "-p" + i, scores(totals[i])));
        }
        JsonPath graded = given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("year", 2031, "departmentCode", dept)).post("/api/v1/personal-assessments/grading")
                .then().statusCode(200).extract().jsonPath();
        Map<String, String> grades = new HashMap<>();
        for (Map<String, Object> a : graded.<Map<String, Object>>getList("$")) {
            grades.put((String) a.get("staffRef"), (String) a.get("grade"));
        }
        assertThat(grades.values().stream().filter("EXCELLENT"::equals).count()).isEqualTo(3);
        assertThat(grades.get(dept + "-p0")).isEqualTo("EXCELLENT");
        assertThat(grades.get(dept + "-p2")).isEqualTo("EXCELLENT");
        assertThat(grades.get(dept + "-p3")).isEqualTo("COMPETENT");
        assertThat(graded.getString("find { it.staffRef == '" + dept + "-p3' }.bandGrade")).isEqualTo("EXCELLENT");
        assertThat(grades.get(dept + "-p17")).isEqualTo("BASICALLY_COMPETENT");
        assertThat(grades.get(dept + "-p19")).isEqualTo("INCOMPETENT");
        assertThat(audit.of("personal-assessment", dept + "/2031")).singleElement()
                .satisfies(e -> assertThat(e.after().get("excellentCap").asInt()).isEqualTo(3));

        // A changed score voids the grade until the department is graded again; If-Match guards the change.
        String id = ids.get(dept + "-p3");
        String path = "/api/v1/personal-assessments/" + id;
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).body(scores(100)).put(path + "/scores").then().extract(),
                428, "precondition-required");
        String etag = given().auth().oauth2(head).get(path).then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(head).contentType(ContentType.JSON).header("If-Match", etag).body(scores(100)).put(path + "/scores")
                .then().statusCode(200).body("grade", nullValue()).body("bandGrade", equalTo("EXCELLENT"));
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).header("If-Match", etag).body(scores(90)).put(path + "/scores").then().extract(),
                412, "precondition-failed");
        JsonPath regraded = given().auth().oauth2(token("committee", null, "evaluator")).contentType(ContentType.JSON)
                .body(Map.of("year", 2031, "departmentCode", dept)).post("/api/v1/personal-assessments/grading")
                .then().statusCode(200).extract().jsonPath();
        assertThat(regraded.getString("find { it.staffRef == '" + dept + "-p3' }.grade")).isEqualTo("EXCELLENT");
        assertThat(regraded.getString("find { it.staffRef == '" + dept + "-p2' }.grade")).isEqualTo("COMPETENT");
    }

    @Test
    void aHeadAssessesAndSeesOnlyHisOwnDepartment() {
        String dept = org.agency("own"), other = org.agency("foreign");
        String head = token("head-" + dept, dept, "dept-head");
        String mine = assess(head, dept, dept + "-x", scores(80));
        problem(given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("year", 2031, "departmentCode", other, "staffRef", "z", "name", "z", "scores", scores(80)))
                .post("/api/v1/personal-assessments").then().extract(), 403, "forbidden");
        problem(given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("year", 2031, "departmentCode", other)).post("/api/v1/personal-assessments/grading").then().extract(), 403, "forbidden");
        String theirs = assess(token("committee", null, "evaluator"), other, other + "-y", scores(80));
        problem(given().auth().oauth2(head).get("/api/v1/personal-assessments/" + theirs).then().extract(), 404, "not-found");
        assertThat(given().auth().oauth2(head).queryParam("year", 2031).get("/api/v1/personal-assessments").then().statusCode(200)
                .extract().jsonPath().getList("items.id")).containsExactly(mine);
        // Scores are 0-100; 廉 is assessed by default, so its score is required.
        problem(given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("year", 2031, "departmentCode", dept, "staffRef", "q", "name", "q", "scores", scores(101)))
                .post("/api/v1/personal-assessments").then().extract(), 400, "validation-failed");
        problem(given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("year", 2031, "departmentCode", dept, "staffRef", "q", "name", "q",
                        "scores", Map.of("morality", 80, "ability", 80, "diligence", 80, "achievement", 80)))
                .post("/api/v1/personal-assessments").then().extract(), 422, "unprocessable");
        problem(given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("year", 2031, "departmentCode", dept, "staffRef", dept + "-x", "name", "again", "scores", scores(80)))
                .post("/api/v1/personal-assessments").then().extract(), 409, "conflict");
        assertThat(List.of(mine)).hasSize(1);
    }
}
