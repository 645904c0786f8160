package io.xiaoneng.complaint.complaint;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.complaint.app.RedactionJob;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * Protection from retaliation: the department complained about (and the handling department) never learn who
 * complained — not in the case, lists, history, alerts, statistics or events; the identity is encrypted at rest,
 * masked for the efficiency office, in clear only for the complaint center, and erased after the retention period.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class PrivacyTest {

    static final String NAME = "欧阳明月";
    static final String PHONE = "13598765432";

    @Inject
    TestClock clock;

    @Inject
    EntityManager em;

    @Inject
    RedactionJob redaction;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void theComplainedAboutDepartmentNeverSeesTheComplainant() {
        String dept = department();
        Case c = register(intake(), hotline(dept, NAME, PHONE));
        c.ok(intake(), "accept", null);
        c.ok(intake(), "dispatch", Map.of("department", dept));
        c.ok(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "已整改"));
        c.ok(official(dept), "reply", Map.of("text", "已整改"));

        for (String t : List.of(official(dept), head(dept), token("both-" + dept, dept, "dept-head", "supervisor"),
                token("eval-" + dept, dept, "evaluator"))) {
            String one = given().auth().oauth2(t).when().get(COMPLAINTS + "/" + c.id).then().statusCode(200)
                    .body("complainant", nullValue()).extract().asString();
            String list = given().auth().oauth2(t).when().get(COMPLAINTS).then().statusCode(200).extract().asString();
            String history = given().auth().oauth2(t).when().get(COMPLAINTS + "/" + c.id + "/history").then().statusCode(200).extract().asString();
            String alerts = given().auth().oauth2(t).when().get("/api/v1/complaint-alerts").then().extract().asString();
            String funnel = given().auth().oauth2(t).when().get("/api/v1/complaint-statistics/funnel?by=DEPARTMENT").then().extract().asString();
            for (String body : List.of(one, list, history, alerts, funnel)) {
                assertThat(body).doesNotContain(NAME).doesNotContain(PHONE).doesNotContain("幸福路")
                        .doesNotContain("138****").doesNotContain("135****5432").doesNotContain("欧*");
            }
        }
        String publicSummary = given().when().get("/api/v1/complaint-statistics/public").then().statusCode(200).extract().asString();
        assertThat(publicSummary).doesNotContain(NAME).doesNotContain(PHONE);
    }

    @Test
    void theMonitoringPointAndTheApplicationDoNotGiveTheComplainantAway() {
        String dept = department();
        String point = "mp-priv-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin()).contentType("application/json")
                .body(Map.of("code", point, "name", "监测点", "enterpriseName", "县隐私测试有限公司"))
                .when().post("/api/v1/monitoring-points").then().statusCode(201);
        String application = UUID.randomUUID().toString();
        Map<String, Object> body = hotline(dept, NAME, PHONE);
        body.put("channel", "MONITORING_POINT");
        body.put("monitoringPoint", point);
        body.put("applicationId", application);
        Case c = register(intake(), body);
        // anonymous too: the point or the application alone names the enterprise that complained
        Map<String, Object> anonymousBody = new java.util.HashMap<>(body);
        anonymousBody.put("anonymous", true);
        anonymousBody.remove("complainant");
        Case anon = register(intake(), anonymousBody);
        for (Case k : List.of(c, anon)) {
            k.ok(intake(), "accept", null);
            k.ok(intake(), "dispatch", Map.of("department", dept));
        }

        for (String t : List.of(official(dept), head(dept), token("both-" + dept, dept, "dept-head", "supervisor"))) {
            for (Case k : List.of(c, anon)) {
                String one = given().auth().oauth2(t).when().get(COMPLAINTS + "/" + k.id).then().statusCode(200)
                        .body("complainant", nullValue())
                        .body("monitoringPoint", nullValue())
                        .body("applicationId", nullValue())
                        .extract().asString();
                assertThat(one).doesNotContain(point).doesNotContain(application);
            }
            String list = given().auth().oauth2(t).when().get(COMPLAINTS + "?size=100").then().statusCode(200).extract().asString();
            assertThat(list).doesNotContain(point).doesNotContain(application);
        }
        // nor in a command's answer
        String answer = c.ok(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "已整改")).asString();
        assertThat(answer).doesNotContain(point).doesNotContain(application);
        // the complaint center and the efficiency office still see where it came from
        for (String t : List.of(intake(), supervisor())) {
            given().auth().oauth2(t).when().get(COMPLAINTS + "/" + c.id).then().statusCode(200)
                    .body("monitoringPoint", equalTo(point))
                    .body("applicationId", equalTo(application));
        }
    }

    @Test
    void supervisorsSeeItMaskedTheComplaintCenterInClear() {
        String dept = department();
        Case c = register(intake(), hotline(dept, NAME, PHONE));
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + c.id).then().statusCode(200)
                .body("complainant.masked", equalTo(true))
                .body("complainant.name", equalTo("欧***"))
                .body("complainant.phone", equalTo("135****5432"))
                .body("complainant.contact", equalTo("县城***8号"));
        given().auth().oauth2(admin()).when().get(COMPLAINTS + "/" + c.id).then().statusCode(200)
                .body("complainant.name", equalTo("欧***"));
        given().auth().oauth2(intake()).when().get(COMPLAINTS + "/" + c.id).then().statusCode(200)
                .body("complainant.name", equalTo(NAME))
                .body("complainant.phone", equalTo(PHONE))
                .body("complainant.masked", equalTo(false));
        // the tracking page shows nobody
        given().when().get("/api/v1/complaint-tracking/" + c.trackingCode).then().statusCode(200)
                .body(not(containsString(NAME))).body(not(containsString("欧")));
        // an anonymous complaint stays anonymous for everyone
        Case anon = register(null, web(dept));
        given().auth().oauth2(intake()).when().get(COMPLAINTS + "/" + anon.id).then().statusCode(200)
                .body("complainant.anonymous", equalTo(true)).body("complainant.name", nullValue());
    }

    @Test
    void identityIsEncryptedAtRestAndTheCodeOnlyHashed() {
        String dept = department();
        Case c = register(intake(), hotline(dept, NAME, PHONE));
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select complainant_name, complainant_phone, complainant_contact, tracking_hash from complaint where id = ?1")
                .setParameter(1, UUID.fromString(c.id)).getSingleResult());
        for (int i = 0; i < 3; i++) {
            assertThat((String) row[i]).startsWith("v1:").doesNotContain(NAME).doesNotContain(PHONE).doesNotContain("幸福路");
        }
        assertThat((String) row[3]).hasSize(64).doesNotContain(c.trackingCode);
        String everything = QuarkusTransaction.requiringNew().call(() -> String.valueOf(em.createNativeQuery(
                "select string_agg(cast(before_state as text) || cast(after_state as text), ' ') from audit_record where aggregate_id = ?1")
                .setParameter(1, c.id).getSingleResult()));
        assertThat(everything).doesNotContain(NAME).doesNotContain(PHONE);
    }

    @Test
    void theLongestIdentityTheApiAcceptsIsStoredAndReadBack() {
        String dept = department();
        // 3 UTF-8 bytes a character: the encrypted contact is 1,243 characters, the name 443
        String contact = "县城关镇和平街十号院".repeat(30);
        String name = "欧阳".repeat(50);
        assertThat(contact).hasSize(300);
        Map<String, Object> body = hotline(dept, name, PHONE);
        body.put("complainant", Map.of("name", name, "phone", PHONE, "contact", contact));
        Case c = register(intake(), body);
        given().auth().oauth2(intake()).when().get(COMPLAINTS + "/" + c.id).then().statusCode(200)
                .body("complainant.contact", equalTo(contact))
                .body("complainant.name", equalTo(name))
                .body("complainant.phone", equalTo(PHONE));
        // the same through the platforms' channel (their forwarding endpoint, under their own reference)
        Map<String, Object> forwarded = new java.util.HashMap<>(body);
        forwarded.put("channel", "PROVINCE");
        forwarded.put("externalReference", "SX-" + UUID.randomUUID());
        String id = given().auth().oauth2(platform()).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(forwarded).when().post(COMPLAINTS + "/external").then().statusCode(201).extract().path("complaint.id");
        given().auth().oauth2(intake()).when().get(COMPLAINTS + "/" + id).then().statusCode(200)
                .body("complainant.contact", equalTo(contact));
    }

    @Test
    void identityIsErasedAfterTheRetentionPeriod() {
        clock.set("2026-01-05");
        String dept = department();
        Case c = register(intake(), hotline(dept, NAME, PHONE));
        Case dup = register(intake(), hotline(dept, "上官飞燕", "13512340000"));
        dup.ok(intake(), "merge", Map.of("into", c.id));
        c.get(intake());
        c.ok(intake(), "refer", Map.of("referredTo", "市信访局"));
        c.ok(intake(), "reply", Map.of("text", "已转市信访局。"));
        c.ok(intake(), "close", null);
        Case open = register(intake(), hotline(dept, "诸葛青云", "13512341111"));

        clock.set("2027-12-30"); // 730 days later: not yet
        redaction.runOnce();
        given().auth().oauth2(intake()).when().get(COMPLAINTS + "/" + c.id).then().body("complainant.name", equalTo(NAME));
        clock.set("2028-01-06");
        assertThat(redaction.runOnce()).isGreaterThanOrEqualTo(2);
        for (String id : List.of(c.id, dup.id)) {
            given().auth().oauth2(intake()).when().get(COMPLAINTS + "/" + id).then().statusCode(200)
                    .body("complainant.redacted", equalTo(true)).body("complainant.name", nullValue()).body("complainant.phone", nullValue());
            Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "select complainant_name, complainant_phone, complainant_contact from complaint where id = ?1")
                    .setParameter(1, UUID.fromString(id)).getSingleResult());
            assertThat(row).containsOnlyNulls();
        }
        given().auth().oauth2(intake()).when().get(COMPLAINTS + "/" + open.id).then().body("complainant.name", equalTo("诸葛青云"));
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + c.id + "/history").then().statusCode(200)
                .body("action", hasItem("redact"));
        assertThat(redaction.runOnce()).as("idempotent").isZero();
    }
}
