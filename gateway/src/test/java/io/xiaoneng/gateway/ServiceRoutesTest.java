package io.xiaoneng.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.httpproxy.HttpProxy;
import jakarta.inject.Inject;
import io.xiaoneng.devstack.test.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/**
 * The gateway in front of real HTTP servers standing in for the services: they echo what they received, so the
 * test sees exactly what the gateway forwarded.
 */
@QuarkusTest
@QuarkusTestResource(Upstreams.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ServiceRoutesTest {

    static final String TOKEN = TestTokens.token("clerk-market", "market", "clerk");

    @Inject
    Vertx vertx;

    @Inject
    ServiceRoutes routes;

    @Test
    void proxiesOverNettysNativeEpollTransportOnLinux() {
        // the dependency for linux-x86_64 and linux-aarch_64 is in the build; elsewhere NIO is the documented fallback
        boolean linux = System.getProperty("os.name").equalsIgnoreCase("linux")
                && List.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch"));
        assertThat(vertx.isNativeTransportEnabled()).as("native transport on %s", System.getProperty("os.arch"))
                .isEqualTo(linux);
        given().when().get("/api/v1/catalog/items").then().statusCode(200).body("service", equalTo("approval"));
    }

    @Test
    void eachEventLoopProxiesThroughItsOwnClient() throws Exception {
        // A call must not hop to another loop's connection and back: every loop has its own proxy and client.
        ServiceRoutes.Upstream approval = routes.upstreams().get("approval");
        VertxInternal internal = (VertxInternal) vertx;
        ContextInternal first = internal.createEventLoopContext();
        ContextInternal other = internal.createEventLoopContext();
        while (other.nettyEventLoop() == first.nettyEventLoop()) {
            other = internal.createEventLoopContext();
        }
        ContextInternal sameLoop = internal.createEventLoopContext(first.nettyEventLoop(), null, null);

        HttpProxy onFirst = proxyOn(first, approval);
        assertThat(proxyOn(sameLoop, approval)).as("another context on the same loop").isSameAs(onFirst);
        assertThat(proxyOn(first, approval)).as("the same loop again").isSameAs(onFirst);
        assertThat(proxyOn(other, approval)).as("another loop").isNotSameAs(onFirst);
        // and the route still answers whichever loop takes the call
        for (int i = 0; i < 8; i++) {
            given().when().get("/api/v1/catalog/items").then().statusCode(200).body("service", equalTo("approval"));
        }
    }

    private static HttpProxy proxyOn(ContextInternal context, ServiceRoutes.Upstream upstream) throws Exception {
        CompletableFuture<HttpProxy> proxy = new CompletableFuture<>();
        context.runOnContext(v -> proxy.complete(upstream.proxy()));
        return proxy.get(5, TimeUnit.SECONDS);
    }

    @Test
    void forwardsPathQueryAuthorizationAndRequestId() {
        given().auth().oauth2(TOKEN)
                .header(RequestIds.HEADER, "client-request-0001")
                .when().get("/api/v1/departments/market?x=1")
                .then().statusCode(200)
                .header(RequestIds.HEADER, "client-request-0001")
                .body("service", equalTo("approval"))
                .body("uri", equalTo("/api/v1/departments/market?x=1"))
                .body("authorization", equalTo("Bearer " + TOKEN))
                .body("requestId", equalTo("client-request-0001"));
    }

    @Test
    void theServiceLearnsTheCallersAddressAndNoAddressTheCallerMadeUp() {
        // the services limit anonymous look-ups per caller address: through the gateway they must see the caller's,
        // and a caller must not be able to pick one
        given().header("X-Forwarded-For", "203.0.113.7").header("Forwarded", "for=203.0.113.8")
                .header("X-Real-IP", "203.0.113.9").header("X-Forwarded-Host", "evil.example")
                .when().get("/api/v1/catalog/items")
                .then().statusCode(200)
                .body("service", equalTo("approval"))
                .body("forwardedFor", equalTo("127.0.0.1"))
                .body("forwardedProto", equalTo("http"))
                .body("forwarded", nullValue())
                .body("realIp", nullValue())
                .body("forwardedHost", not(equalTo("evil.example")));
    }

    @Test
    void createsARequestIdWhenTheClientSentNoneOrAnUnsafeOne() {
        given().auth().oauth2(TOKEN).when().get("/api/v1/monitoring-points")
                .then().statusCode(200)
                .header(RequestIds.HEADER, matchesPattern("[0-9a-f-]{36}"))
                .body("service", equalTo("complaint"))
                .body("requestId", matchesPattern("[0-9a-f-]{36}"));

        given().auth().oauth2(TOKEN).header(RequestIds.HEADER, "evil\u0001id")
                .when().get("/api/v1/rating-levels")
                .then().statusCode(200)
                .header(RequestIds.HEADER, matchesPattern("[0-9a-f-]{36}"))
                .body("service", equalTo("evaluation"));
    }

    @Test
    void theSameRequestIdReachesTheServiceAndTheCaller() {
        var response = given().auth().oauth2(TOKEN).when().get("/api/v1/ratings").then().statusCode(200).extract();
        assertThat(response.header(RequestIds.HEADER)).isEqualTo(response.path("requestId"));
    }

    @Test
    void keepsTheCallersTraceAndStartsOneWhenMissing() {
        String callers = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var kept = given().auth().oauth2(TOKEN).header("traceparent", callers)
                .when().get("/api/v1/departments").then().statusCode(200)
                .body("traceparent", startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
                .body("traceparent", matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-01"))
                .extract();
        // the gateway is a hop: same trace, a new parent id, echoed to the caller as sent to the service
        assertThat((String) kept.path("traceparent")).isNotEqualTo(callers);
        assertThat(kept.header("traceparent")).isEqualTo(kept.path("traceparent"));

        var created = given().auth().oauth2(TOKEN).when().get("/api/v1/departments").then().statusCode(200)
                .body("traceparent", matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-01")).extract();
        assertThat(created.header("traceparent")).isEqualTo(created.path("traceparent"));

        given().auth().oauth2(TOKEN).header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
                .when().get("/api/v1/departments").then().statusCode(200)
                .body("traceparent", matchesPattern("00-(?!0{32})[0-9a-f]{32}-[0-9a-f]{16}-01"));
    }

    @Test
    void organisationAndAppointmentPathsGoToTheApprovalService() {
        for (String path : new String[] {"/api/v1/windows/market-window", "/api/v1/posts?window=market-window",
                "/api/v1/appointments/mine", "/api/v1/appointment-slots?window=market-window"}) {
            given().auth().oauth2(TOKEN).when().get(path)
                    .then().statusCode(200)
                    .body("service", equalTo("approval"))
                    .body("uri", equalTo(path));
        }
    }

    @Test
    void postBodiesAreStreamedToTheService() {
        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"a\":\"" + "x".repeat(5000) + "\"}")
                .when().post("/api/v1/applications")
                .then().statusCode(200)
                .body("method", equalTo("POST"))
                .body("bodyLength", equalTo(5008));
    }

    @Test
    void unknownPrefixIsANotFoundProblem() {
        given().auth().oauth2(TOKEN).when().get("/api/v1/unknown")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not-found"))
                .header(RequestIds.HEADER, matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void everyRequestIsInTheAccessLog() {
        try (AccessLogLines access = new AccessLogLines()) {
            given().auth().oauth2(TOKEN).header(RequestIds.HEADER, "access-log-test-1")
                    .when().get("/api/v1/departments/market").then().statusCode(200);
            await().untilAsserted(() -> assertThat(access.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("access-log-test-1 GET /api/v1/departments/market 200 ")
                    .contains("client=user:clerk-market", "ip=127.0.0.1", "ms")));
        }
    }

    @Test
    void httpMetricsNameACallByItsRouteNotByItsPathSoTheyDoNotGrowWithEveryCase() {
        String first = "ITEM-" + UUID.randomUUID();
        String second = "ITEM-" + UUID.randomUUID();
        given().when().get("/api/v1/catalog/items/" + first).then().statusCode(200);
        given().when().get("/api/v1/catalog/items/" + second).then().statusCode(200);
        String application = UUID.randomUUID().toString();
        given().when().get("/api/v1/applications/" + application).then().statusCode(401); // answered by the gateway

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain(first, second, application);
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\"[^}]*uri=\"/api/v1/catalog/\\*\\*\"");
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"401\"[^}]*uri=\"/api/v1/applications/\\*\\*\"");
    }
}
