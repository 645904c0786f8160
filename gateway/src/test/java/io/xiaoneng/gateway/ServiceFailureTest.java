package io.xiaoneng.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

/**
 * A service that is down, answers 503 or is too slow: its callers get a 503 problem with Retry-After, the other
 * services are unaffected, and the breaker (test config: opens after 3 failures, half-open after 2 s, timeout 1 s)
 * stops sending it calls until a trial call succeeds.
 */
@QuarkusTest
@QuarkusTestResource(Upstreams.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ServiceFailureTest {

    static final String TOKEN = TestTokens.token("supervisor-1", null, "supervisor");

    @BeforeEach
    void countFromZero() {
        for (String name : new String[] {"approval", "complaint", "evaluation"}) {
            Upstreams.service(name).reset();
        }
    }

    @AfterEach
    void everyServiceBackToNormal() {
        for (String name : new String[] {"approval", "complaint", "evaluation"}) {
            Upstreams.service(name).reset();
        }
        // let any breaker a test opened half-open and close on the next good call
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String path : new String[] {"/api/v1/departments", "/api/v1/monitoring-points", "/api/v1/ratings"}) {
                given().auth().oauth2(TOKEN).when().get(path).then().statusCode(200);
            }
        });
    }

    @Test
    void aStoppedServiceIs503WithRetryAfterAndTheOthersAreUnaffected() {
        Upstreams.service("complaint").stop();

        given().auth().oauth2(TOKEN).header("Accept-Language", "en").when().get("/api/v1/monitoring-points")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("https://xiaoneng.example/problems/unavailable"))
                .body("status", equalTo(503))
                .body("code", equalTo("unavailable"))
                .body("detail", equalTo("The complaint service is temporarily unavailable; retry after 1 seconds."))
                .body("instance", equalTo("/api/v1/monitoring-points"));

        given().auth().oauth2(TOKEN).when().get("/api/v1/departments").then().statusCode(200).body("service", equalTo("approval"));
        given().auth().oauth2(TOKEN).when().get("/api/v1/ratings").then().statusCode(200).body("service", equalTo("evaluation"));

        // started again: served again once the breaker lets a trial through
        Upstreams.service("complaint").start();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(TOKEN).when().get("/api/v1/monitoring-points").then().statusCode(200)
                        .body("service", equalTo("complaint")));
    }

    @Test
    void afterThreeFailuresTheBreakerOpensAndTheServiceIsNotCalledUntilTheDelayHasPassed() {
        Upstreams.Upstream evaluation = Upstreams.service("evaluation");
        evaluation.mode = Upstreams.Mode.UNAVAILABLE;

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(TOKEN).when().get("/api/v1/ratings").then().statusCode(503);
        }
        assertThat(evaluation.received()).isEqualTo(3);

        // open: answered by the gateway at once, with the time left until the trial
        long start = System.nanoTime();
        given().auth().oauth2(TOKEN).when().get("/api/v1/ratings")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "2")
                .body("code", equalTo("unavailable"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(evaluation.received()).as("calls reaching the service while the breaker is open").isEqualTo(3);
        given().auth().oauth2(TOKEN).when().get("/api/v1/rating-levels").then().statusCode(503);
        assertThat(evaluation.received()).isEqualTo(3);
        given().auth().oauth2(TOKEN).when().get("/api/v1/departments").then().statusCode(200);

        // half-open after 2 s: one trial; the service is healthy again, so the breaker closes
        evaluation.mode = Upstreams.Mode.NORMAL;
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(TOKEN).when().get("/api/v1/ratings").then().statusCode(200));
        assertThat(evaluation.received()).isEqualTo(4);
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(TOKEN).when().get("/api/v1/ratings").then().statusCode(200);
        }
    }

    @Test
    void aFailedTrialOpensTheBreakerAgain() {
        Upstreams.Upstream evaluation = Upstreams.service("evaluation");
        evaluation.mode = Upstreams.Mode.UNAVAILABLE;
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(TOKEN).when().get("/api/v1/ratings").then().statusCode(503);
        }
        await().pollDelay(Duration.ofMillis(2100)).atMost(Duration.ofSeconds(3)).until(() -> true);

        given().auth().oauth2(TOKEN).when().get("/api/v1/ratings").then().statusCode(503); // the trial
        assertThat(evaluation.received()).isEqualTo(4);
        given().auth().oauth2(TOKEN).when().get("/api/v1/ratings").then().statusCode(503).header("Retry-After", "2");
        assertThat(evaluation.received()).as("open again after the failed trial").isEqualTo(4);
    }

    @Test
    void callersThatHangUpDoNotOpenTheBreaker() throws Exception {
        Upstreams.Upstream approval = Upstreams.service("approval");
        approval.mode = Upstreams.Mode.SLOW;
        approval.slowMillis = 700; // below the 1 s timeout: only the callers' hanging up can end these calls
        try (AccessLogLines access = new AccessLogLines()) {
            for (int i = 1; i <= 4; i++) { // more than the threshold (3)
                try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
                    socket.getOutputStream().write(("GET /api/v1/catalog/items HTTP/1.1\r\nHost: gateway\r\n"
                            + "X-Request-Id: hung-up-" + i + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    int reached = i;
                    await("call " + i + " reaches the service (the breaker is closed)").atMost(Duration.ofSeconds(3))
                            .until(() -> approval.received() == reached);
                } // closed while the service is still working on it: the gateway resets the call to the service
            }
            // logged as the callers' doing (499), not as a failure of the service (5xx)
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                for (int i = 1; i <= 4; i++) {
                    String id = "hung-up-" + i;
                    assertThat(access.lines()).anySatisfy(line -> assertThat(line)
                            .startsWith(id + " GET /api/v1/catalog/items 499 "));
                }
            });
        }
        approval.mode = Upstreams.Mode.NORMAL;
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);

        given().when().get("/api/v1/catalog/items").then().statusCode(200).body("service", equalTo("approval"));
        assertThat(approval.received()).as("the breaker stayed closed: the call reached the service").isEqualTo(5);
    }

    @Test
    void aServiceSlowerThanItsTimeoutIs503AfterTheTimeout() {
        Upstreams.Upstream approval = Upstreams.service("approval");
        approval.mode = Upstreams.Mode.SLOW;
        approval.slowMillis = 8_000;
        given().auth().oauth2(TOKEN).when().get("/api/v1/monitoring-points").then().statusCode(200); // warm

        long start = System.nanoTime();
        given().auth().oauth2(TOKEN).when().get("/api/v1/catalog/items")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .body("code", equalTo("unavailable"))
                .time(lessThan(6_000L)); // well before the service would have answered
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

        given().auth().oauth2(TOKEN).when().get("/api/v1/monitoring-points").then().statusCode(200);
    }
}
