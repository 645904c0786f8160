package io.xiaoneng.complaint.integration;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.xiaoneng.complaint.complaint.Fixtures;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.TestTokens;
import io.xiaoneng.platform.problem.ProblemLeaks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Complaints forwarded by the platforms through HTTP with their client-credentials tokens: Idempotency-Key replays,
 * the reference unique per client (409 naming the complaint), status by reference only for the owning client, and
 * never the complainant in the status.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class ExternalComplaintTest {

    static final String EXTERNAL = "/api/v1/complaints/external";

    String department;

    /** A token shaped like Keycloak's for a client-credentials grant: azp = client id, user = service account. */
    static String platform(String clientId) {
        return Jwt.preferredUserName("service-account-" + clientId).subject(UUID.randomUUID().toString())
                .claim("azp", clientId).issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of("integration"))).sign();
    }

    @BeforeEach
    void department() {
        department = Fixtures.department();
    }

    Map<String, Object> body(String reference, String channel) {
        Map<String, Object> body = new HashMap<>();
        body.put("externalReference", reference);
        body.put("channel", channel);
        body.put("category", "attitude");
        body.put("description", "窗口工作人员态度生硬（省平台转办）。");
        body.put("targetDepartment", department);
        body.put("anonymous", false);
        body.put("complainant", Map.of("name", "李四", "phone", "13912345678", "contact", "县城关镇幸福路8号"));
        return body;
    }

    static ExtractableResponse<Response> forward(String bearer, String key, Map<String, Object> body) {
        var spec = given().auth().oauth2(bearer).contentType(ContentType.JSON).body(body);
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        ExtractableResponse<Response> r = spec.when().post(EXTERNAL).then().extract();
        ProblemLeaks.assertNone(r.asString());
        return r;
    }

    @Test
    void replayReturnsTheFirstResultAndAnotherBodyUnderTheSameKeyIs422() {
        String reference = "12345-SX-" + UUID.randomUUID();
        String province = platform("province-platform");
        Map<String, Object> body = body(reference, "PROVINCE");
        String key = UUID.randomUUID().toString();

        ExtractableResponse<Response> first = forward(province, key, body);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
        String id = first.path("complaint.id");
        assertThat(first.header("Location")).endsWith("/api/v1/complaints/" + id);
        assertThat((String) first.path("complaint.externalReference")).isEqualTo(reference);
        assertThat((String) first.path("trackingCode")).isNotBlank();

        ExtractableResponse<Response> replay = forward(province, key, body);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat((String) replay.path("complaint.id")).isEqualTo(id);

        Map<String, Object> changed = new HashMap<>(body);
        changed.put("description", "另一件事。");
        ExtractableResponse<Response> reused = forward(province, key, changed);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat((String) reused.path("code")).isEqualTo("idempotency-key-reused");

        // the complaint itself carries the platform's reference as its forwarded reference
        given().auth().oauth2(Fixtures.supervisor()).when().get("/api/v1/complaints/" + id).then().statusCode(200)
                .body("forwardedReference", org.hamcrest.Matchers.equalTo(reference))
                .body("channel", org.hamcrest.Matchers.equalTo("PROVINCE"));
    }

    @Test
    void aSecondForwardingUnderTheSameReferenceIs409NamingTheExistingComplaint() {
        String reference = "12345-SX-" + UUID.randomUUID();
        String province = platform("province-platform");
        String id = forward(province, UUID.randomUUID().toString(), body(reference, "PROVINCE")).path("complaint.id");

        ExtractableResponse<Response> twin = forward(province, UUID.randomUUID().toString(), body(reference, "PROVINCE"));
        assertThat(twin.statusCode()).isEqualTo(409);
        assertThat(twin.contentType()).startsWith("application/problem+json");
        assertThat((String) twin.path("existingId")).isEqualTo(id);
        assertThat((String) twin.path("existing")).isEqualTo("/api/v1/complaints/" + id);

        ExtractableResponse<Response> city = forward(platform("city-platform"), UUID.randomUUID().toString(), body(reference, "CITY"));
        assertThat(city.statusCode()).as(city.asString()).isEqualTo(201);
        assertThat((String) city.path("complaint.id")).isNotEqualTo(id);
    }

    @Test
    void statusByReferenceOnlyForTheOwningClientAndWithoutTheComplainant() {
        String reference = "12345-SX-" + UUID.randomUUID();
        String province = platform("province-platform");
        String id = forward(province, UUID.randomUUID().toString(), body(reference, "PROVINCE")).path("complaint.id");

        ExtractableResponse<Response> own = given().auth().oauth2(province).when().get(EXTERNAL + "/" + reference).then().extract();
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat((String) own.path("id")).isEqualTo(id);
        assertThat((String) own.path("status")).isEqualTo("RECEIVED");
        assertThat(own.asString()).doesNotContain("李四").doesNotContain("13912345678").doesNotContain("幸福路");

        ExtractableResponse<Response> other = given().auth().oauth2(platform("city-platform")).when().get(EXTERNAL + "/" + reference).then().extract();
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.asString()).doesNotContain(id);
    }

    @Test
    void aPlatformReadsOnlyTheComplaintsItForwardedItself() {
        String province = platform("province-platform");
        String city = platform("city-platform");
        String provinceCase = forward(province, UUID.randomUUID().toString(), body("12345-SX-" + UUID.randomUUID(), "PROVINCE"))
                .path("complaint.id");
        given().auth().oauth2(province).when().get(Fixtures.COMPLAINTS + "/" + provinceCase).then().statusCode(200);
        ExtractableResponse<Response> foreign = given().auth().oauth2(city).when().get(Fixtures.COMPLAINTS + "/" + provinceCase)
                .then().extract();
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.asString()).doesNotContain("李四");
        given().auth().oauth2(city).when().get(Fixtures.COMPLAINTS + "/" + provinceCase + "/history").then().statusCode(404);

        // and the other way round
        String cityCase = forward(city, UUID.randomUUID().toString(), body("CITY-" + UUID.randomUUID(), "CITY")).path("complaint.id");
        given().auth().oauth2(city).when().get(Fixtures.COMPLAINTS + "/" + cityCase).then().statusCode(200);
        given().auth().oauth2(province).when().get(Fixtures.COMPLAINTS + "/" + cityCase).then().statusCode(404);
    }

    @Test
    void aPlatformForwardsOnlyUnderItsReferenceNotThroughTheGenericIntake() {
        String province = platform("province-platform");
        String city = platform("city-platform");
        // what used to be accepted there: the platform's channel, a forwardedReference and an Idempotency-Key
        String reference = "12345-SX-" + UUID.randomUUID();
        Map<String, Object> generic = body(null, "PROVINCE");
        generic.remove("externalReference");
        generic.put("forwardedReference", reference);
        Map<String, Object> cityGeneric = new HashMap<>(generic);
        cityGeneric.put("channel", "CITY");
        Map<String, Object> noChannel = new HashMap<>(generic);
        noChannel.remove("channel");
        for (var attempt : List.of(Map.entry(province, generic), Map.entry(city, cityGeneric), Map.entry(province, noChannel),
                Map.entry(Fixtures.platform(), generic))) {
            ExtractableResponse<Response> refused = given().auth().oauth2(attempt.getKey()).contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString()).header("Accept-Language", "en")
                    .body(attempt.getValue()).when().post(Fixtures.COMPLAINTS).then().extract();
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat((String) refused.path("type")).endsWith("/external-reference-required");
            assertThat((String) refused.path("code")).isEqualTo("external-reference-required");
            assertThat((String) refused.path("title")).isEqualTo("External reference required");
            assertThat((String) refused.path("detail")).contains("/api/v1/complaints/external");
            ProblemLeaks.assertNone(refused.asString());
        }
        // nothing registered: not in the county's list, and the reference names no case of the platform
        given().auth().oauth2(Fixtures.supervisor()).when().get(Fixtures.COMPLAINTS + "?department=" + department)
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(0));
        given().auth().oauth2(province).when().get(EXTERNAL + "/" + reference).then().statusCode(404);

        // through its endpoint the same complaint is registered, and found again by the reference
        ExtractableResponse<Response> forwarded = forward(province, UUID.randomUUID().toString(), body(reference, "PROVINCE"));
        assertThat(forwarded.statusCode()).as(forwarded.asString()).isEqualTo(201);
        given().auth().oauth2(province).when().get(EXTERNAL + "/" + reference).then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo(forwarded.path("complaint.id")));
        // the other callers of the generic intake are untouched: the intake registers a hotline call, a citizen files online
        given().auth().oauth2(Fixtures.intake()).contentType(ContentType.JSON).body(Fixtures.hotline(department, "王五", "13712345678"))
                .when().post(Fixtures.COMPLAINTS).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Fixtures.web(department)).when().post(Fixtures.COMPLAINTS).then().statusCode(201);
    }

    @Test
    void onlyPlatformsWithAKeyAndTheirOwnChannel() {
        String reference = "12345-SX-" + UUID.randomUUID();
        assertThat(forward(platform("province-platform"), null, body(reference, "PROVINCE")).statusCode()).isEqualTo(400);
        assertThat(forward(token("intake-li", Fixtures.INTAKE_DEPT, "clerk"), UUID.randomUUID().toString(), body(reference, "PROVINCE"))
                .statusCode()).isEqualTo(403);
        assertThat(forward(platform("province-platform"), UUID.randomUUID().toString(), body(reference, "WEB")).statusCode()).isEqualTo(422);
        // the city's platform cannot pass its complaint off as the province's; an unregistered client forwards nothing
        assertThat(forward(platform("city-platform"), UUID.randomUUID().toString(), body(reference, "PROVINCE")).statusCode()).isEqualTo(422);
        assertThat(forward(platform("some-other-client"), UUID.randomUUID().toString(), body(reference, "CITY")).statusCode()).isEqualTo(422);
        given().when().get(EXTERNAL + "/" + reference).then().statusCode(401);
        given().auth().oauth2(platform("province-platform")).when().get(EXTERNAL + "/" + reference).then().statusCode(404);
    }
}
