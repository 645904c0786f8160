package io.xiaoneng.evaluation.post;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.Checks;
import io.xiaoneng.evaluation.Facts;
import io.xiaoneng.platform.audit.AuditTrail;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.Checks.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/**
 * Window-post assessment (勤绩) from facts published on Kafka (windows, posts, completed cases, complaints), ratings
 * and attendance entered through HTTP: scores hand-computed from the configured weights, rankings, department scope,
 * If-Match on corrections; the acceptance checklist scored and ranked.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WindowPostAssessmentTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    static final String PERIOD = "2025-06";
    final String head = token("head-wp", "wp-dept", "dept-head");

    /**
     * Post wp-p1 (holder wp-clerk1): 4 cases in June 2025, 3 on time, rated 5 and 4, one substantiated complaint.
     * Post wp-p2 (holder wp-clerk2): 2 cases, both on time, unrated, one partly substantiated complaint.
     */
    boolean published;

    @BeforeEach
    void facts() {
        if (published) {
            return;
        }
        published = true;
        try (Facts facts = new Facts(bootstrap)) {
            facts.department("wp-dept", "县人社局");
            facts.window("wp-w1", "B01", "wp-dept");
            facts.window("wp-w2", "B02", "wp-other");
            facts.post("wp-p1", "wp-w1", "wp-clerk1");
            facts.post("wp-p2", "wp-w1", "wp-clerk2");
            facts.post("wp-p3", "wp-w2", "wp-clerk3");
            // Idle posts (no cases, no attendance: 30 + 20 points each): equal scores for the ranking's ties.
            facts.window("wp-w3", "B03", "wp-other");
            facts.post("wp-p4", "wp-w2", "wp-clerk4");
            facts.post("wp-p5", "wp-w3", "wp-clerk5");
            List<Facts.Application> p1 = new ArrayList<>();
            Instant june = Instant.parse("2025-06-10T01:00:00Z");
            for (int i = 0; i < 4; i++) {
                p1.add(facts.application("wp-dept", "wp-item", june.plusSeconds(86_400L * i)).fullLifecycle("wp-clerk1", "wp-approver", i < 3, 5));
            }
            List<Facts.Application> p2 = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                p2.add(facts.application("wp-dept", "wp-item", june.plusSeconds(86_400L * i)).fullLifecycle("wp-clerk2", "wp-approver", true, 2));
            }
            // A case of July does not count for June.
            facts.application("wp-dept", "wp-item", Instant.parse("2025-07-02T01:00:00Z")).fullLifecycle("wp-clerk2", "wp-approver", false, 9);
            Instant t = Instant.parse("2025-06-20T02:00:00Z");
            facts.complaint("wp-c1", "wp-dept", "wp-p1", t).handledBy("wp-dept", "SUBSTANTIATED");
            facts.complaint("wp-c2", "wp-dept", "wp-p2", t).handledBy("wp-dept", "PARTLY_SUBSTANTIATED");
            facts.complaint("wp-c3", "wp-dept", "wp-p2", t).handledBy("wp-dept", "UNSUBSTANTIATED");

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Checks.count(em, "select count(*) from application_projection where item_code = 'wp-item' and status = 'COMPLETED'") == 7
                            && Checks.count(em, "select count(*) from complaint_projection where post like 'wp-p%' and finding is not null") == 3
                            && Checks.count(em, "select count(*) from post_projection where code like 'wp-p%'") == 5);
            rate(p1.get(0), "VERY_SATISFIED");
            rate(p1.get(1), "SATISFIED");
        }
        given().auth().oauth2(head).contentType(ContentType.JSON).body(Map.of("dueDays", 20, "presentDays", 19))
                .when().put("/api/v1/assessments/attendance/wp-p1/2025-06").then().statusCode(200);
    }

    void rate(Facts.Application a, String level) {
        given().auth().oauth2(token("citizen-wp", null, "applicant")).contentType(ContentType.JSON)
                .body(Map.of("applicationId", a.id, "trackingNumber", a.trackingNumber, "level", level))
                .when().post("/api/v1/ratings").then().statusCode(201);
    }

    @Test
    void postsAreScoredFromMeasuredFactsAndAttendanceWithTheConfiguredWeights() {
        given().auth().oauth2(token("clerk-wp", "wp-dept", "clerk")).queryParam("period", PERIOD)
                .when().get("/api/v1/assessments/posts")
                .then().statusCode(200)
                .body("period", equalTo(PERIOD))
                .body("maxScore", equalTo(100.0f))
                .body("items.post", contains("wp-p1", "wp-p2"))
                .body("items.rank", contains(1, 2))
                // 20·4/4 + 30·3/4 + 20·(4.5−1)/4 + 30·19/20 − 5·1 = 20 + 22.5 + 17.5 + 28.5 − 5
                .body("items[0].score", equalTo(83.5f))
                .body("items[0].casesHandled", equalTo(4))
                .body("items[0].decidedOnTime", equalTo(3))
                .body("items[0].onTimeRate", equalTo(0.75f))
                .body("items[0].ratings", equalTo(2))
                .body("items[0].averageRating", equalTo(4.5f))
                .body("items[0].substantiatedComplaints", equalTo(1))
                .body("items[0].attendanceRate", equalTo(0.95f))
                // 20·2/4 + 30 + 20 (no ratings: not held against it) + 0 (no attendance entered) − 2.5
                .body("items[1].score", equalTo(57.5f))
                .body("items[1].attendanceEntered", equalTo(false))
                .body("items[1].partlySubstantiatedComplaints", equalTo(1));

        given().auth().oauth2(token("sup-1", null, "supervisor")).queryParam("period", PERIOD).queryParam("department", "wp-dept")
                .when().get("/api/v1/assessments/windows")
                .then().statusCode(200)
                .body("items.window", contains("wp-w1"))
                .body("items[0].score", equalTo(70.5f))
                .body("items[0].posts", equalTo(2))
                .body("items[0].casesHandled", equalTo(6));

        // The year counts July's late case too (wp-p2: 3 cases, 2 on time).
        given().auth().oauth2(token("sup-1", null, "supervisor")).queryParam("period", "2025").queryParam("window", "wp-w1")
                .when().get("/api/v1/assessments/posts")
                .then().statusCode(200)
                .body("items.find { it.post == 'wp-p2' }.casesHandled", equalTo(3))
                .body("items.find { it.post == 'wp-p2' }.decidedOnTime", equalTo(2));
    }

    @Test
    void departmentScopeAndBadPeriods() {
        problem(given().auth().oauth2(token("clerk-x", "wp-other", "clerk")).queryParam("period", PERIOD).queryParam("department", "wp-dept")
                .when().get("/api/v1/assessments/posts").then().extract(), 403, "forbidden");
        given().auth().oauth2(token("clerk-x", "wp-other", "clerk")).queryParam("period", PERIOD)
                .when().get("/api/v1/assessments/posts").then().statusCode(200)
                .body("items.post", contains("wp-p3", "wp-p4", "wp-p5"));
        problem(given().auth().oauth2(token("clerk-wp", "wp-dept", "clerk")).queryParam("period", "2025-13")
                .when().get("/api/v1/assessments/posts").then().extract(), 400, "bad-request");
        problem(given().auth().oauth2(token("clerk-wp", "wp-dept", "clerk"))
                .when().get("/api/v1/assessments/windows").then().extract(), 400, "bad-request");
        problem(given().auth().oauth2(token("citizen-wp", null, "applicant")).queryParam("period", PERIOD)
                .when().get("/api/v1/assessments/posts").then().extract(), 403, "forbidden");
        // A month that parses but is no storable date: 400 naming it, not a database error.
        var far = problem(given().auth().oauth2(head).header("Accept-Language", "en")
                .when().get("/api/v1/assessments/attendance/wp-p1/+999999999-12").then().extract(), 400, "validation-failed");
        assertThat(far.getList("errors.field", String.class)).containsExactly("month");
        assertThat(far.getList("errors.message", String.class)).containsExactly("must lie in the years 2000 to 2100");
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).body(Map.of("dueDays", 20, "presentDays", 20))
                .when().put("/api/v1/assessments/attendance/wp-p1/+999999999-12").then().extract(), 400, "validation-failed");
    }

    @Test
    void equalScoresShareARankAndADepartmentSeesTheCountyRank() {
        var county = given().auth().oauth2(token("sup-1", null, "supervisor")).queryParam("period", PERIOD)
                .when().get("/api/v1/assessments/posts").then().statusCode(200).extract().jsonPath();
        int p1 = county.getInt("items.find { it.post == 'wp-p1' }.rank");
        int p3 = county.getInt("items.find { it.post == 'wp-p3' }.rank");
        assertThat(county.getFloat("items.find { it.post == 'wp-p3' }.score")).isEqualTo(50.0f);
        // The three idle posts score alike: one rank, whatever their codes; below wp-p1 and wp-p2.
        assertThat(List.of(county.getInt("items.find { it.post == 'wp-p4' }.rank"), county.getInt("items.find { it.post == 'wp-p5' }.rank")))
                .containsOnly(p3);
        assertThat(p3).isGreaterThan(county.getInt("items.find { it.post == 'wp-p2' }.rank")).isGreaterThan(p1);
        // An official of wp-other sees only his department's posts, each with its county rank (not 1, 2, 3).
        given().auth().oauth2(token("clerk-x", "wp-other", "clerk")).queryParam("period", PERIOD)
                .when().get("/api/v1/assessments/posts").then().statusCode(200)
                .body("items.post", contains("wp-p3", "wp-p4", "wp-p5"))
                .body("items.rank", contains(p3, p3, p3));
        given().auth().oauth2(token("sup-1", null, "supervisor")).queryParam("period", PERIOD).queryParam("window", "wp-w2")
                .when().get("/api/v1/assessments/posts").then().statusCode(200)
                .body("items.post", contains("wp-p3", "wp-p4")).body("items.rank", contains(p3, p3));

        // Windows alike: wp-w2 (wp-p3, wp-p4) and wp-w3 (wp-p5) both score 50, behind wp-w1 (70.5).
        var windows = given().auth().oauth2(token("sup-1", null, "supervisor")).queryParam("period", PERIOD)
                .when().get("/api/v1/assessments/windows").then().statusCode(200).extract().jsonPath();
        int w2 = windows.getInt("items.find { it.window == 'wp-w2' }.rank");
        assertThat(windows.getInt("items.find { it.window == 'wp-w3' }.rank")).isEqualTo(w2);
        assertThat(w2).isGreaterThan(windows.getInt("items.find { it.window == 'wp-w1' }.rank"));
        given().auth().oauth2(token("clerk-x", "wp-other", "clerk")).queryParam("period", PERIOD)
                .when().get("/api/v1/assessments/windows").then().statusCode(200)
                .body("items.window", contains("wp-w2", "wp-w3")).body("items.rank", contains(w2, w2));
    }

    @Test
    void attendanceIsEnteredByTheHeadAndCorrectedOnlyWithIfMatch() {
        String url = "/api/v1/assessments/attendance/wp-p2/2025-05";
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).body(Map.of("dueDays", 20, "presentDays", 21))
                .when().put(url).then().extract(), 422, "unprocessable");
        problem(given().auth().oauth2(token("clerk-wp", "wp-dept", "clerk")).contentType(ContentType.JSON).body(Map.of("dueDays", 20, "presentDays", 20))
                .when().put(url).then().extract(), 403, "forbidden");
        problem(given().auth().oauth2(token("head-x", "wp-other", "dept-head")).contentType(ContentType.JSON).body(Map.of("dueDays", 20, "presentDays", 20))
                .when().put(url).then().extract(), 404, "not-found");
        given().auth().oauth2(head).contentType(ContentType.JSON).body(Map.of("dueDays", 21, "presentDays", 18))
                .when().put(url).then().statusCode(200).header("ETag", equalTo("\"0\"")).body("presentDays", equalTo(18));
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).body(Map.of("dueDays", 21, "presentDays", 20))
                .when().put(url).then().extract(), 428, "precondition-required");
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).header("If-Match", "\"5\"").body(Map.of("dueDays", 21, "presentDays", 20))
                .when().put(url).then().extract(), 412, "precondition-failed");
        given().auth().oauth2(head).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(Map.of("dueDays", 21, "presentDays", 20))
                .when().put(url).then().statusCode(200).header("ETag", equalTo("\"1\"")).body("presentDays", equalTo(20));
        given().auth().oauth2(token("clerk-wp", "wp-dept", "clerk")).when().get(url)
                .then().statusCode(200).header("ETag", equalTo("\"1\"")).body("dueDays", equalTo(21));
        assertThat(audit.of("post-attendance", "wp-p2@2025-05")).extracting(AuditTrail.Entry::action).containsExactly("entered", "corrected");
    }

    @Test
    void theAcceptanceChecklistIsScoredOncePerWindowAndYearAndRanked() {
        var supervisor = token("sup-1", null, "supervisor");
        List<Map<String, Object>> items = given().auth().oauth2(supervisor).when().get("/api/v1/window-acceptance/checklist")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(items).hasSize(7);
        List<Map<String, Object>> full = new ArrayList<>();
        for (Map<String, Object> item : items) {
            full.add(Map.of("item", item.get("code"), "points", item.get("maxPoints")));
        }
        // Everything wrong at once: a missing item, an item twice, points over the maximum, an unknown item.
        List<Map<String, Object>> wrong = new ArrayList<>(full.subList(1, full.size()));
        wrong.add(Map.of("item", full.get(1).get("item"), "points", 1));
        wrong.set(0, Map.of("item", full.get(1).get("item"), "points", 999));
        wrong.add(Map.of("item", "no-such-item", "points", 1));
        var invalid = problem(given().auth().oauth2(supervisor).contentType(ContentType.JSON)
                .body(Map.of("windowCode", "wp-w1", "year", 2025, "scores", wrong))
                .when().post("/api/v1/window-acceptance/reviews").then().extract(), 422, "unprocessable");
        assertThat(invalid.getList("errors.field", String.class)).contains("scores", "scores[0].points", "scores[7].points");
        assertThat(invalid.getList("errors")).hasSizeGreaterThanOrEqualTo(3);
        problem(given().auth().oauth2(token("clerk-wp", "wp-dept", "clerk")).contentType(ContentType.JSON)
                .body(Map.of("windowCode", "wp-w1", "year", 2025, "scores", full))
                .when().post("/api/v1/window-acceptance/reviews").then().extract(), 403, "forbidden");
        problem(given().auth().oauth2(supervisor).contentType(ContentType.JSON)
                .body(Map.of("windowCode", "no-window", "year", 2025, "scores", full))
                .when().post("/api/v1/window-acceptance/reviews").then().extract(), 422, "unprocessable");

        given().auth().oauth2(supervisor).contentType(ContentType.JSON)
                .body(Map.of("windowCode", "wp-w1", "year", 2025, "scores", full))
                .when().post("/api/v1/window-acceptance/reviews")
                .then().statusCode(201).body("total", equalTo(100.0f)).body("passed", equalTo(true)).body("scores.size()", equalTo(7));
        List<Map<String, Object>> weak = new ArrayList<>(full);
        weak.set(2, Map.of("item", full.get(2).get("item"), "points", 0));   // time limits: 0 of 20 → 80 of 100, under 85 %
        given().auth().oauth2(token("eval-1", null, "evaluator")).contentType(ContentType.JSON)
                .body(Map.of("windowCode", "wp-w2", "year", 2025, "scores", weak))
                .when().post("/api/v1/window-acceptance/reviews")
                .then().statusCode(201).body("total", equalTo(80.0f)).body("passed", equalTo(false));
        problem(given().auth().oauth2(supervisor).contentType(ContentType.JSON)
                .body(Map.of("windowCode", "wp-w1", "year", 2025, "scores", full))
                .when().post("/api/v1/window-acceptance/reviews").then().extract(), 409, "conflict");

        given().auth().oauth2(supervisor).when().get("/api/v1/window-acceptance/rankings/2025")
                .then().statusCode(200).body("window", contains("wp-w1", "wp-w2")).body("rank", contains(1, 2));
        given().auth().oauth2(token("clerk-wp", "wp-dept", "clerk")).when().get("/api/v1/window-acceptance/rankings/2025")
                .then().statusCode(200).body("window", contains("wp-w1")).body("window", not(hasItem("wp-w2")));

        // 2024: wp-w3 in full, wp-w1 and wp-w2 both at 80 %: ranks 1, 2, 2; wp-dept's clerk sees wp-w1's county rank.
        List<String> ids = new ArrayList<>();
        for (String w : List.of("wp-w1", "wp-w2", "wp-w3")) {
            ids.add(given().auth().oauth2(supervisor).contentType(ContentType.JSON)
                    .body(Map.of("windowCode", w, "year", 2024, "scores", w.equals("wp-w3") ? full : weak))
                    .when().post("/api/v1/window-acceptance/reviews").then().statusCode(201).extract().path("id"));
        }
        given().auth().oauth2(supervisor).when().get("/api/v1/window-acceptance/rankings/2024")
                .then().statusCode(200).body("window", contains("wp-w3", "wp-w1", "wp-w2")).body("rank", contains(1, 2, 2));
        given().auth().oauth2(token("clerk-wp", "wp-dept", "clerk")).when().get("/api/v1/window-acceptance/rankings/2024")
                .then().statusCode(200).body("window", contains("wp-w1")).body("rank", contains(2));
        problem(given().auth().oauth2(supervisor).when().get("/api/v1/window-acceptance/rankings/1000000000").then().extract(),
                400, "validation-failed");

        // One review by id: officials only for a window serving their department (404 otherwise), county-wide roles any.
        String w1 = ids.get(0), w2 = ids.get(1);
        given().auth().oauth2(token("clerk-wp", "wp-dept", "clerk")).when().get("/api/v1/window-acceptance/reviews/" + w1)
                .then().statusCode(200).body("window", equalTo("wp-w1"));
        problem(given().auth().oauth2(token("clerk-wp", "wp-dept", "clerk")).when().get("/api/v1/window-acceptance/reviews/" + w2)
                .then().extract(), 404, "not-found");
        problem(given().auth().oauth2(token("head-x", "wp-other", "dept-head")).when().get("/api/v1/window-acceptance/reviews/" + w1)
                .then().extract(), 404, "not-found");
        given().auth().oauth2(token("clerk-x", "wp-other", "clerk")).when().get("/api/v1/window-acceptance/reviews/" + w2)
                .then().statusCode(200).body("window", equalTo("wp-w2"));
        given().auth().oauth2(token("eval-1", null, "evaluator")).when().get("/api/v1/window-acceptance/reviews/" + w2)
                .then().statusCode(200);
    }

    @Test
    void theChecklistIsDataTheAdministratorMaintainsWithIfMatch() {
        var admin = token("admin-1", null, "admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("title", "延时与预约服务", "maxPoints", 5, "position", 8, "active", false))
                .when().put("/api/v1/window-acceptance/checklist/extended-hours")
                .then().statusCode(200).header("ETag", equalTo("\"0\"")).body("active", equalTo(false));
        problem(given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("title", "延时与预约服务", "maxPoints", 5, "position", 8, "active", false))
                .when().put("/api/v1/window-acceptance/checklist/extended-hours").then().extract(), 428, "precondition-required");
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("title", "延时、预约与节假日服务", "maxPoints", 5, "position", 8, "active", false))
                .when().put("/api/v1/window-acceptance/checklist/extended-hours")
                .then().statusCode(200).header("ETag", equalTo("\"1\""));
        problem(given().auth().oauth2(token("sup-1", null, "supervisor")).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("title", "x", "maxPoints", 5, "position", 8, "active", true))
                .when().put("/api/v1/window-acceptance/checklist/extended-hours").then().extract(), 403, "forbidden");
    }
}
