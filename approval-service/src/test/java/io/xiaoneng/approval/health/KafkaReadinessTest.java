package io.xiaoneng.approval.health;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.xiaoneng.devstack.KafkaBroker;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.RealInfrastructure;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A readiness probe must get an answer while the broker is down — "not ready" within seconds, not a hang longer
 * than the probe's own timeout — and the service must become ready again by itself once the broker is back.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class KafkaReadinessTest {

    @Test
    void readinessSaysDownWithinSecondsWhileKafkaIsStoppedAndRecoversWithoutRestart() throws Exception {
        given().when().get("/q/health/ready").then().statusCode(200);

        KafkaBroker kafka = RealInfrastructure.get().kafka();
        kafka.stop();
        try {
            long start = System.nanoTime();
            Response ready = given().when().get("/q/health/ready");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.jsonPath().getString("checks.find { it.name == 'Kafka connection health check' }.status"))
                    .isEqualTo("DOWN");
            // The check's own deadline is 3 s; a probe typically gives up after 10 s.
            assertThat(millis).as("readiness answered in %d ms", millis).isLessThan(8_000);
            // Liveness is not Kafka's business: the process is fine, restarting it would not bring the broker back.
            given().when().get("/q/health/live").then().statusCode(200);
        } finally {
            kafka.start();
            kafka.awaitReady(Duration.ofMinutes(2));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
    }
}
