package io.xiaoneng.approval.api;

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
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of error of the service as an RFC 9457 problem, through the real department endpoints (and the
 * test-only {@link ProblemTestResource} for failures that cannot be provoked on demand).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class ProblemDetailsTest {

    private static final String DEPARTMENTS = "/api/v1/departments";

    private static String admin() {
        return token("admin", "efficiency-office", "admin");
    }

    private static String uniqueCode() {
        return "pd-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // --- input ------------------------------------------------------------------------------------------------

    @Test
    void invalidFieldsAreListedByTheirJsonNames() {
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", "Bad Code!", "name", "", "kind", "TOWN"))
                .when().post(DEPARTMENTS).then(), 400, "validation-failed");

        assertThat(r.jsonPath().getString("instance")).isEqualTo(DEPARTMENTS);
        List<Map<String, String>> errors = r.jsonPath().getList("errors");
        assertThat(errors).extracting(e -> e.get("field")).containsExactly("code", "name");
        assertThat(errors).extracting(e -> e.get("message"))
                .containsExactly("只能包含小写字母、数字和“-”，且以字母或数字开头", "不能为空");
        assertThat(r.header("Content-Language")).isEqualTo("zh-CN");
    }

    @Test
    void aMissingBodyIsAValidationError() {
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .when().post(DEPARTMENTS).then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors.field")).containsExactly("body");
    }

    @Test
    void malformedJsonSaysWhere() {
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .header("Accept-Language", "en")
                .body("{\"code\": \"x\", \"name\": ")
                .when().post(DEPARTMENTS).then(), 400, "malformed-json");
        assertThat(r.jsonPath().getString("detail")).startsWith("The request body is not valid JSON");
    }

    @Test
    void aWrongTypeNamesTheFieldAndTheExpectedJsonType() {
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .header("Accept-Language", "en")
                .body("{\"code\": \"ok-code\", \"name\": {\"zh\": \"县民政局\"}, \"kind\": \"TOWN\"}")
                .when().post(DEPARTMENTS).then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors")).containsExactly(Map.of("field", "name", "message", "must be a string"));
    }

    @Test
    void anArrayForTheBodySaysAnObjectIsExpected() {
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("[1, 2]").when().post(DEPARTMENTS).then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors")).containsExactly(Map.of("message", "应为对象"));
    }

    @Test
    void anUnknownEnumValueListsTheKnownOnes() {
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", "ok-code", "name", "x", "kind", "CITY"))
                .when().post(DEPARTMENTS).then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors")).containsExactly(
                Map.of("field", "kind", "message", "必须是以下之一：COUNTY_AGENCY, TOWN, WINDOW_UNIT"));
    }

    @Test
    void anUnknownEnumValueOfAQueryParameterIs400NamingItWithTheAllowedValuesNotNotFound() {
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).header("Accept-Language", "en")
                .when().get(DEPARTMENTS + "?kind=CITY").then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors")).containsExactly(
                Map.of("field", "kind", "message", "must be one of: COUNTY_AGENCY, TOWN, WINDOW_UNIT"));
    }

    @Test
    void aPathParameterThatIsNoUuidIsNamed() {
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).header("Accept-Language", "en")
                .when().get("/api/v1/applications/not-a-uuid").then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors")).containsExactly(Map.of("field", "id", "message", "must be a UUID"));
    }

    @Test
    void aDateParameterThatIsNoDateIsNamedWithItsFormat() {
        ExtractableResponse<Response> r = problem(given().header("Accept-Language", "en").queryParam("from", "2025-02-30")
                .queryParam("days", 1).when().get("/api/v1/calendar/working-days").then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors")).containsExactly(
                Map.of("field", "from", "message", "must be a date (yyyy-MM-dd, e.g. 2026-03-02)"));
    }

    @Test
    void anUnconvertibleParameterThatCannotBeNamedIs400NotNotFound() {
        // two date parameters (from, to): the converter does not say which one failed
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).header("Accept-Language", "en")
                .queryParam("window", "any").queryParam("from", "2025-02-30")
                .when().get("/api/v1/appointment-slots").then(), 400, "bad-request");
        assertThat(r.jsonPath().getString("detail")).isEqualTo("A query or path parameter has an invalid value.");
    }

    @Test
    void aQueryParameterIsNamedAsInTheUrl() {
        ExtractableResponse<Response> r = problem(given().header("Accept-Language", "en")
                .when().get("/test/problems/page?page-size=500").then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors")).containsExactly(
                Map.of("field", "page-size", "message", "must be less than or equal to 100"));
    }

    // --- resources and state -----------------------------------------------------------------------------------

    @Test
    void anUnknownDepartmentIs404InTheCallersLanguage() {
        ExtractableResponse<Response> zh = problem(given().auth().oauth2(admin())
                .when().get(DEPARTMENTS + "/no-such-dept").then(), 404, "not-found");
        assertThat(zh.jsonPath().getString("title")).isEqualTo("资源不存在");
        assertThat(zh.jsonPath().getString("detail")).isEqualTo("部门“no-such-dept”不存在。");
        assertThat(zh.jsonPath().getString("kind")).isEqualTo("department");
        assertThat(zh.jsonPath().getString("id")).isEqualTo("no-such-dept");
        assertThat(zh.header("Content-Language")).isEqualTo("zh-CN");
        assertThat(zh.header("Vary")).contains("Accept-Language");

        ExtractableResponse<Response> en = problem(given().auth().oauth2(admin()).header("Accept-Language", "en-GB,en;q=0.9")
                .when().get(DEPARTMENTS + "/no-such-dept").then(), 404, "not-found");
        assertThat(en.jsonPath().getString("title")).isEqualTo("Not found");
        assertThat(en.jsonPath().getString("detail")).isEqualTo("There is no department \"no-such-dept\".");
        assertThat(en.header("Content-Language")).isEqualTo("en");

        ExtractableResponse<Response> other = problem(given().auth().oauth2(admin()).header("Accept-Language", "fr, de;q=0.8")
                .when().get(DEPARTMENTS + "/no-such-dept").then(), 404, "not-found");
        assertThat(other.header("Content-Language")).isEqualTo("zh-CN");
    }

    @Test
    void anUnknownPathIs404Too() {
        problem(given().auth().oauth2(admin()).when().get("/api/v1/no-such-collection").then(), 404, "not-found");
        problem(given().when().get("/nothing/here").then(), 404, "not-found");
    }

    @Test
    void aDuplicateIs409() {
        String code = uniqueCode();
        Map<String, String> body = Map.of("code", code, "name", "县测试局", "kind", "COUNTY_AGENCY");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body).when().post(DEPARTMENTS).then().statusCode(201);

        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body)
                .header("Accept-Language", "en").when().post(DEPARTMENTS).then(), 409, "conflict");
        assertThat(r.jsonPath().getString("detail")).isEqualTo("The department \"" + code + "\" already exists.");
    }

    @Test
    void anUnknownParentIs422PointingAtTheField() {
        ExtractableResponse<Response> r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", uniqueCode(), "name", "x", "kind", "TOWN", "parentCode", "nowhere"))
                .when().post(DEPARTMENTS).then(), 422, "unprocessable");
        assertThat(r.jsonPath().getList("errors.field")).containsExactly("parentCode");
    }

    @Test
    void aUniqueViolationFromTheDatabaseIs409WithoutTheSql() {
        problem(given().when().post("/test/problems/duplicate").then(), 409, "conflict");
    }

    @Test
    void anIllegalTransitionNamesTheAllowedCommands() {
        ExtractableResponse<Response> r = problem(given().when().get("/test/problems/transition").then(), 409, "illegal-transition");
        assertThat(r.jsonPath().getList("allowed")).containsExactly("approve", "reject", "suspend");
        assertThat(r.jsonPath().getString("state")).isEqualTo("ACCEPTED");
        assertThat(r.jsonPath().getString("command")).isEqualTo("accept");
    }

    @Test
    void preconditionAndRateLimitProblems() {
        problem(given().when().get("/test/problems/stale").then(), 412, "precondition-failed");

        ExtractableResponse<Response> limited = problem(given().when().get("/test/problems/rate-limited").then(), 429, "too-many-requests");
        assertThat(limited.header("Retry-After")).isEqualTo("30");
        assertThat(limited.jsonPath().getInt("retryAfterSeconds")).isEqualTo(30);

        ExtractableResponse<Response> unavailable = problem(given().when().get("/test/problems/unavailable").then(), 503, "unavailable");
        assertThat(unavailable.header("Retry-After")).isEqualTo("3");
    }

    // --- security ------------------------------------------------------------------------------------------------

    @Test
    void aMissingTokenIs401WithAChallenge() {
        ExtractableResponse<Response> r = problem(given().when().get(DEPARTMENTS).then(), 401, "unauthorized");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void anInvalidTokenIs401WithAProblemBodyToo() {
        ExtractableResponse<Response> garbage = problem(given().auth().oauth2("not-a-jwt")
                .when().get(DEPARTMENTS).then(), 401, "unauthorized");
        assertThat(garbage.header("WWW-Authenticate")).startsWith("Bearer");

        String valid = admin();
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");
        ExtractableResponse<Response> forged = problem(given().auth().oauth2(tampered).header("Accept-Language", "en")
                .when().get(DEPARTMENTS + "/market").then(), 401, "unauthorized");
        assertThat(forged.jsonPath().getString("title")).isEqualTo("Unauthorized");
        assertThat(forged.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void aMissingRoleIs403() {
        problem(given().auth().oauth2(token("head-market", "market", "dept-head")).contentType(ContentType.JSON)
                .body(Map.of("code", uniqueCode(), "name", "x", "kind", "TOWN"))
                .when().post(DEPARTMENTS).then(), 403, "forbidden");
    }

    // --- HTTP protocol ---------------------------------------------------------------------------------------------

    @Test
    void anUnsupportedMethodIs405() {
        // Quarkus REST (3.33) does not name the allowed methods here; an Allow header is kept whenever one is given.
        problem(given().auth().oauth2(admin()).when().delete(DEPARTMENTS).then(), 405, "method-not-allowed");
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{}")
                .when().patch(DEPARTMENTS + "/market").then(), 405, "method-not-allowed");
    }

    @Test
    void anUnsupportedContentTypeIs415() {
        problem(given().auth().oauth2(admin()).contentType(ContentType.TEXT).body("code=x")
                .when().post(DEPARTMENTS).then(), 415, "unsupported-media-type");
    }

    @Test
    void anUnacceptableFormatIs406StillAsProblemJson() {
        problem(given().auth().oauth2(admin()).accept(ContentType.XML)
                .when().get(DEPARTMENTS).then(), 406, "not-acceptable");
    }

    // --- server side ---------------------------------------------------------------------------------------------

    @Test
    void aBugIs500WithACorrelationIdAndNothingElse() {
        ExtractableResponse<Response> r = problem(given().header("X-Request-Id", "req-abc-12345678")
                .when().get("/test/problems/bug").then(), 500, "internal");
        assertThat(r.jsonPath().getString("correlationId")).matches("[0-9a-f-]{36}");
        assertThat(r.jsonPath().getString("requestId")).isEqualTo("req-abc-12345678");
        assertThat(r.asString()).doesNotContain("department").doesNotContain("Secret");

        ExtractableResponse<Response> npe = problem(given().header("X-Request-Id", "<b>x</b>")
                .when().get("/test/problems/npe").then(), 500, "internal");
        assertThat(npe.jsonPath().getString("requestId")).isNull();
        assertThat(npe.jsonPath().getString("correlationId")).isNotEqualTo(r.jsonPath().getString("correlationId"));
    }

    @Test
    void anUnreachableDatabaseIs503WithRetryAfter() {
        ExtractableResponse<Response> down = problem(given().when().get("/test/problems/database-down").then(), 503, "unavailable");
        assertThat(down.header("Retry-After")).isEqualTo("5");
        assertThat(down.jsonPath().getString("correlationId")).isNotBlank();

        ExtractableResponse<Response> pool = problem(given().when().get("/test/problems/pool-exhausted").then(), 503, "unavailable");
        assertThat(pool.header("Retry-After")).isEqualTo("5");
    }
}
