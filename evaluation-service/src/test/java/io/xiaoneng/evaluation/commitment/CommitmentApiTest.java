package io.xiaoneng.evaluation.commitment;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.Checks;
import io.xiaoneng.evaluation.Facts;
import io.xiaoneng.platform.audit.AuditTrail;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.Checks.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * Service commitments through HTTP: drafted and submitted by the head by the deadline (boundary: the deadline day),
 * returned and approved by the committee, and checked after the year against cases and ratings projected from Kafka,
 * with the evidence stored.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class CommitmentApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    TestToday today;

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    @AfterEach
    void reset() {
        today.reset();
    }

    static final List<Map<String, Object>> COMMITMENTS = List.of(
            Map.of("kind", "TIME_LIMIT", "itemCode", "cm-item", "target", 5, "text", "营业执照 5 个工作日内办结"),
            Map.of("kind", "ON_TIME_RATE", "target", 90, "text", "按时办结率不低于 90%"),
            Map.of("kind", "SATISFACTION", "target", 80, "text", "满意率不低于 80%"),
            Map.of("kind", "FREE_TEXT", "text", "每周六上午提供延时服务"));

    RequestSpecification as(String tokenValue) {
        return given().auth().oauth2(tokenValue).contentType(ContentType.JSON);
    }

    final String head = token("head-cm", "cm-dept", "dept-head");
    final String evaluator = token("eval-1", null, "evaluator");
    static final String URL = "/api/v1/commitments/cm-dept/2025";

    @Test
    void commitmentsAreSubmittedByTheDeadlineApprovedAndCheckedAgainstTheFactsWithEvidence() {
        today.set("2025-03-31");   // the deadline day itself is still open
        var invalid = problem(as(head).body(Map.of("commitments", List.of(Map.of("kind", "TIME_LIMIT", "target", 5, "text", "x"),
                Map.of("kind", "ON_TIME_RATE", "target", 120, "text", "y")))).when().put(URL).then().extract(), 422, "unprocessable");
        assertThat(invalid.getList("errors.field", String.class)).containsExactly("commitments[0]", "commitments[1]");
        problem(as(token("clerk-cm", "cm-dept", "clerk")).body(Map.of("commitments", COMMITMENTS)).when().put(URL).then().extract(), 403, "forbidden");
        problem(as(token("head-x", "cm-other", "dept-head")).body(Map.of("commitments", COMMITMENTS)).when().put(URL).then().extract(), 404, "not-found");

        as(head).body(Map.of("commitments", COMMITMENTS)).when().put(URL)
                .then().statusCode(200).header("ETag", equalTo("\"0\"")).body("status", equalTo("DRAFT"))
                .body("submissionDeadline", equalTo("2025-03-31"))
                .body("commitments.kind", contains("TIME_LIMIT", "ON_TIME_RATE", "SATISFACTION", "FREE_TEXT"))
                .body("commitments.measurable", contains(true, true, true, false));
        problem(as(head).body(Map.of("commitments", COMMITMENTS)).when().put(URL).then().extract(), 428, "precondition-required");
        as(head).header("If-Match", "\"0\"").when().post(URL + "/submission").then().statusCode(200).body("status", equalTo("SUBMITTED"))
                .header("ETag", equalTo("\"1\""));
        var locked = problem(as(head).header("If-Match", "\"1\"").body(Map.of("commitments", COMMITMENTS)).when().put(URL).then().extract(), 409, "illegal-transition");
        assertThat(locked.getList("allowed", String.class)).containsExactly("approval", "return");

        // Returned, revised, submitted again, approved. The department cannot approve its own.
        problem(as(head).header("If-Match", "\"1\"").when().post(URL + "/approval").then().extract(), 403, "forbidden");
        as(evaluator).header("If-Match", "\"1\"").body(Map.of("note", "时限应更具体")).when().post(URL + "/return")
                .then().statusCode(200).body("status", equalTo("RETURNED"));
        as(head).header("If-Match", "\"2\"").body(Map.of("commitments", COMMITMENTS)).when().put(URL)
                .then().statusCode(200).header("ETag", equalTo("\"3\"")).body("status", equalTo("RETURNED"));
        as(head).header("If-Match", "\"3\"").when().post(URL + "/submission").then().statusCode(200);
        problem(as(evaluator).header("If-Match", "\"3\"").when().post(URL + "/approval").then().extract(), 412, "precondition-failed");
        as(evaluator).header("If-Match", "\"4\"").when().post(URL + "/approval").then().statusCode(200).body("status", equalTo("APPROVED"))
                .body("allowedCommands", contains("year-end-check"));

        // The facts of 2025: three decisions of the item (3, 4 and 6 working days; the last one late), two rated well;
        // a 2024 decision that does not count.
        try (Facts facts = new Facts(bootstrap)) {
            var a1 = facts.application("cm-dept", "cm-item", Instant.parse("2025-04-01T01:00:00Z")).fullLifecycle("clerk-cm", "approver-cm", true, 3);
            var a2 = facts.application("cm-dept", "cm-item", Instant.parse("2025-05-06T01:00:00Z")).fullLifecycle("clerk-cm", "approver-cm", true, 4);
            facts.application("cm-dept", "cm-item", Instant.parse("2025-09-01T01:00:00Z")).fullLifecycle("clerk-cm", "approver-cm", false, 6);
            facts.application("cm-dept", "cm-item", Instant.parse("2024-06-03T01:00:00Z")).fullLifecycle("clerk-cm", "approver-cm", false, 30);
            await().atMost(Duration.ofSeconds(60)).until(() -> Checks.count(em,
                    "select count(*) from application_projection where item_code = 'cm-item' and status = 'COMPLETED'") == 4);
            for (var a : List.of(a1, a2)) {
                given().auth().oauth2(token("citizen-cm", null, "applicant")).contentType(ContentType.JSON)
                        .body(Map.of("applicationId", a.id, "trackingNumber", a.trackingNumber, "level", a == a1 ? "SATISFIED" : "VERY_SATISFIED"))
                        .when().post("/api/v1/ratings").then().statusCode(201);
            }
        }

        today.set("2025-12-31");
        problem(as(evaluator).header("If-Match", "\"5\"").when().post(URL + "/year-end-check").then().extract(), 422, "unprocessable");
        today.set("2026-01-05");
        as(evaluator).header("If-Match", "\"5\"").when().post(URL + "/year-end-check")
                .then().statusCode(200).body("status", equalTo("CHECKED"))
                .body("commitments[0].result", equalTo("NOT_MET"))
                .body("commitments[0].measured", equalTo(6.0f))
                .body("commitments[0].evidence.decided", equalTo(3))
                .body("commitments[0].evidence.withinLimit", equalTo(2))
                .body("commitments[0].evidence.maxWorkingDays", equalTo(6))
                .body("commitments[0].evidence.period.from", equalTo("2025-01-01"))
                .body("commitments[0].evidence.period.to", equalTo("2025-12-31"))
                .body("commitments[1].result", equalTo("NOT_MET"))
                .body("commitments[1].measured", equalTo(66.67f))
                .body("commitments[1].evidence.decided", equalTo(3))
                .body("commitments[1].evidence.onTime", equalTo(2))
                .body("commitments[2].result", equalTo("MET"))
                .body("commitments[2].measured", equalTo(100.0f))
                .body("commitments[2].evidence.validRatings", equalTo(2))
                .body("commitments[3].result", equalTo(null));

        String freeText = given().auth().oauth2(head).when().get(URL).then().statusCode(200).header("ETag", equalTo("\"6\""))
                .extract().path("commitments[3].id");
        String measured = given().auth().oauth2(head).when().get(URL).then().extract().path("commitments[0].id");
        problem(as(evaluator).header("If-Match", "\"6\"").body(Map.of("met", true, "note", "x"))
                .when().post(URL + "/items/" + measured + "/assessment").then().extract(), 422, "unprocessable");
        as(evaluator).header("If-Match", "\"6\"").body(Map.of("met", true, "note", "抽查 12 个周六均开放"))
                .when().post(URL + "/items/" + freeText + "/assessment")
                .then().statusCode(200).body("commitments[3].result", equalTo("MET")).body("commitments[3].assessedBy", equalTo("eval-1"));

        assertThat(audit.of("commitment-set", "cm-dept/2025")).extracting(AuditTrail.Entry::action)
                .containsExactly("drafted", "submitted", "returned", "edited", "submitted", "approved", "checked", "assessed");
        // Others' scope: an official of another department does not see them; the committee sees all.
        problem(given().auth().oauth2(token("clerk-x", "cm-other", "clerk")).when().get(URL).then().extract(), 404, "not-found");
        given().auth().oauth2(token("sup-1", null, "supervisor")).when().get(URL).then().statusCode(200);
    }

    @Test
    void afterTheDeadlineNothingIsDraftedOrSubmitted() {
        today.set("2025-04-01");
        var late = problem(as(token("head-late", "cm-late", "dept-head")).body(Map.of("commitments", COMMITMENTS))
                .when().put("/api/v1/commitments/cm-late/2025").then().extract(), 422, "unprocessable");
        assertThat(late.getString("detail")).contains("2025-03-31");
        problem(given().auth().oauth2(token("head-late", "cm-late", "dept-head")).when().get("/api/v1/commitments/cm-late/2025")
                .then().extract(), 404, "not-found");
    }

    @Test
    void aSetReturnedAfterTheDeadlineIsRevisedAndSubmittedAgain() {
        String url = "/api/v1/commitments/cm-ret/2025";
        String retHead = token("head-ret", "cm-ret", "dept-head");
        today.set("2025-03-20");
        as(retHead).body(Map.of("commitments", COMMITMENTS)).when().put(url).then().statusCode(200).header("ETag", equalTo("\"0\""));
        as(retHead).header("If-Match", "\"0\"").when().post(url + "/submission").then().statusCode(200);
        // The committee returns it after the deadline: the department revises and submits it again all the same.
        today.set("2025-04-15");
        as(evaluator).header("If-Match", "\"1\"").body(Map.of("note", "目标偏低")).when().post(url + "/return")
                .then().statusCode(200).body("status", equalTo("RETURNED"));
        as(retHead).header("If-Match", "\"2\"").body(Map.of("commitments", COMMITMENTS.subList(0, 3))).when().put(url)
                .then().statusCode(200).header("ETag", equalTo("\"3\"")).body("status", equalTo("RETURNED"))
                .body("commitments.size()", equalTo(3));
        as(retHead).header("If-Match", "\"3\"").when().post(url + "/submission").then().statusCode(200).body("status", equalTo("SUBMITTED"));
        as(evaluator).header("If-Match", "\"4\"").when().post(url + "/approval").then().statusCode(200).body("status", equalTo("APPROVED"));
        assertThat(audit.of("commitment-set", "cm-ret/2025")).extracting(AuditTrail.Entry::action)
                .containsExactly("drafted", "submitted", "returned", "edited", "submitted", "approved");

        // A draft never submitted stays bound by the deadline.
        String draftHead = token("head-dr", "cm-draft", "dept-head");
        today.set("2025-03-31");
        as(draftHead).body(Map.of("commitments", COMMITMENTS)).when().put("/api/v1/commitments/cm-draft/2025").then().statusCode(200);
        today.set("2025-04-01");
        problem(as(draftHead).header("If-Match", "\"0\"").when().post("/api/v1/commitments/cm-draft/2025/submission").then().extract(),
                422, "unprocessable");
        problem(as(draftHead).header("If-Match", "\"0\"").body(Map.of("commitments", COMMITMENTS))
                .when().put("/api/v1/commitments/cm-draft/2025").then().extract(), 422, "unprocessable");
    }

    @Test
    void aRateIsJudgedOnItsExactShareNotOnTheRoundedPercentage() {
        String url = "/api/v1/commitments/cm-exact/2023";
        String exactHead = token("head-exact", "cm-exact", "dept-head");
        today.set("2023-03-01");
        // 2 of 3 decided on time = 66.666…%, shown as 66.67: it meets 66.66 %, not 66.67 %.
        as(exactHead).body(Map.of("commitments", List.of(
                        Map.of("kind", "ON_TIME_RATE", "target", 66.67, "text", "按时办结率不低于 66.67%"),
                        Map.of("kind", "ON_TIME_RATE", "target", 66.66, "text", "按时办结率不低于 66.66%"))))
                .when().put(url).then().statusCode(200);
        as(exactHead).header("If-Match", "\"0\"").when().post(url + "/submission").then().statusCode(200);
        as(evaluator).header("If-Match", "\"1\"").when().post(url + "/approval").then().statusCode(200);
        try (Facts facts = new Facts(bootstrap)) {
            facts.application("cm-exact", "cmx-item", Instant.parse("2023-05-04T01:00:00Z")).fullLifecycle("clerk-cmx", "approver-cmx", true, 3);
            facts.application("cm-exact", "cmx-item", Instant.parse("2023-06-05T01:00:00Z")).fullLifecycle("clerk-cmx", "approver-cmx", true, 4);
            facts.application("cm-exact", "cmx-item", Instant.parse("2023-07-03T01:00:00Z")).fullLifecycle("clerk-cmx", "approver-cmx", false, 9);
            await().atMost(Duration.ofSeconds(60)).until(() -> Checks.count(em,
                    "select count(*) from application_projection where item_code = 'cmx-item' and status = 'COMPLETED'") == 3);
        }
        today.set("2024-01-10");
        as(evaluator).header("If-Match", "\"2\"").when().post(url + "/year-end-check").then().statusCode(200)
                .body("commitments[0].measured", equalTo(66.67f))
                .body("commitments[0].result", equalTo("NOT_MET"))
                .body("commitments[1].measured", equalTo(66.67f))
                .body("commitments[1].result", equalTo("MET"));
    }

    @Test
    void yearsOutOfRangeAreBadRequestsNotErrors() {
        problem(as(head).body(Map.of("commitments", COMMITMENTS)).when().put("/api/v1/commitments/cm-dept/1000000000").then().extract(),
                400, "validation-failed");
        problem(given().auth().oauth2(head).when().get("/api/v1/commitments/cm-dept/1000000000").then().extract(), 400, "validation-failed");
        problem(as(head).header("If-Match", "\"0\"").when().post("/api/v1/commitments/cm-dept/1999/submission").then().extract(),
                400, "validation-failed");
    }
}
