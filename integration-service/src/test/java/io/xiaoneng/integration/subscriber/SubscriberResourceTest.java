package io.xiaoneng.integration.subscriber;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.problem.ProblemLeaks;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Registration of subscribers: the secret shown once, validation, admin only. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration"))
class SubscriberResourceTest {

    static final String SUBSCRIBERS = "/api/v1/integration/subscribers";

    static String admin() {
        return token("admin", null, "admin");
    }

    static Map<String, Object> body(String url, List<String> types) {
        Map<String, Object> b = new HashMap<>();
        b.put("name", "市政务服务平台");
        b.put("url", url);
        b.put("eventTypes", types);
        b.put("ownerClient", "city-platform");
        return b;
    }

    @Test
    void theSecretIsShownOnceAndNeverAgain() {
        ExtractableResponse<Response> r = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(body("https://city.example.gov.cn/xiaoneng/hook", List.of("xiaoneng.complaint.*", "xiaoneng.approval.application.completed.v1")))
                .when().post(SUBSCRIBERS).then().statusCode(201).extract();
        String id = r.path("subscriber.id");
        String secret = r.path("secret");
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(r.header("Location")).endsWith(SUBSCRIBERS + "/" + id);
        assertThat((List<String>) r.path("subscriber.eventTypes")).containsExactly("xiaoneng.complaint.*", "xiaoneng.approval.application.completed.v1");

        String one = given().auth().oauth2(admin()).get(SUBSCRIBERS + "/" + id).then().statusCode(200).extract().asString();
        String list = given().auth().oauth2(admin()).queryParam("size", 100).get(SUBSCRIBERS).then().statusCode(200).extract().asString();
        assertThat(one).doesNotContain(secret).doesNotContain("secret");
        assertThat(list).contains(id).doesNotContain(secret);
        // nor in the audit trail: the platform's audit table keeps the subscriber's state without the secret
    }

    @Test
    void badRegistrationsAreProblemsAndChangeNothing() {
        for (Map<String, Object> bad : List.of(
                body("ftp://city.example.gov.cn/hook", List.of("xiaoneng.complaint.*")),
                body("not a url", List.of("xiaoneng.complaint.*")),
                body("https://city.example.gov.cn/hook", List.of()),
                body("https://city.example.gov.cn/hook", List.of("Xiaoneng Complaint")))) {
            ExtractableResponse<Response> r = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(bad)
                    .when().post(SUBSCRIBERS).then().extract();
            assertThat(r.statusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            ProblemLeaks.assertNone(r.asString());
        }
    }

    @Test
    void onlyAdministrators() {
        Map<String, Object> ok = body("https://city.example.gov.cn/hook", List.of("xiaoneng.complaint.*"));
        given().contentType(ContentType.JSON).body(ok).when().post(SUBSCRIBERS).then().statusCode(401);
        given().auth().oauth2(token("province-platform", null, "integration")).contentType(ContentType.JSON).body(ok)
                .when().post(SUBSCRIBERS).then().statusCode(403);
        given().auth().oauth2(token("supervisor", "efficiency-office", "supervisor")).get(SUBSCRIBERS).then().statusCode(403);
        given().auth().oauth2(token("clerk", "market", "clerk")).get("/api/v1/integration/deliveries").then().statusCode(403);
    }

    @Test
    void bothListsArePagedByThePlatformConvention() {
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body("https://city.example.gov.cn/paged", List.of("xiaoneng.complaint.*")))
                .when().post(SUBSCRIBERS).then().statusCode(201);
        for (String list : List.of(SUBSCRIBERS, "/api/v1/integration/deliveries")) {
            JsonPath first = given().auth().oauth2(admin()).get(list).then().statusCode(200).extract().jsonPath();
            assertThat(first.getInt("page")).as(list).isZero();
            assertThat(first.getInt("size")).as(list).isEqualTo(20);
            assertThat(first.getList("items")).as(list).hasSizeLessThanOrEqualTo(20).hasSizeLessThanOrEqualTo(first.getInt("total"));
            for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("size", 101), Map.of("size", 0), Map.of("page", -1))) {
                ExtractableResponse<Response> r = given().auth().oauth2(admin()).queryParams(bad).get(list).then().extract();
                assertThat(r.statusCode()).as(list + bad).isEqualTo(400);
                assertThat(r.<List<String>>path("errors.field")).as(list + bad).containsExactlyElementsOf(bad.keySet());
            }
        }
        // the subscriber just registered is on the first page (newest first), and the count includes it
        JsonPath one = given().auth().oauth2(admin()).queryParam("size", 1).get(SUBSCRIBERS).then().statusCode(200).extract().jsonPath();
        assertThat(one.getString("items[0].url")).isEqualTo("https://city.example.gov.cn/paged");
        assertThat(one.getLong("total")).isPositive();
    }
}
