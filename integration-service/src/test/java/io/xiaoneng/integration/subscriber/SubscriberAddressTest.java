package io.xiaoneng.integration.subscriber;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * As deployed (private addresses not allowed): a subscriber URL on this host, in a private network or at the cloud
 * metadata address is refused (the worker would otherwise probe them and report what it found: SSRF); an address on
 * the outside is registered.
 */
@QuarkusTest
@TestProfile(SubscriberAddressTest.AsDeployed.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration"))
class SubscriberAddressTest {

    public static class AsDeployed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xiaoneng.integration.subscribers.allow-private-addresses", "false");
        }
    }

    private static io.restassured.response.ExtractableResponse<io.restassured.response.Response> register(String url) {
        return given().auth().oauth2(SubscriberResourceTest.admin()).contentType(ContentType.JSON)
                .body(SubscriberResourceTest.body(url, List.of("xiaoneng.complaint.*")))
                .when().post(SubscriberResourceTest.SUBSCRIBERS).then().extract();
    }

    @Test
    void internalAddressesAreRefusedOutsideOnesRegistered() {
        for (String url : List.of("http://127.0.0.1:8081/api/v1/applications", "http://localhost:8084/hook",
                "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/hook", "http://192.168.1.10/hook",
                "http://172.20.0.5:8082/hook", "http://[::1]:8080/hook", "http://100.64.0.1/hook", "http://0.0.0.0/hook")) {
            var r = register(url);
            assertThat(r.statusCode()).as(url).isEqualTo(422);
            JsonPath p = r.jsonPath();
            assertThat(p.getList("errors.field")).as(url).containsExactly("url");
        }
        var outside = register("https://93.184.216.34/xiaoneng/hook");
        assertThat(outside.statusCode()).as(outside.asString()).isEqualTo(201);
        given().auth().oauth2(SubscriberResourceTest.admin())
                .post(SubscriberResourceTest.SUBSCRIBERS + "/" + outside.path("subscriber.id") + "/deactivation").then().statusCode(200);
    }
}
