package io.xiaoneng.approval.window.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.api.ProblemAssert.problem;
import static io.xiaoneng.approval.window.api.OrgFixtures.admin;
import static io.xiaoneng.approval.window.api.OrgFixtures.department;
import static io.xiaoneng.approval.window.api.OrgFixtures.unique;
import static io.xiaoneng.approval.window.api.OrgFixtures.windowBody;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Windows and posts: admin CRUD with Idempotency-Key and If-Match, who reads what, and the errors. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class WindowResourceTest {

    private static final String WINDOWS = "/api/v1/windows";
    private static final String POSTS = "/api/v1/posts";

    private static Response createWindow(Map<String, Object> body) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body).when().post(WINDOWS);
    }

    // --- windows ---------------------------------------------------------------------------------------------------

    @Test
    void adminRegistersAWindowThatEveryoneSignedInReads() {
        String market = department("market");
        String housing = department("housing");
        String code = unique("w");
        Map<String, Object> body = windowBody(code, List.of(market, housing), true, false);

        Response created = createWindow(body);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith(WINDOWS + "/" + code);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(created.jsonPath().getList("departmentCodes")).containsExactly(
                market.compareTo(housing) < 0 ? market : housing, market.compareTo(housing) < 0 ? housing : market);

        // Applicants read windows too: they choose one to book an appointment at.
        given().auth().oauth2(token("applicant-a", null, "applicant"))
                .when().get(WINDOWS + "/" + code)
                .then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("name", equalTo(body.get("name")))
                .body("number", equalTo(body.get("number")))
                .body("extendedHours", equalTo(true))
                .body("holidayService", equalTo(false))
                .body("active", equalTo(true));

        given().auth().oauth2(token("clerk-x", market, "clerk"))
                .when().get(WINDOWS + "?department=" + market)
                .then().statusCode(200)
                .body("code", contains(code));
    }

    @Test
    void anonymousCallersAndNonAdminsCannotRegister() {
        String market = department("market");
        given().when().get(WINDOWS).then().statusCode(401);
        problem(given().auth().oauth2(token("head-x", market, "dept-head")).contentType(ContentType.JSON)
                .body(windowBody(unique("w"), List.of(market), false, false))
                .when().post(WINDOWS).then(), 403, "forbidden");
    }

    @Test
    void updateNeedsTheCurrentETagAndDeactivates() {
        String market = department("market");
        String code = OrgFixtures.window(List.of(market), false, false);
        Map<String, Object> change = windowBody(code, List.of(market), true, true);
        change.remove("code");
        change.put("active", false);

        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(change)
                .when().put(WINDOWS + "/" + code).then(), 428, "precondition-required");

        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(change)
                .when().put(WINDOWS + "/" + code)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("active", equalTo(false))
                .body("holidayService", equalTo(true));

        // The same ETag again: someone else's change would be overwritten.
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(change)
                .when().put(WINDOWS + "/" + code).then(), 412, "precondition-failed");

        // Nothing changes: same version.
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(change)
                .when().put(WINDOWS + "/" + code)
                .then().statusCode(200).header("ETag", "\"1\"");

        given().auth().oauth2(admin()).when().get(WINDOWS + "?active=true")
                .then().statusCode(200).body("code", not(hasItem(code)));
    }

    @Test
    void changingOnlyTheDepartmentsChangesTheVersion() {
        String market = department("market");
        String housing = department("housing");
        String code = OrgFixtures.window(List.of(market), false, false);
        Map<String, Object> window = given().auth().oauth2(admin()).when().get(WINDOWS + "/" + code).then().extract().jsonPath().getMap("");
        window.remove("code");
        window.put("departmentCodes", List.of(market, housing));

        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(window)
                .when().put(WINDOWS + "/" + code)
                .then().statusCode(200).header("ETag", "\"1\"");
        given().auth().oauth2(token("clerk-h", housing, "clerk"))
                .when().get(WINDOWS + "?department=" + housing)
                .then().statusCode(200).body("code", contains(code));
    }

    @Test
    void unknownDepartmentIsNamedInTheProblem() {
        String market = department("market");
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .header("Accept-Language", "en")
                .body(windowBody(unique("w"), List.of(market, "no-such-department"), false, false))
                .when().post(WINDOWS).then(), 422, "unprocessable");
        assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo("departmentCodes[1]");
        assertThat(r.jsonPath().getString("detail")).contains("no-such-department");
    }

    @Test
    void windowCodesAndNumbersAreUnique() {
        String market = department("market");
        Map<String, Object> first = windowBody(unique("w"), List.of(market), false, false);
        assertThat(createWindow(first).statusCode()).isEqualTo(201);

        problem(createWindow(first).then(), 409, "conflict");

        Map<String, Object> sameNumber = windowBody(unique("w"), List.of(market), false, false);
        sameNumber.put("number", first.get("number"));
        ExtractableResponse<Response> r = problem(createWindow(sameNumber).then(), 409, "conflict");
        assertThat(r.jsonPath().getString("id")).isEqualTo(first.get("code"));
    }

    @Test
    void invalidFieldsAreRejected() {
        Map<String, Object> body = windowBody("Bad Code", List.of(), false, false);
        body.put("number", "a-1 lower");
        ExtractableResponse<Response> r = problem(createWindow(body).then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors.field", String.class)).contains("code", "number", "departmentCodes");
    }

    @Test
    void aCreationRetriedWithTheSameIdempotencyKeyCreatesOneWindow() {
        String market = department("market");
        Map<String, Object> body = windowBody(unique("w"), List.of(market), false, false);
        String key = UUID.randomUUID().toString();
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post(WINDOWS).then().statusCode(201);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post(WINDOWS).then().statusCode(201).header("Idempotent-Replayed", "true");
    }

    // --- posts -----------------------------------------------------------------------------------------------------

    @Test
    void postsAreCreatedAssignedChangedAndRemovedByAdminAndReadByOfficials() {
        String market = department("market");
        String window = OrgFixtures.window(List.of(market), false, false);
        String code = unique("post");
        Map<String, Object> post = Map.of("code", code, "windowCode", window, "title", "受理岗",
                "responsibilities", "接收材料，一次性告知", "assignees", List.of("clerk-b", "clerk-a"));

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(post)
                .when().post(POSTS)
                .then().statusCode(201)
                .header("ETag", "\"0\"")
                .body("assignees", contains("clerk-a", "clerk-b"));

        given().auth().oauth2(token("evaluator", "evaluation-committee", "evaluator"))
                .when().get(POSTS + "?window=" + window)
                .then().statusCode(200).body("code", contains(code));
        given().auth().oauth2(token("clerk-a", market, "clerk"))
                .when().get(POSTS + "?assignee=clerk-a")
                .then().statusCode(200).body("code", hasItem(code));
        // Who holds which post is internal: applicants do not read posts.
        problem(given().auth().oauth2(token("applicant-a", null, "applicant"))
                .when().get(POSTS + "/" + code).then(), 403, "forbidden");
        problem(given().auth().oauth2(token("clerk-a", market, "clerk")).contentType(ContentType.JSON)
                .header("If-Match", "\"0\"")
                .body(Map.of("windowCode", window, "title", "x", "responsibilities", "x", "assignees", List.of()))
                .when().put(POSTS + "/" + code).then(), 403, "forbidden");

        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("windowCode", window, "title", "受理岗", "responsibilities", "接收材料，一次性告知",
                        "assignees", List.of("clerk-c")))
                .when().put(POSTS + "/" + code)
                .then().statusCode(200).header("ETag", "\"1\"").body("assignees", contains("clerk-c"));

        problem(given().auth().oauth2(admin()).when().delete(POSTS + "/" + code).then(), 428, "precondition-required");
        problem(given().auth().oauth2(admin()).header("If-Match", "\"0\"").when().delete(POSTS + "/" + code).then(),
                412, "precondition-failed");
        given().auth().oauth2(admin()).header("If-Match", "\"1\"").when().delete(POSTS + "/" + code)
                .then().statusCode(204);
        problem(given().auth().oauth2(admin()).when().get(POSTS + "/" + code).then(), 404, "not-found");
    }

    @Test
    void aPostNeedsAnExistingWindow() {
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", unique("post"), "windowCode", "no-such-window", "title", "岗", "responsibilities", "x"))
                .when().post(POSTS).then(), 422, "unprocessable");
        assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo("windowCode");
    }
}
