package io.xiaoneng.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * The gateway in front of a real HTTP server standing in for a service: it echoes what it received, so the test
 * sees exactly what the gateway forwarded.
 */
@QuarkusTest
@QuarkusTestResource(ServiceRoutesTest.EchoService.class)
class ServiceRoutesTest {

    @Test
    void forwardsPathQueryAuthorizationAndRequestId() {
        given().header("Authorization", "Bearer abc.def.ghi")
                .header(RequestIds.HEADER, "client-request-0001")
                .when().get("/api/v1/departments/market?x=1")
                .then().statusCode(200)
                .header(RequestIds.HEADER, "client-request-0001")
                .body("service", equalTo("approval"))
                .body("uri", equalTo("/api/v1/departments/market?x=1"))
                .body("authorization", equalTo("Bearer abc.def.ghi"))
                .body("requestId", equalTo("client-request-0001"));
    }

    @Test
    void createsARequestIdWhenTheClientSentNoneOrAnUnsafeOne() {
        given().when().get("/api/v1/monitoring-points")
                .then().statusCode(200)
                .header(RequestIds.HEADER, matchesPattern("[0-9a-f-]{36}"))
                .body("service", equalTo("complaint"))
                .body("requestId", matchesPattern("[0-9a-f-]{36}"));

        given().header(RequestIds.HEADER, "evil\u0001id")
                .when().get("/api/v1/rating-levels")
                .then().statusCode(200)
                .header(RequestIds.HEADER, matchesPattern("[0-9a-f-]{36}"))
                .body("service", equalTo("evaluation"));
    }

    @Test
    void organisationAndAppointmentPathsGoToTheApprovalService() {
        for (String path : new String[] {"/api/v1/windows/market-window", "/api/v1/posts?window=market-window",
                "/api/v1/appointments/mine", "/api/v1/appointment-slots?window=market-window"}) {
            given().when().get(path)
                    .then().statusCode(200)
                    .body("service", equalTo("approval"))
                    .body("uri", equalTo(path));
        }
    }

    @Test
    void unknownPrefixIsNotForwarded() {
        given().when().get("/api/v1/unknown").then().statusCode(404);
    }

    /** Three echo servers on free ports, wired into the gateway's route configuration. */
    public static class EchoService implements QuarkusTestResourceLifecycleManager {
        private Vertx vertx;

        @Override
        public Map<String, String> start() {
            vertx = Vertx.vertx();
            return Map.of(
                    "xiaoneng.gateway.routes.approval.url", "http://127.0.0.1:" + echo("approval"),
                    "xiaoneng.gateway.routes.complaint.url", "http://127.0.0.1:" + echo("complaint"),
                    "xiaoneng.gateway.routes.evaluation.url", "http://127.0.0.1:" + echo("evaluation"));
        }

        private int echo(String service) {
            try {
                HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response()
                        .putHeader("Content-Type", "application/json")
                        .end(new JsonObject()
                                .put("service", service)
                                .put("uri", req.uri())
                                .put("authorization", req.getHeader("Authorization"))
                                .put("requestId", req.getHeader(RequestIds.HEADER))
                                .encode()));
                return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            vertx.close();
        }
    }
}
