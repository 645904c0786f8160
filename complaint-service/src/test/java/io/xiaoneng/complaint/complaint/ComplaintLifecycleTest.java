package io.xiaoneng.complaint.complaint;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.problem.ProblemLeaks;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** The four-step rule through HTTP: intake, every command, the hard state machine, deadlines, scope and audit. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class ComplaintLifecycleTest {

    @Inject
    TestClock clock;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void anonymousWebComplaintRunsTheFourStepsAndTheComplainantFollowsItByCode() {
        clock.set("2026-03-02"); // Monday
        String dept = department();
        Case c = register(null, web(dept));
        assertThat(c.trackingCode).hasSize(16);
        assertThat(c.reference).startsWith("TS20260302");

        given().when().get("/api/v1/complaint-tracking/" + c.trackingCode).then().statusCode(200)
                .body("status", equalTo("RECEIVED"))
                .body("stepDueOn", equalTo("2026-03-03"))
                .body("$", not(hasKey("description")))
                .body("$", not(hasKey("targetDepartment")));

        c.ok(intake(), "accept", null).path("status");
        var dispatched = c.ok(intake(), "dispatch", Map.of("department", dept));
        assertThat((String) dispatched.path("status")).isEqualTo("DISPATCHED");
        assertThat((String) dispatched.path("stepDueOn")).as("10 working days from dispatch").isEqualTo("2026-03-16");
        assertThat((List<String>) dispatched.path("allowed")).containsExactly("bounce", "handle", "merge");

        clock.set("2026-03-05");
        c.ok(official(dept), "handle", Map.of("finding", "PARTLY_SUBSTANTIATED", "measures", "已约谈经办人并限期办结。"));
        var replied = c.ok(official(dept), "reply", Map.of("text", "您反映的问题部分属实，已督促于3月10日前办结。"));
        assertThat((String) replied.path("status")).isEqualTo("REPLIED");

        given().when().get("/api/v1/complaint-tracking/" + c.trackingCode).then().statusCode(200)
                .body("status", equalTo("REPLIED"))
                .body("replies[0].text", containsString("部分属实"))
                .body("canGiveFeedback", equalTo(true))
                .body("canReopen", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("satisfied", true))
                .when().post("/api/v1/complaint-tracking/" + c.trackingCode + "/feedback")
                .then().statusCode(200).body("status", equalTo("RATED")).body("replies[0].satisfied", equalTo(true));
        c.get(intake());
        c.ok(intake(), "close", null);
        c.get(supervisor()).path("status");

        var history = given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + c.id + "/history").then().statusCode(200).extract();
        assertThat((List<String>) history.path("action")).containsExactly("receive", "accept", "dispatch", "handle", "reply", "feedback", "close");
        assertThat((List<String>) history.path("actor")).containsExactly("complainant", "intake-li", "intake-li",
                "clerk-" + dept, "clerk-" + dept, "complainant", "intake-li");
    }

    @Test
    void illegalTransitionsAreRefusedNamingTheAllowedOnesAndChangeNothing() {
        String dept = department();
        Case c = register(intake(), hotline(dept, "张三", "13812345678"));
        String body = c.command(intake(), "close", null).then().statusCode(409)
                .body("code", equalTo("illegal-transition"))
                .body("state", equalTo("RECEIVED"))
                .body("allowed", contains("accept", "refer", "merge"))
                .extract().asString();
        ProblemLeaks.assertNone(body);
        c.command(intake(), "reply", Map.of("text", "x")).then().statusCode(409);
        c.command(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "m")).then().statusCode(404);

        // If-Match: missing → 428, stale → 412, nothing changed
        given().auth().oauth2(intake()).contentType(ContentType.JSON).when().post(COMPLAINTS + "/" + c.id + "/accept")
                .then().statusCode(428);
        given().auth().oauth2(intake()).contentType(ContentType.JSON).header("If-Match", "\"99\"")
                .when().post(COMPLAINTS + "/" + c.id + "/accept").then().statusCode(412);
        c.get(intake()).path("status");
        assertThat((String) c.get(intake()).path("status")).isEqualTo("RECEIVED");
    }

    @Test
    void bouncesAreCountedAndAfterTheLimitTheSupervisorDecides() {
        String a = department();
        String b = department();
        Case c = register(intake(), hotline(a, "李四", "13912345678"));
        c.ok(intake(), "accept", null);
        c.ok(intake(), "dispatch", Map.of("department", b));
        c.command(official(b), "bounce", Map.of()).then().statusCode(400); // reason required
        var once = c.ok(official(b), "bounce", Map.of("reason", "不属于本单位职责"));
        assertThat((String) once.path("status")).isEqualTo("ACCEPTED");
        assertThat((Integer) once.path("bounceCount")).isEqualTo(1);
        c.ok(intake(), "dispatch", Map.of("department", a));
        // the first department lost the case with the bounce: no longer visible to it
        given().auth().oauth2(official(b)).when().get(COMPLAINTS + "/" + c.id).then().statusCode(404);
        var twice = c.ok(official(a), "bounce", Map.of("reason", "应由市场监管部门办理"));
        assertThat((String) twice.path("status")).isEqualTo("AWAITING_DECISION");
        c.command(intake(), "dispatch", Map.of("department", a)).then().statusCode(409).body("allowed", contains("refer", "decide"));
        c.command(intake(), "decide", Map.of("department", a)).then().statusCode(403);
        var decided = c.ok(supervisor(), "decide", Map.of("department", a, "reason", "经研究由该局牵头办理"));
        assertThat((String) decided.path("status")).isEqualTo("DISPATCHED");
        assertThat((String) decided.path("handlingDepartment")).isEqualTo(a);
    }

    @Test
    void aComplaintOutsideTheRemitIsReferredAndStillAnswered() {
        Case c = register(null, web(null));
        c.ok(intake(), "refer", Map.of("referredTo", "市住房公积金管理中心", "reason", "不属于县级事权"));
        c.command(intake(), "close", null).then().statusCode(409).body("allowed", contains("reply"));
        c.ok(intake(), "reply", Map.of("text", "您的诉求已转市住房公积金管理中心办理，联系电话12329。"));
        c.ok(intake(), "close", null);
        given().when().get("/api/v1/complaint-tracking/" + c.trackingCode).then().statusCode(200)
                .body("status", equalTo("CLOSED")).body("replies", hasSize(1));
    }

    @Test
    void reopenOnlyWithinTheWindowAndBackToTheHandlingDepartment() {
        clock.set("2026-03-02");
        String dept = department();
        Case c = register(null, web(dept));
        c.ok(intake(), "accept", null);
        c.ok(intake(), "dispatch", Map.of("department", dept));
        c.ok(official(dept), "handle", Map.of("finding", "UNSUBSTANTIATED", "measures", "经核查不属实"));
        c.ok(official(dept), "reply", Map.of("text", "经核查，所反映问题不属实。"));
        clock.set("2026-03-10");
        given().contentType(ContentType.JSON).body(Map.of("satisfied", false, "note", "没有解决"))
                .when().post("/api/v1/complaint-tracking/" + c.trackingCode + "/feedback").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("reason", "问题依旧"))
                .when().post("/api/v1/complaint-tracking/" + c.trackingCode + "/reopen")
                .then().statusCode(200).body("status", equalTo("DISPATCHED"));
        var reopened = c.get(official(dept));
        assertThat((Integer) reopened.path("reopenCount")).isEqualTo(1);
        c.ok(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "重新核查，已整改"));
        c.ok(official(dept), "reply", Map.of("text", "重新核查属实，已整改。"));
        c.ok(intake(), "close", null);
        clock.set("2026-04-01"); // more than 15 days after the reply
        c.command(supervisor(), "reopen", Map.of("reason", "再次反映")).then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/complaint-tracking/" + c.trackingCode + "/reopen").then().statusCode(409);
    }

    @Test
    void departmentScopeAndRolesAreEnforced() {
        String dept = department();
        String other = department();
        Case c = register(intake(), hotline(dept, "王五", "13712345678"));
        given().auth().oauth2(official(dept)).when().get(COMPLAINTS + "/" + c.id).then().statusCode(404); // not dispatched yet
        c.ok(intake(), "accept", null);
        c.command(official(dept), "dispatch", Map.of("department", dept)).then().statusCode(404);
        c.ok(intake(), "dispatch", Map.of("department", dept));
        given().auth().oauth2(official(other)).when().get(COMPLAINTS + "/" + c.id).then().statusCode(404);
        given().auth().oauth2(official(other)).when().get(COMPLAINTS).then().statusCode(200).body("items.id", not(hasItem(c.id)));
        given().auth().oauth2(official(dept)).when().get(COMPLAINTS).then().statusCode(200).body("items.id", hasItem(c.id));
        c.command(official(dept), "close", null).then().statusCode(403);
        c.command(supervisor(), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "m")).then().statusCode(403);
        given().auth().oauth2(token("applicant-a")).when().get(COMPLAINTS).then().statusCode(403);
        given().when().get(COMPLAINTS).then().statusCode(401);
    }

    private static String token(String user) {
        return io.xiaoneng.devstack.test.TestTokens.token(user, null, "applicant");
    }

    @Test
    void intakeIsValidated() {
        String dept = department();
        Map<String, Object> unknownDept = web("dept-does-not-exist");
        given().contentType(ContentType.JSON).body(unknownDept).when().post(COMPLAINTS).then().statusCode(422)
                .body("errors.field", hasItem("targetDepartment"));
        Map<String, Object> hotlineByCitizen = hotline(dept, "赵六", "13612345678");
        given().contentType(ContentType.JSON).body(hotlineByCitizen).when().post(COMPLAINTS).then().statusCode(422)
                .body("errors.field", hasItem("channel"));
        Map<String, Object> point = hotline(dept, "赵六", "13612345678");
        point.put("channel", "MONITORING_POINT");
        given().auth().oauth2(intake()).contentType(ContentType.JSON).body(point).when().post(COMPLAINTS).then().statusCode(422)
                .body("errors.field", hasItem("monitoringPoint"));
        Map<String, Object> badPhone = hotline(dept, "赵六", "12345");
        given().auth().oauth2(intake()).contentType(ContentType.JSON).body(badPhone).when().post(COMPLAINTS).then().statusCode(400)
                .body("type", endsWith("/validation-failed")).body("errors.field", hasItem("complainant.phone"));
        Map<String, Object> nobody = web(dept);
        nobody.put("anonymous", false);
        given().contentType(ContentType.JSON).body(nobody).when().post(COMPLAINTS).then().statusCode(422)
                .body("errors.field", hasItem("complainant"));
        Map<String, Object> tooLong = web(dept);
        tooLong.put("description", "长".repeat(4001));
        given().contentType(ContentType.JSON).body(tooLong).when().post(COMPLAINTS).then().statusCode(400);
        Map<String, Object> badCategory = web(dept);
        badCategory.put("category", "gossip");
        given().contentType(ContentType.JSON).body(badCategory).when().post(COMPLAINTS).then().statusCode(422)
                .body("errors.field", hasItem("category"));
        // A forwarded complaint is not the intake's to register, and the platforms forward only through their own
        // endpoint, under their reference (ExternalComplaintTest).
        Map<String, Object> forwarded = web(dept);
        forwarded.put("channel", "PROVINCE");
        forwarded.put("forwardedReference", "SD-2026-000123");
        given().auth().oauth2(intake()).contentType(ContentType.JSON).body(forwarded).when().post(COMPLAINTS).then().statusCode(422)
                .body("errors.field", hasItem("channel"));
        given().auth().oauth2(platform()).contentType(ContentType.JSON).header("Idempotency-Key", "fwd-" + dept).body(forwarded)
                .when().post(COMPLAINTS).then().statusCode(403).body("type", endsWith("/external-reference-required"));
    }

    @Test
    void categoriesCarryTheirOwnStepLimits() {
        clock.set("2026-03-02");
        given().when().get("/api/v1/complaint-categories").then().statusCode(200)
                .body("code", hasItems("work-style", "delay", "attitude", "unlawful-fees", "improper-hospitality", "other"))
                .body("find { it.code == 'other' }.limits.handleDays", equalTo(10))
                .body("find { it.code == 'other' }.limits.reopenDays", equalTo(15));
        String etag = given().when().get("/api/v1/complaint-categories/unlawful-fees").then().statusCode(200).extract().header("ETag");
        Map<String, Object> change = new java.util.HashMap<>(Map.of("nameZh", "乱收费", "nameEn", "unlawful fees", "active", true,
                "handleDays", 5));
        given().auth().oauth2(official("x")).contentType(ContentType.JSON).header("If-Match", etag).body(change)
                .when().put("/api/v1/complaint-categories/unlawful-fees").then().statusCode(403);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", etag).body(change)
                .when().put("/api/v1/complaint-categories/unlawful-fees").then().statusCode(200).body("limits.handleDays", equalTo(5));
        String dept = department();
        Map<String, Object> fees = web(dept);
        fees.put("category", "unlawful-fees");
        Case c = register(null, fees);
        c.ok(intake(), "accept", null);
        var d = c.ok(intake(), "dispatch", Map.of("department", dept));
        assertThat((String) d.path("stepDueOn")).isEqualTo("2026-03-09");
    }
}
