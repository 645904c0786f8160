package io.xiaoneng.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import io.xiaoneng.devstack.test.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Tokens are checked at the edge (signature, issuer, audience, expiry) against the OIDC provider (WireMock here,
 * Keycloak in the system tests); only the configured public routes are open without one.
 */
@QuarkusTest
@QuarkusTestResource(Upstreams.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class EdgeAuthenticationTest {

    @BeforeEach
    void servicesUp() {
        for (String name : new String[] {"approval", "complaint", "evaluation"}) {
            Upstreams.service(name).reset();
        }
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /api/v1/departments",
            "GET, /api/v1/applications",
            "GET, /api/v1/applications/tracking/ZW2026-000001/history",
            "POST, /api/v1/catalog/imports",
            "GET, /api/v1/complaints",
            "GET, /api/v1/complaints/123",
            "GET, /api/v1/ratings",
            "GET, /api/v1/reports/internal",
            "GET, /api/v1/complaint-tracking/K7QX93MDK7QX93MD/history",
            "GET, /api/v1/complaint-statistics/funnel",
            "POST, /api/v1/admin/projections/applications/replay",
            "GET, /api/v1/catalog/%2e%2e/applications",
    })
    void withoutATokenAProtectedRouteIsA401ProblemAndNothingIsForwarded(String method, String path) {
        int before = totalReceived();
        given().urlEncodingEnabled(false).header("Accept-Language", "en").when().request(method, path)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://xiaoneng.example/problems/unauthorized"))
                .body("status", equalTo(401))
                .body("code", equalTo("unauthorized"))
                .body("title", equalTo("Unauthorized"));
        assertThat(totalReceived()).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /api/v1/catalog/items, approval",
            "GET, /api/v1/catalog/items/110100-001/versions/2, approval",
            "GET, /api/v1/calendar/working-days, approval",
            "GET, /api/v1/applications/tracking/ZW2026-000001, approval",
            "POST, /api/v1/complaints, complaint",
            "GET, /api/v1/complaint-tracking/K7QX93MDK7QX93MD, complaint",
            "POST, /api/v1/complaint-tracking/K7QX93MDK7QX93MD/feedback, complaint",
            "POST, /api/v1/complaint-tracking/K7QX93MDK7QX93MD/reopen, complaint",
            "GET, /api/v1/complaint-categories, complaint",
            "GET, /api/v1/complaint-statistics/public, complaint",
            "GET, /open311/v2/services.json, complaint",
            "POST, /open311/v2/requests.json, complaint",
            "GET, /api/v1/public/reports/2026, evaluation",
            "GET, /api/v1/public/reports/2026/report.csv, evaluation",
    })
    void publicRoutesNeedNoToken(String method, String path, String service) {
        given().when().request(method, path)
                .then().statusCode(200)
                .body("service", equalTo(service))
                .body("authorization", nullValue());
    }

    @Test
    void aValidTokenIsForwardedUnchanged() {
        String token = TestTokens.token("head-market", "market", "dept-head");
        given().auth().oauth2(token).when().get("/api/v1/applications?page=0")
                .then().statusCode(200)
                .body("authorization", equalTo("Bearer " + token));
    }

    @Test
    void aClientCredentialTokenIsAccepted() {
        String token = Jwt.subject("service-account-province-platform")
                .issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .claim("client_id", "province-platform").claim("azp", "province-platform")
                .sign();
        given().auth().oauth2(token).when().get("/api/v1/applications").then().statusCode(200);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = base().issuedAt(Instant.now().minusSeconds(3600)).expiresAt(Instant.now().minusSeconds(60)).sign();
        refused(token);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        refused(Jwt.preferredUserName("clerk").subject("clerk").issuer(TestTokens.ISSUER)
                .audience("https://other-api.example.com").sign());
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        refused(Jwt.preferredUserName("clerk").subject("clerk").issuer("https://evil.example.com")
                .audience(TestTokens.AUDIENCE).sign());
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String token = base().jws().keyId("1").sign(generator.generateKeyPair().getPrivate());
        refused(token);
    }

    @Test
    void garbageIsRefused() {
        refused("not-a-jwt");
    }

    @Test
    void anInvalidTokenIsRefusedOnAPublicRouteToo() {
        given().auth().oauth2("not-a-jwt").when().get("/api/v1/catalog/items")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }

    @Test
    void problemsAreInChineseByDefault() {
        given().when().get("/api/v1/departments")
                .then().statusCode(401)
                .body("title", equalTo("未认证"))
                .body("detail", equalTo("需要有效的访问令牌。"));
    }

    @Test
    void healthAndOpenApiArePublic() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/openapi-merged").then().statusCode(200);
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder base() {
        return Jwt.preferredUserName("clerk").subject("clerk").issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of("clerk")));
    }

    private static void refused(String token) {
        int before = totalReceived();
        given().auth().oauth2(token).when().get("/api/v1/departments")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("code", equalTo("unauthorized"));
        assertThat(totalReceived()).isEqualTo(before);
    }

    private static int totalReceived() {
        return Upstreams.service("approval").received() + Upstreams.service("complaint").received()
                + Upstreams.service("evaluation").received();
    }
}
