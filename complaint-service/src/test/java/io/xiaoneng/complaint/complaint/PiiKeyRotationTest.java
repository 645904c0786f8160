package io.xiaoneng.complaint.complaint;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.identity.PiiCipher;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * PII key rotation: a complainant's identity stored under key v1, the service restarted with v2 as the current
 * key, the re-encryption job run by an admin — afterwards every stored value is under v2, the complaint center
 * still reads the identity in clear and the supervisor masked, and a cipher without v1 reads everything.
 */
@QuarkusTest
@TestProfile(PiiKeyRotationTest.CurrentKeyV2.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class PiiKeyRotationTest {

    /** The configuration after the rotation: v1 (the development key) and v2 (the test key) known, v2 current. */
    public static class CurrentKeyV2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xiaoneng.complaint.pii.current-key", "v2");
        }
    }

    static final String KEY_V1 = "ZGV2LW9ubHkta2V5LXhpYW9uZW5nLWNvbXBsYWludCE=";
    static final String KEY_V2 = "dGVzdC1vbmx5LWtleS12Mi14aWFvbmVuZy1jb21wbGE=";
    static final String RE_ENCRYPT = "/api/v1/admin/pii/re-encrypt";
    static final String NAME = "欧阳明月";
    static final String PHONE = "13598765432";
    static final String CONTACT = "县城关镇幸福路8号";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theComplainantsIdentityIsRewrittenWithTheCurrentKeyAndStillReads() throws SQLException {
        String dept = department();
        Case c = register(intake(), hotline(dept, NAME, PHONE));
        // As if registered before the rotation: the identity encrypted with the old key v1.
        PiiCipher onlyV1 = new PiiCipher("v1", KEY_V1);
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "update complaint set complainant_name = ?, complainant_phone = ?, complainant_contact = ? where id = ?")) {
            ps.setString(1, onlyV1.encrypt(NAME));
            ps.setString(2, onlyV1.encrypt(PHONE));
            ps.setString(3, onlyV1.encrypt(CONTACT));
            ps.setObject(4, UUID.fromString(c.id));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(stored("where id = '" + UUID.fromString(c.id) + "'")).hasSize(3).allSatisfy(v -> assertThat(v).startsWith("v1:"));

        given().auth().oauth2(official(dept)).when().post(RE_ENCRYPT).then().statusCode(403);
        given().when().post(RE_ENCRYPT).then().statusCode(401);
        JsonPath report = given().auth().oauth2(admin()).when().post(RE_ENCRYPT).then().statusCode(200).extract().jsonPath();
        assertThat(report.getString("currentKey")).isEqualTo("v2");
        assertThat(report.getLong("rewritten")).isGreaterThanOrEqualTo(3);
        assertThat(report.getLong("unreadable")).isZero();
        assertThat(report.getLong("remaining")).isZero();

        List<String> mine = stored("where id = '" + UUID.fromString(c.id) + "'");
        assertThat(mine).hasSize(3).allSatisfy(v -> assertThat(v).startsWith("v2:"));
        List<String> all = stored("");
        assertThat(all).allSatisfy(v -> assertThat(v).startsWith("v2:"));

        given().auth().oauth2(intake()).when().get(COMPLAINTS + "/" + c.id).then().statusCode(200)
                .body("complainant.name", equalTo(NAME))
                .body("complainant.phone", equalTo(PHONE))
                .body("complainant.contact", equalTo(CONTACT))
                .body("complainant.masked", equalTo(false));
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + c.id).then().statusCode(200)
                .body("complainant.name", equalTo("欧***"))
                .body("complainant.phone", equalTo("135****5432"));

        // v1 removed from the configuration: everything stored still reads.
        PiiCipher onlyV2 = new PiiCipher(Map.of("v2", "keys.v2"), Map.of("v2", KEY_V2), "v2", "current-key");
        assertThat(mine.stream().map(onlyV2::decrypt)).containsExactlyInAnyOrder(NAME, PHONE, CONTACT);
        for (String value : all) {
            assertThat(onlyV2.decrypt(value)).isNotNull();
        }

        JsonPath again = given().auth().oauth2(admin()).when().post(RE_ENCRYPT).then().statusCode(200).extract().jsonPath();
        assertThat(again.getLong("rewritten")).as("a second run finds nothing to do").isZero();
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "select actor, action from audit_record where aggregate_type = 'pii-key' and aggregate_id = 'v2' order by id desc limit 1");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("admin");
            assertThat(rs.getString(2)).isEqualTo("re-encrypted");
        }
    }

    private List<String> stored(String where) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "select complainant_name, complainant_phone, complainant_contact from complaint " + where);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (int i = 1; i <= 3; i++) {
                    if (rs.getString(i) != null) {
                        values.add(rs.getString(i));
                    }
                }
            }
        }
        return values;
    }
}
