package io.xiaoneng.approval.application;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import static io.xiaoneng.approval.application.Fixtures.*;
import static io.xiaoneng.approval.application.ProblemChecks.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PII key rotation: values stored under key v1, the service restarted with v2 as the current key, the re-encryption
 * job run by an admin — afterwards every stored value is under v2, the API shows the same personal data, and a
 * cipher that no longer has v1 reads everything.
 */
@QuarkusTest
@TestProfile(PiiKeyRotationTest.CurrentKeyV2.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class PiiKeyRotationTest {

    /** The configuration after the rotation: v1 (the development key) and v2 (the test key) known, v2 current. */
    public static class CurrentKeyV2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xiaoneng.approval.pii.current-key", "v2");
        }
    }

    static final String KEY_V1 = "ZGV2LW9ubHkta2V5LXhpYW9uZW5nLWFwcHJvdmFsISE=";
    static final String KEY_V2 = "dGVzdC1vbmx5LWtleS12Mi14aWFvbmVuZy1hcHByb3Y=";
    static final String RE_ENCRYPT = "/api/v1/admin/pii/re-encrypt";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestClock clock;

    @BeforeEach
    void setUp() {
        clock.set("2026-03-02");
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void valuesUnderTheOldKeyAreRewrittenWithTheCurrentOneAndStillRead() throws SQLException {
        String dept = department();
        String item = item(dept, 10, false);
        String id = personId();
        Case c = file(applicant("applicant-rotation"), body(item, person(id)));
        // As if filed before the rotation: both values encrypted with the old key v1.
        PiiCipher onlyV1 = new PiiCipher("v1", KEY_V1);
        execute("update application set applicant_id_cipher = ?, applicant_phone_cipher = ? where id = ?",
                onlyV1.encrypt(id), onlyV1.encrypt("13812345678"), UUID.fromString(c.id));
        assertThat(ciphers(c.id)).allSatisfy(v -> assertThat(v).startsWith("v1:"));
        assertThat(c.get(applicant("applicant-rotation")).jsonPath().getString("applicant.idNumber"))
                .as("read by the stored prefix before the job ran").isEqualTo(id);

        problem(given().auth().oauth2(clerk(dept)).when().post(RE_ENCRYPT).then().extract(), 403, "forbidden");
        given().when().post(RE_ENCRYPT).then().statusCode(401);

        JsonPath report = given().auth().oauth2(admin()).when().post(RE_ENCRYPT).then().statusCode(200).extract().jsonPath();
        assertThat(report.getString("currentKey")).isEqualTo("v2");
        assertThat(report.getLong("rewritten")).isGreaterThanOrEqualTo(2);
        assertThat(report.getLong("unreadable")).isZero();
        assertThat(report.getLong("remaining")).isZero();
        assertThat(report.getMap("remainingByKey")).isEmpty();

        assertThat(ciphers(c.id)).hasSize(2).allSatisfy(v -> assertThat(v).startsWith("v2:"));
        List<String> all = allCiphers();
        assertThat(all).isNotEmpty().allSatisfy(v -> assertThat(v).startsWith("v2:"));

        JsonPath own = c.get(applicant("applicant-rotation")).jsonPath();
        assertThat(own.getString("applicant.idNumber")).isEqualTo(id);
        assertThat(own.getString("applicant.phone")).isEqualTo("13812345678");
        assertThat(c.get(clerk(dept)).jsonPath().getString("applicant.idNumber")).isEqualTo(id);
        JsonPath masked = c.get(supervisor()).jsonPath();
        assertThat(masked.getString("applicant.phone")).isEqualTo("138****5678");
        assertThat(masked.getBoolean("applicant.masked")).isTrue();

        // v1 removed from the configuration: everything stored still reads.
        PiiCipher onlyV2 = new PiiCipher(Map.of("v2", "keys.v2"), Map.of("v2", KEY_V2), "v2", "current-key");
        assertThat(onlyV2.decrypt(ciphers(c.id).get(0))).isEqualTo(id);
        for (String value : all) {
            assertThat(onlyV2.decrypt(value)).isNotNull();
        }

        JsonPath again = given().auth().oauth2(admin()).when().post(RE_ENCRYPT).then().statusCode(200).extract().jsonPath();
        assertThat(again.getLong("rewritten")).as("a second run finds nothing to do").isZero();
        assertThat(again.getLong("remaining")).isZero();

        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement("""
                select actor, action, after_state ->> 'currentKey' from audit_record
                where aggregate_type = 'pii-key' order by id desc limit 2""");
             ResultSet rs = ps.executeQuery()) {
            for (int i = 0; i < 2; i++) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("admin");
                assertThat(rs.getString(2)).isEqualTo("re-encrypted");
                assertThat(rs.getString(3)).isEqualTo("v2");
            }
        }
    }

    @Test
    void aValueUnderAnUnknownKeyIsCountedAndLeftAloneWhileTheOthersAreRewritten() throws SQLException {
        String dept = department();
        String item = item(dept, 10, false);
        Case broken = file(applicant("applicant-rotation-2"), body(item, person(personId())));
        Case fine = file(applicant("applicant-rotation-3"), body(item, person(personId())));
        execute("update application set applicant_phone_cipher = ? where id = ?",
                "v9:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", UUID.fromString(broken.id));
        execute("update application set applicant_phone_cipher = ? where id = ?",
                new PiiCipher("v1", KEY_V1).encrypt("13900000000"), UUID.fromString(fine.id));

        JsonPath report = given().auth().oauth2(admin()).when().post(RE_ENCRYPT).then().statusCode(200).extract().jsonPath();
        assertThat(report.getLong("unreadable")).isEqualTo(1);
        assertThat(report.getLong("remaining")).isEqualTo(1);
        assertThat(report.getMap("remainingByKey")).containsEntry("v9", 1);
        assertThat(ciphers(fine.id)).allSatisfy(v -> assertThat(v).startsWith("v2:"));
        // the broken value is left as it was, its other column rewritten is not: the row is skipped whole
        assertThat(ciphers(broken.id)).contains("v9:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        execute("update application set applicant_phone_cipher = null where id = ?", UUID.fromString(broken.id));
        assertThat(given().auth().oauth2(admin()).when().post(RE_ENCRYPT).then().statusCode(200).extract()
                .jsonPath().getLong("remaining")).isZero();
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private List<String> ciphers(String applicationId) throws SQLException {
        return query("select applicant_id_cipher, applicant_phone_cipher from application where id = '" + UUID.fromString(applicationId) + "'");
    }

    private List<String> allCiphers() throws SQLException {
        return query("select applicant_id_cipher, applicant_phone_cipher from application");
    }

    private List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (int i = 1; i <= 2; i++) {
                    if (rs.getString(i) != null) {
                        values.add(rs.getString(i));
                    }
                }
            }
        }
        return values;
    }
}
