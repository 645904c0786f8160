package io.xiaoneng.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Request bodies above the limit (64 KiB in the tests) are refused with 413 and never reach the service. */
@QuarkusTest
@QuarkusTestResource(Upstreams.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class BodyLimitTest {

    static final String TOKEN = TestTokens.token("clerk-market", "market", "clerk");
    static final int LIMIT = 64 * 1024;

    @BeforeEach
    void servicesUp() {
        Upstreams.service("approval").reset();
    }

    @Test
    void aBodyWithinTheLimitIsForwarded() {
        given().auth().oauth2(TOKEN).contentType("application/json").body(new byte[LIMIT])
                .when().post("/api/v1/applications")
                .then().statusCode(200)
                .body("bodyLength", equalTo(LIMIT));
    }

    @Test
    void anAnnouncedBodyAboveTheLimitIs413() {
        try (AccessLogLines access = new AccessLogLines()) {
            given().auth().oauth2(TOKEN).contentType("application/json").header("Accept-Language", "en")
                    .header(RequestIds.HEADER, "too-large-body-1")
                    .body(new byte[LIMIT + 1])
                    .when().post("/api/v1/applications")
                    .then().statusCode(413)
                    .header("Connection", "close")
                    .contentType("application/problem+json")
                    .body("code", equalTo("payload-too-large"))
                    .body("detail", equalTo("The request body exceeds the limit of 65536 bytes."));
            assertThat(Upstreams.service("approval").received()).isZero();
            // answered in full, then the connection closed: the gateway's answer, not a caller hanging up (499)
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(access.lines()).anySatisfy(line ->
                    assertThat(line).startsWith("too-large-body-1 POST /api/v1/applications 413 ")));
        }
    }

    @Test
    void aChunkedBodyAboveTheLimitIs413() {
        given().auth().oauth2(TOKEN).contentType("application/json")
                .body(new ByteArrayInputStream(new byte[4 * LIMIT]))
                .when().post("/api/v1/applications")
                .then().statusCode(413)
                .body("code", equalTo("payload-too-large"));
        assertThat(Upstreams.service("approval").received()).isZero();
    }

    @Test
    void aChunkedBodyWithinTheLimitIsForwarded() {
        given().auth().oauth2(TOKEN).contentType("application/json")
                .body(new ByteArrayInputStream(new byte[1000]))
                .when().post("/api/v1/applications")
                .then().statusCode(200)
                .body("bodyLength", equalTo(1000));
    }
}
