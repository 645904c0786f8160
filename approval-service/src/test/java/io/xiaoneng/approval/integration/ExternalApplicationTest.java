package io.xiaoneng.approval.integration;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.TestTokens;
import io.xiaoneng.platform.problem.ProblemLeaks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inbound integration through HTTP with the platforms' client-credentials tokens: Idempotency-Key replays, the
 * reference unique per client (409 naming the case), status by reference only for the owning client.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class ExternalApplicationTest {

    static final String EXTERNAL = "/api/v1/applications/external";
    private static final AtomicInteger SEQ = new AtomicInteger(500);

    String item;

    /** A token shaped like Keycloak's for a client-credentials grant: azp = client id, user = service account. */
    static String platform(String clientId) {
        return Jwt.preferredUserName("service-account-" + clientId).subject(UUID.randomUUID().toString())
                .claim("azp", clientId).issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of("integration"))).sign();
    }

    static String admin() {
        return token("admin", "efficiency-office", "admin");
    }

    @BeforeEach
    void catalog() {
        String dept = "dep-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", dept, "name", "测试局 " + dept, "kind", "COUNTY_AGENCY"))
                .when().post("/api/v1/departments").then().statusCode(201);
        item = ("ITEM-" + UUID.randomUUID().toString().substring(0, 8)).toUpperCase();
        Map<String, Object> terms = new HashMap<>();
        terms.put("name", "食品经营许可");
        terms.put("category", "ADMINISTRATIVE_LICENSE");
        terms.put("legalBasis", "《中华人民共和国食品安全法》第三十五条");
        terms.put("statutoryLimitDays", 20);
        terms.put("committedLimitDays", 10);
        terms.put("online", true);
        terms.put("maxVisits", 1);
        terms.put("acceptWithPledge", false);
        terms.put("composite", false);
        terms.put("materials", List.of(Map.of("name", "申请书", "form", "ORIGINAL", "copies", 1, "mandatory", true)));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("implementationCode", item, "basicCode", "B" + item.substring(5), "departmentCode", dept, "terms", terms))
                .when().post("/api/v1/catalog/items").then().statusCode(201);
    }

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    static String personId() {
        String base = "110105" + "19850315" + String.format("%03d", SEQ.incrementAndGet() % 1000);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (base.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return base + "10X98765432".charAt(sum % 11);
    }

    Map<String, Object> body(String reference, String channel) {
        Map<String, Object> body = new HashMap<>();
        body.put("externalReference", reference);
        body.put("itemCode", item);
        body.put("channel", channel);
        body.put("applicant", Map.of("kind", "PERSON", "name", "张三丰", "idNumber", personId(), "phone", "13812345678"));
        body.put("materials", List.of("申请书"));
        return body;
    }

    static ExtractableResponse<Response> submit(String bearer, String key, Map<String, Object> body) {
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
        String reference = "SX-" + UUID.randomUUID();
        String province = platform("province-platform");
        Map<String, Object> body = body(reference, "PROVINCIAL_PLATFORM");
        String key = UUID.randomUUID().toString();

        ExtractableResponse<Response> first = submit(province, key, body);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
        String id = first.path("application.id");
        assertThat(first.header("Location")).endsWith("/api/v1/applications/" + id);
        assertThat((String) first.path("application.externalReference")).isEqualTo(reference);
        assertThat((String) first.path("application.status")).isEqualTo("SUBMITTED");
        assertThat((String) first.path("verificationCode")).isNotBlank();

        ExtractableResponse<Response> replay = submit(province, key, body);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat((String) replay.path("application.id")).isEqualTo(id);
        assertThat((String) replay.path("verificationCode")).isEqualTo(first.path("verificationCode"));

        Map<String, Object> changed = new HashMap<>(body);
        changed.put("materials", List.of("申请书", "营业执照"));
        ExtractableResponse<Response> reused = submit(province, key, changed);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat((String) reused.path("code")).isEqualTo("idempotency-key-reused");

        // one case only: the platform's status look-up finds the first
        given().auth().oauth2(province).when().get(EXTERNAL + "/" + reference).then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo(id));
    }

    @Test
    void aSecondFilingUnderTheSameReferenceIs409NamingTheExistingCase() {
        String reference = "SX-" + UUID.randomUUID();
        String province = platform("province-platform");
        ExtractableResponse<Response> first = submit(province, UUID.randomUUID().toString(), body(reference, "PROVINCIAL_PLATFORM"));
        assertThat(first.statusCode()).isEqualTo(201);
        String id = first.path("application.id");

        ExtractableResponse<Response> twin = submit(province, UUID.randomUUID().toString(), body(reference, "PROVINCIAL_PLATFORM"));
        assertThat(twin.statusCode()).isEqualTo(409);
        assertThat(twin.contentType()).startsWith("application/problem+json");
        assertThat((String) twin.path("existingId")).isEqualTo(id);
        assertThat((String) twin.path("existing")).isEqualTo("/api/v1/applications/" + id);
        assertThat((String) twin.path("detail")).contains(reference).contains(id);

        // the reference is unique per client: the city may use the same number for its own case
        ExtractableResponse<Response> city = submit(platform("city-platform"), UUID.randomUUID().toString(), body(reference, "CITY_PLATFORM"));
        assertThat(city.statusCode()).as(city.asString()).isEqualTo(201);
        assertThat((String) city.path("application.id")).isNotEqualTo(id);
    }

    @Test
    void statusByReferenceOnlyForTheOwningClient() {
        String reference = "SX-" + UUID.randomUUID();
        String province = platform("province-platform");
        String id = submit(province, UUID.randomUUID().toString(), body(reference, "PROVINCIAL_PLATFORM")).path("application.id");

        ExtractableResponse<Response> own = given().auth().oauth2(province).when().get(EXTERNAL + "/" + reference).then().extract();
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat((String) own.path("id")).isEqualTo(id);
        assertThat((String) own.path("status")).isEqualTo("SUBMITTED");
        assertThat((String) own.path("itemCode")).isEqualTo(item);
        assertThat((String) own.path("channel")).isEqualTo("PROVINCIAL_PLATFORM");
        assertThat(own.asString()).doesNotContain("idNumber").doesNotContain("13812345678");

        ExtractableResponse<Response> other = given().auth().oauth2(platform("city-platform")).when().get(EXTERNAL + "/" + reference).then().extract();
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.asString()).doesNotContain(id);
        given().auth().oauth2(province).when().get(EXTERNAL + "/unknown-" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void onlyPlatformsWithAKeyAndTheirOwnChannel() {
        String reference = "SX-" + UUID.randomUUID();
        ExtractableResponse<Response> noKey = submit(platform("province-platform"), null, body(reference, "PROVINCIAL_PLATFORM"));
        assertThat(noKey.statusCode()).isEqualTo(400);
        ExtractableResponse<Response> applicant = submit(token("applicant-a", null, "applicant"), UUID.randomUUID().toString(),
                body(reference, "PROVINCIAL_PLATFORM"));
        assertThat(applicant.statusCode()).isEqualTo(403);
        ExtractableResponse<Response> window = submit(platform("province-platform"), UUID.randomUUID().toString(), body(reference, "WINDOW"));
        assertThat(window.statusCode()).isEqualTo(422);
        // the city's platform cannot pass its case off as the province's; a client the county has not registered files nothing
        ExtractableResponse<Response> posing = submit(platform("city-platform"), UUID.randomUUID().toString(), body(reference, "PROVINCIAL_PLATFORM"));
        assertThat(posing.statusCode()).as(posing.asString()).isEqualTo(422);
        assertThat((String) posing.path("rule")).isEqualTo("channel-not-allowed");
        assertThat(submit(platform("some-other-client"), UUID.randomUUID().toString(), body(reference, "CITY_PLATFORM")).statusCode())
                .isEqualTo(403);
        Map<String, Object> badReference = body("含空格 的编号", "PROVINCIAL_PLATFORM");
        assertThat(submit(platform("province-platform"), UUID.randomUUID().toString(), badReference).statusCode()).isEqualTo(400);
        given().when().get(EXTERNAL + "/" + reference).then().statusCode(401);
        // nothing was filed under the reference by any of these
        given().auth().oauth2(platform("province-platform")).when().get(EXTERNAL + "/" + reference).then().statusCode(404);
        given().auth().oauth2(platform("city-platform")).when().get(EXTERNAL + "/" + reference).then().statusCode(404);

        // without a channel a platform files under its own
        Map<String, Object> unnamed = body(reference, "CITY_PLATFORM");
        unnamed.remove("channel");
        ExtractableResponse<Response> city = submit(platform("city-platform"), UUID.randomUUID().toString(), unnamed);
        assertThat(city.statusCode()).as(city.asString()).isEqualTo(201);
        assertThat((String) city.path("application.channel")).isEqualTo("CITY_PLATFORM");
    }

    @Test
    void aPlatformCannotFileWithoutItsReferenceThroughTheGenericEndpoint() {
        String province = platform("province-platform");
        long before = given().auth().oauth2(province).when().get("/api/v1/applications").then().statusCode(200)
                .extract().jsonPath().getLong("total");
        Map<String, Object> body = body("SX-" + UUID.randomUUID(), "PROVINCIAL_PLATFORM");
        body.remove("externalReference");
        ExtractableResponse<Response> generic = given().auth().oauth2(province).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/api/v1/applications").then().extract();
        assertThat(generic.statusCode()).as(generic.asString()).isEqualTo(403);
        assertThat(generic.contentType()).startsWith("application/problem+json");
        assertThat((String) generic.path("type")).endsWith("/external-reference-required");
        assertThat((String) generic.path("detail")).contains("/api/v1/applications/external");
        assertThat(given().auth().oauth2(province).when().get("/api/v1/applications").then().statusCode(200)
                .extract().jsonPath().getLong("total")).as("nothing filed").isEqualTo(before);
    }
}
