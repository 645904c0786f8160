package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static io.xiaoneng.approval.application.ProblemChecks.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** Department scope, the applicant's own cases, masking of personal data, anonymous tracking. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class ApplicationAccessTest {

    @Inject
    io.xiaoneng.approval.application.app.TrackingRateLimit limit;

    @Inject
    TestClock clock;

    String dept;
    String other;
    String item;

    @BeforeEach
    void setUp() {
        clock.set("2026-03-02");
        dept = department();
        other = department();
        item = item(dept, 10, false);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void anOfficialOfAnotherDepartmentCanNeitherSeeNorChangeTheCase() {
        Case c = fileOnline("applicant-a", item);
        problem(c.get(clerk(other)), 404, "not-found");
        problem(given().auth().oauth2(clerk(other)).when().get(APPLICATIONS + "/" + c.id + "/history").then().extract(), 404, "not-found");
        // commands are answered as reads: not a word about a case the caller may not see
        problem(c.command(clerk(other), "acceptance", null), 404, "not-found");
        problem(c.command(head(other), "extension", Map.of("reason", "x")), 404, "not-found");
        JsonPath list = given().auth().oauth2(clerk(other)).when().get(APPLICATIONS).then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("items.id")).doesNotContain(c.id);
        problem(given().auth().oauth2(clerk(other)).queryParam("department", dept).when().get(APPLICATIONS + "/statistics")
                .then().extract(), 403, "forbidden");
        // its own department sees and changes it
        assertThat(given().auth().oauth2(clerk(dept)).when().get(APPLICATIONS).then().statusCode(200).extract().jsonPath()
                .getList("items.id")).contains(c.id);
        c.ok(clerk(dept), "acceptance", null);
    }

    @Test
    void applicantsSeeOnlyTheirOwnCases() {
        Case mine = fileOnline("applicant-own-1", item);
        Case theirs = fileOnline("applicant-own-2", item);
        JsonPath list = given().auth().oauth2(applicant("applicant-own-1")).when().get(APPLICATIONS).then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("items.id")).containsExactly(mine.id);
        assertThat(list.getInt("total")).isEqualTo(1);
        problem(theirs.get(applicant("applicant-own-1")), 404, "not-found");
        problem(theirs.command(applicant("applicant-own-1"), "withdrawal", null), 404, "not-found");
        problem(mine.command(applicant("applicant-own-1"), "acceptance", null), 403, "forbidden");
        assertThat(mine.get(applicant("applicant-own-1")).statusCode()).isEqualTo(200);
        // an applicant cannot file in someone else's name
        Map<String, Object> body = body(item, person(personId()));
        body.put("applicantAccount", "applicant-own-2");
        Case filed = file(applicant("applicant-own-1"), body);
        assertThat(filed.get(applicant("applicant-own-1")).jsonPath().getString("applicant.account")).isEqualTo("applicant-own-1");
    }

    @Test
    void personalDataOnlyForTheApplicantAndTheHandlingDepartment() {
        String id = personId();
        Case c = file(applicant("applicant-a"), body(item, person(id)));
        JsonPath own = c.get(applicant("applicant-a")).jsonPath();
        assertThat(own.getString("applicant.idNumber")).isEqualTo(id);
        assertThat(own.getString("applicant.phone")).isEqualTo("13812345678");
        JsonPath handling = c.get(clerk(dept)).jsonPath();
        assertThat(handling.getString("applicant.idNumber")).isEqualTo(id);
        assertThat(handling.getString("applicant.name")).isEqualTo("张三丰");
        assertThat(handling.getBoolean("applicant.masked")).isFalse();

        ExtractableResponse<Response> bySupervisor = c.get(supervisor());
        assertThat(bySupervisor.statusCode()).as("the efficiency office reads every case").isEqualTo(200);
        JsonPath s = bySupervisor.jsonPath();
        assertThat(s.getString("applicant.idNumber")).isEqualTo(id.substring(0, 3) + "*".repeat(11) + id.substring(14));
        assertThat(s.getString("applicant.phone")).isEqualTo("138****5678");
        assertThat(s.getString("applicant.name")).isEqualTo("张**");
        assertThat(s.getString("applicant.account")).isNull();
        assertThat(s.getBoolean("applicant.masked")).isTrue();
        assertThat(bySupervisor.asString()).doesNotContain(id);
        JsonPath supervisorList = given().auth().oauth2(supervisor()).queryParam("department", dept).when().get(APPLICATIONS)
                .then().statusCode(200).extract().jsonPath();
        assertThat(supervisorList.getList("items.applicantName")).containsOnly("张**");
        List<Map<String, Object>> history = given().auth().oauth2(supervisor()).when().get(APPLICATIONS + "/" + c.id + "/history")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(history.get(0)).as("the applicant's login is personal data too").containsEntry("actor", "applicant");
        assertThat(given().auth().oauth2(clerk(dept)).when().get(APPLICATIONS + "/" + c.id + "/history")
                .then().statusCode(200).extract().jsonPath().getString("[0].actor")).isEqualTo("applicant-a");
        // reading is not handling
        problem(c.command(supervisor(), "acceptance", null), 403, "forbidden");
    }

    @Test
    void trackingWithoutLoginByNumberAndCode() {
        Case c = fileOnline("applicant-a", item);
        c.ok(clerk(dept), "supplement-request", Map.of("missingMaterials", List.of("营业执照副本")));
        ExtractableResponse<Response> ok = given().queryParam("code", c.code.toLowerCase())
                .when().get(APPLICATIONS + "/tracking/" + c.trackingNumber).then().extract();
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(200);
        JsonPath t = ok.jsonPath();
        assertThat(t.getString("trackingNumber")).isEqualTo(c.trackingNumber);
        assertThat(t.getString("status")).isEqualTo("SUPPLEMENT_REQUESTED");
        assertThat(t.getList("missingMaterials")).containsExactly("营业执照副本");
        assertThat(t.getString("receivedOn")).isEqualTo("2026-03-02");
        String body = ok.asString();
        assertThat(body).doesNotContain("张").doesNotContain("138").doesNotContain("applicant-a").doesNotContain("clerk-").doesNotContain(c.id);

        ExtractableResponse<Response> wrongCode = given().queryParam("code", "AAAAAAAAAAAA")
                .when().get(APPLICATIONS + "/tracking/" + c.trackingNumber).then().extract();
        ExtractableResponse<Response> noCode = given().when().get(APPLICATIONS + "/tracking/" + c.trackingNumber).then().extract();
        ExtractableResponse<Response> unknown = given().queryParam("code", c.code)
                .when().get(APPLICATIONS + "/tracking/XN20260302999999").then().extract();
        JsonPath w = problem(wrongCode, 404, "not-found");
        problem(noCode, 404, "not-found");
        JsonPath u = problem(unknown, 404, "not-found");
        assertThat(w.getString("title")).isEqualTo(u.getString("title"));
        assertThat(w.getString("kind")).isEqualTo(u.getString("kind"));
    }

    @Test
    void trackingLookUpsAreLimitedPerAddress() {
        Case c = fileOnline("applicant-a", item);
        limit.reset();
        try {
            for (int i = 0; i < 30; i++) { // xiaoneng.approval.tracking.rate-limit.requests=30 per 60 s
                given().queryParam("code", i % 2 == 0 ? c.code : "WRONGWRONG22").when().get(APPLICATIONS + "/tracking/" + c.trackingNumber)
                        .then().statusCode(i % 2 == 0 ? 200 : 404);
            }
            ExtractableResponse<Response> limited = given().queryParam("code", c.code)
                    .when().get(APPLICATIONS + "/tracking/" + c.trackingNumber).then().extract();
            JsonPath p = problem(limited, 429, "too-many-requests");
            long retryAfter = Long.parseLong(limited.header("Retry-After"));
            assertThat(retryAfter).isBetween(1L, 60L);
            assertThat(p.getLong("retryAfterSeconds")).isEqualTo(retryAfter);
            // signed-in reads are not affected
            given().auth().oauth2(applicant("applicant-a")).when().get(APPLICATIONS + "/" + c.id).then().statusCode(200);
            // behind the gateway (a trusted peer, here 127.0.0.1) the caller's address it forwards is what counts:
            // one caller's look-ups do not use up everyone's
            given().header("X-Forwarded-For", "203.0.113.7").queryParam("code", c.code)
                    .when().get(APPLICATIONS + "/tracking/" + c.trackingNumber).then().statusCode(200);
        } finally {
            limit.reset();
        }
    }
}
