package io.xiaoneng.integration.subscriber;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.identity.PiiCipher;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation of the subscribers' HMAC secrets: a secret stored under key v1, the service restarted with v2 as the
 * current key, the re-encryption job run by an admin — afterwards the secret is under v2 and is still the one the
 * subscriber was given, readable without v1.
 */
@QuarkusTest
@TestProfile(SecretKeyRotationTest.CurrentKeyV2.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration"))
class SecretKeyRotationTest {

    public static class CurrentKeyV2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xiaoneng.integration.secret.current-key", "v2");
        }
    }

    static final String KEY_V1 = "ZGV2LW9ubHkta2V5LXhpYW9uZW5nLWludGVncmF0aW8=";
    static final String KEY_V2 = "dGVzdC1vbmx5LWtleS12Mi14aWFvbmVuZy1pbnRlZ3I=";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SubscriberService subscribers;

    @Test
    void aSecretUnderTheOldKeyIsRewrittenAndStaysTheSame() throws SQLException {
        String admin = token("admin", null, "admin");
        JsonPath registered = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(SubscriberResourceTest.body("https://city.example.gov.cn/rotation", List.of("xiaoneng.complaint.*")))
                .when().post(SubscriberResourceTest.SUBSCRIBERS).then().statusCode(201).extract().jsonPath();
        UUID id = UUID.fromString(registered.getString("subscriber.id"));
        String secret = registered.getString("secret");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("update subscriber set secret = ? where id = ?")) {
            ps.setString(1, new PiiCipher("v1", KEY_V1).encrypt(secret));
            ps.setObject(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }

        given().auth().oauth2(token("province-platform", null, "integration")).when().post("/api/v1/admin/pii/re-encrypt")
                .then().statusCode(403);
        JsonPath report = given().auth().oauth2(admin).when().post("/api/v1/admin/pii/re-encrypt").then().statusCode(200)
                .extract().jsonPath();
        assertThat(report.getLong("rewritten")).isGreaterThanOrEqualTo(1);
        assertThat(report.getLong("remaining")).isZero();

        String stored = storedSecret(id);
        assertThat(stored).startsWith("v2:");
        PiiCipher onlyV2 = new PiiCipher(Map.of("v2", "keys.v2"), Map.of("v2", KEY_V2), "v2", "current-key");
        assertThat(onlyV2.decrypt(stored)).isEqualTo(secret);
        assertThat(io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> subscribers.secretOf(subscribers.get(id)))).as("what the push signs with").isEqualTo(secret);
    }

    private String storedSecret(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select secret from subscriber where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
