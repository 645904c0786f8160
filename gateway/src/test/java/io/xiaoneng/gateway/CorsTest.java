package io.xiaoneng.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Browsers may call the API only from the configured front-end origins (tests: 127.0.0.1:3000 and the portal). */
@QuarkusTest
@QuarkusTestResource(Upstreams.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class CorsTest {

    static final String PORTAL = "https://portal.example.gov.cn";

    @Test
    void preflightFromAnAllowedOriginAllowsTheTokenAndTheRequestId() {
        given().header("Origin", PORTAL)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-request-id")
                .when().options("/api/v1/applications")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", PORTAL)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("authorization"));
        Upstreams.service("approval").reset();
    }

    @Test
    void anAllowedOriginSeesTheResponseAndTheExposedHeaders() {
        given().header("Origin", "http://127.0.0.1:3000")
                .auth().oauth2(TestTokens.token("clerk-market", "market", "clerk"))
                .when().get("/api/v1/departments")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://127.0.0.1:3000")
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("X-Request-Id"))
                .body("service", equalTo("approval"));
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        given().header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/api/v1/departments")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void aRequestFromAnotherOriginGetsNoCorsHeaders() {
        given().header("Origin", "https://evil.example.com")
                .auth().oauth2(TestTokens.token("clerk-market", "market", "clerk"))
                .when().get("/api/v1/departments")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
