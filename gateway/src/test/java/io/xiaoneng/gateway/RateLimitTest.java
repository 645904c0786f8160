package io.xiaoneng.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import io.xiaoneng.devstack.test.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * Limits per token client (3 per hour here) and per client address (8 per hour here; an hour, so that a slow
 * machine does not refill a bucket during the test): the next call is a 429
 * problem with Retry-After, other clients go on.
 */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimits.class)
@QuarkusTestResource(Upstreams.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class RateLimitTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "xiaoneng.gateway.rate-limit.per-client.requests", "3",
                    "xiaoneng.gateway.rate-limit.per-client.period", "60m",
                    "xiaoneng.gateway.rate-limit.per-ip.requests", "8",
                    "xiaoneng.gateway.rate-limit.per-ip.period", "60m");
        }
    }

    @Test
    void perClientThenPerAddress() {
        String alice = TestTokens.token("alice", null, "applicant");
        String province = Jwt.subject("service-account-province-platform").issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE).claim("client_id", "province-platform").sign();

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(alice).when().get("/api/v1/applications").then().statusCode(200);
        }
        // 3 per hour refill one every 20 minutes (gradually: less is left when the calls took a while)
        var refused = given().auth().oauth2(alice).header("Accept-Language", "en").when().get("/api/v1/applications")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://xiaoneng.example/problems/too-many-requests"))
                .body("code", equalTo("too-many-requests"))
                .extract();
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1100, 1200);
        assertThat((String) refused.path("detail")).isEqualTo("Rate limit exceeded; retry after " + retryAfter + " seconds.");

        // another client is not affected (5 of the address's 8 used so far)
        given().auth().oauth2(province).when().get("/api/v1/applications").then().statusCode(200);

        // anonymous calls from the same address use up its limit
        for (int i = 0; i < 3; i++) {
            given().when().get("/api/v1/catalog/items").then().statusCode(200);
        }
        given().when().get("/api/v1/catalog/items")
                .then().statusCode(429)
                .header("Retry-After", matchesPattern("4[0-4][0-9]|450"))
                .body("code", equalTo("too-many-requests"));
        // the address limit comes before the token check
        given().auth().oauth2(province).when().get("/api/v1/applications").then().statusCode(429);
    }
}
