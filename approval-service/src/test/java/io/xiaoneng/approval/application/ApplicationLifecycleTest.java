package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static io.xiaoneng.approval.application.ProblemChecks.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lifecycle through the real path: HTTP, PostgreSQL, the outbox. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class ApplicationLifecycleTest {

    @Inject
    TestClock clock;

    @Inject
    DataSource dataSource;

    String dept;
    String item;

    @BeforeEach
    void setUp() {
        clock.set("2026-03-02"); // Monday; no holiday in March 2026
        dept = department();
        item = item(dept, 10, false);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void happyPathFromFilingToCompletion() throws Exception {
        String applicantId = personId();
        ExtractableResponse<Response> filed = given().auth().oauth2(applicant("applicant-a")).contentType(ContentType.JSON)
                .body(body(item, person(applicantId))).when().post(APPLICATIONS).then().extract();
        assertThat(filed.statusCode()).as(filed.asString()).isEqualTo(201);
        JsonPath f = filed.jsonPath();
        String id = f.getString("application.id");
        assertThat(filed.header("Location")).endsWith(APPLICATIONS + "/" + id);
        assertThat(filed.header("ETag")).isEqualTo("\"0\"");
        assertThat(f.getString("verificationCode")).matches("[2-9A-HJKMNP-Z]{12}");
        assertThat(f.getString("application.trackingNumber")).matches("XN20260302\\d{6,}");
        assertThat(f.getString("application.status")).isEqualTo("SUBMITTED");
        assertThat(f.getString("application.channel")).isEqualTo("ONLINE");
        assertThat(f.getString("application.item.code")).isEqualTo(item);
        assertThat(f.getInt("application.item.version")).isEqualTo(1);
        assertThat(f.getString("application.applicant.idNumber")).as("the applicant sees his own number").isEqualTo(applicantId);
        assertThat(f.getList("application.allowedCommands")).containsExactly("acceptance", "rejection", "supplement-request", "withdrawal");
        // acceptance clock: 5 working days after Mon 2 Mar → Mon 9 Mar
        assertThat(f.getString("application.clock.kind")).isEqualTo("ACCEPTANCE");
        assertThat(f.getString("application.clock.dueOn")).isEqualTo("2026-03-09");

        Case c = new Case(id, f.getString("application.trackingNumber"), f.getString("verificationCode"), filed.header("ETag"));
        JsonPath accepted = c.ok(clerk(dept), "acceptance", null).jsonPath();
        assertThat(accepted.getString("status")).isEqualTo("ACCEPTED");
        assertThat(accepted.getString("acceptance.acceptedOn")).isEqualTo("2026-03-02");
        assertThat(accepted.getBoolean("acceptance.deemed")).isFalse();
        assertThat(accepted.getString("firstInquiryOfficer")).isEqualTo("clerk-" + dept);
        // decision clock: committed 10 working days after Mon 2 Mar → Mon 16 Mar
        assertThat(accepted.getString("clock.kind")).isEqualTo("DECISION");
        assertThat(accepted.getString("clock.dueOn")).isEqualTo("2026-03-16");
        assertThat(accepted.getString("clock.light")).isEqualTo("GREEN");
        assertThat(c.etag).isEqualTo("\"1\"");

        clock.set("2026-03-04");
        assertThat(c.ok(approver(dept), "review", null).jsonPath().getString("status")).isEqualTo("UNDER_REVIEW");
        clock.set("2026-03-12");
        JsonPath approved = c.ok(approver(dept), "approval", Map.of("note", "符合条件")).jsonPath();
        assertThat(approved.getString("status")).isEqualTo("APPROVED");
        assertThat(approved.getString("decision.outcome")).isEqualTo("APPROVED");
        assertThat(approved.getBoolean("decision.onTime")).isTrue();
        assertThat(approved.getInt("decision.workingDays")).as("3–6, 9–12 Mar").isEqualTo(8);
        // delivery clock: 10 working days after Thu 12 Mar → Thu 26 Mar
        assertThat(approved.getString("clock.kind")).isEqualTo("DELIVERY");
        assertThat(approved.getString("clock.dueOn")).isEqualTo("2026-03-26");

        clock.set("2026-03-13");
        JsonPath delivered = c.ok(clerk(dept), "certificate-delivery", Map.of("method", "WINDOW_PICKUP", "certificateNumber", "JY13501000001")).jsonPath();
        assertThat(delivered.getString("status")).isEqualTo("CERTIFICATE_DELIVERED");
        assertThat(delivered.getBoolean("delivery.onTime")).isTrue();
        JsonPath completed = c.ok(clerk(dept), "completion", null).jsonPath();
        assertThat(completed.getString("status")).isEqualTo("COMPLETED");
        assertThat(completed.getList("allowedCommands")).isEmpty();
        assertThat(completed.getString("clock")).isNull();

        List<Map<String, Object>> history = given().auth().oauth2(clerk(dept)).when().get(APPLICATIONS + "/" + id + "/history")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(history).extracting(h -> h.get("command"))
                .containsExactly("submission", "acceptance", "review", "approval", "certificate-delivery", "completion");
        assertThat(history).extracting(h -> h.get("toState"))
                .containsExactly("SUBMITTED", "ACCEPTED", "UNDER_REVIEW", "APPROVED", "CERTIFICATE_DELIVERED", "COMPLETED");
        assertThat(history.get(1)).containsEntry("actor", "clerk-" + dept).containsEntry("fromState", "SUBMITTED");
        assertThat(history.get(0).toString()).doesNotContain(applicantId);

        // The audit trail is append-only: the database itself refuses to rewrite it.
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("update application_history set actor = 'someone-else' where application_id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        // The ID number is stored encrypted, never in clear.
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("select applicant_id_cipher, applicant_id_masked from application where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("v1:").doesNotContain(applicantId);
                assertThat(rs.getString(2)).isEqualTo(applicantId.substring(0, 3) + "*".repeat(11) + applicantId.substring(14));
            }
        }
    }

    @Test
    void notAcceptedNeedsReasonAndRemedy() {
        Case c = fileOnline("applicant-a", item);
        problem(c.command(clerk(dept), "rejection", Map.of("reason", "不属于本机关职权范围")), 400, "validation-failed");
        JsonPath rejected = c.ok(clerk(dept), "rejection", Map.of("reason", "不属于本机关职权范围", "remedy", "请向县自然资源局申请")).jsonPath();
        assertThat(rejected.getString("status")).isEqualTo("NOT_ACCEPTED");
        assertThat(rejected.getString("notAccepted.remedy")).isEqualTo("请向县自然资源局申请");
        assertThat(rejected.getList("allowedCommands")).isEmpty();
        JsonPath p = problem(c.command(clerk(dept), "acceptance", null), 409, "illegal-transition");
        assertThat(p.getString("state")).isEqualTo("NOT_ACCEPTED");
        assertThat(p.getList("allowed")).as("a terminal state allows nothing (an empty list is left out)").isNullOrEmpty();
    }

    @Test
    void oneSupplementNoticeThenResubmission() {
        Case c = fileOnline("applicant-a", item);
        clock.set("2026-03-03");
        JsonPath notice = c.ok(clerk(dept), "supplement-request",
                Map.of("missingMaterials", List.of("营业执照副本", "经营场所使用证明"), "note", "请一次补齐")).jsonPath();
        assertThat(notice.getString("status")).isEqualTo("SUPPLEMENT_REQUESTED");
        assertThat(notice.getList("supplement.missingMaterials")).containsExactly("营业执照副本", "经营场所使用证明");
        assertThat(notice.getString("clock")).as("the applicant's turn: no clock").isNull();
        assertThat(notice.getList("allowedCommands")).containsExactly("resubmission", "withdrawal");

        clock.set("2026-03-20");
        JsonPath resubmitted = c.ok(applicant("applicant-a"), "resubmission", Map.of("materials", List.of("营业执照副本", "经营场所使用证明"))).jsonPath();
        assertThat(resubmitted.getString("status")).isEqualTo("RESUBMITTED");
        assertThat(resubmitted.getString("receivedOn")).isEqualTo("2026-03-20");
        // a new acceptance clock from the resubmission: Fri 20 Mar + 5 → Fri 27 Mar
        assertThat(resubmitted.getString("clock.dueOn")).isEqualTo("2026-03-27");
        assertThat(resubmitted.getList("materials")).contains("申请书", "营业执照副本");

        // 一次性告知: no second notice
        JsonPath p = problem(c.command(clerk(dept), "supplement-request", Map.of("missingMaterials", List.of("又想起一份"))), 409, "illegal-transition");
        assertThat(p.getList("allowed")).containsExactly("acceptance", "rejection", "withdrawal");
        assertThat(p.getString("state")).isEqualTo("RESUBMITTED");
        assertThat(p.getString("command")).isEqualTo("supplement-request");

        assertThat(c.ok(clerk(dept), "acceptance", null).jsonPath().getString("acceptance.acceptedOn")).isEqualTo("2026-03-20");
    }

    @Test
    void anIllegalTransitionIs409NamingTheAllowedCommands() {
        Case c = fileOnline("applicant-a", item);
        JsonPath p = problem(c.command(approver(dept), "approval", null), 409, "illegal-transition");
        assertThat(p.getString("state")).isEqualTo("SUBMITTED");
        assertThat(p.getString("command")).isEqualTo("approval");
        assertThat(p.getList("allowed")).containsExactly("acceptance", "rejection", "supplement-request", "withdrawal");
        assertThat(c.get(clerk(dept)).jsonPath().getString("status")).as("nothing changed").isEqualTo("SUBMITTED");
    }

    @Test
    void aStaleIfMatchIs412AndAMissingOneIs428() {
        Case c = fileOnline("applicant-a", item);
        String first = c.etag;
        c.ok(clerk(dept), "acceptance", null);
        problem(c.commandWith(approver(dept), "review", null, first), 412, "precondition-failed");
        problem(c.commandWith(approver(dept), "review", null, null), 428, "precondition-required");
        assertThat(c.get(clerk(dept)).jsonPath().getString("status")).isEqualTo("ACCEPTED");
        c.ok(approver(dept), "review", null);
    }

    @Test
    void theApplicantWithdrawsBeforeTheDecisionOnly() {
        Case early = fileOnline("applicant-a", item);
        early.ok(clerk(dept), "acceptance", null);
        JsonPath withdrawn = early.ok(applicant("applicant-a"), "withdrawal", Map.of("reason", "不再经营")).jsonPath();
        assertThat(withdrawn.getString("status")).isEqualTo("WITHDRAWN");
        List<Map<String, Object>> history = given().auth().oauth2(clerk(dept)).when().get(APPLICATIONS + "/" + early.id + "/history")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(history.get(history.size() - 1)).containsEntry("command", "withdrawal")
                .containsEntry("details", Map.of("reason", "不再经营"));

        Case late = fileOnline("applicant-a", item);
        late.ok(clerk(dept), "acceptance", null);
        late.ok(approver(dept), "review", null);
        late.ok(approver(dept), "denial", Map.of("reasons", "经营场所不符合卫生要求"));
        JsonPath p = problem(late.command(applicant("applicant-a"), "withdrawal", null), 409, "illegal-transition");
        assertThat(p.getList("allowed")).containsExactly("certificate-delivery");
    }

    @Test
    void aDenialStatesItsReasons() {
        Case c = fileOnline("applicant-a", item);
        c.ok(clerk(dept), "acceptance", null);
        c.ok(approver(dept), "review", null);
        problem(c.command(approver(dept), "denial", Map.of("reasons", " ")), 400, "validation-failed");
        problem(c.command(clerk(dept), "denial", Map.of("reasons", "不符合条件")), 403, "forbidden");
        JsonPath denied = c.ok(approver(dept), "denial", Map.of("reasons", "不符合条件")).jsonPath();
        assertThat(denied.getString("decision.outcome")).isEqualTo("DENIED");
        assertThat(denied.getString("decision.reasons")).isEqualTo("不符合条件");
        // the written decision is delivered like a licence, then the case is closed
        c.ok(clerk(dept), "certificate-delivery", Map.of("method", "MAIL"));
        assertThat(c.ok(clerk(dept), "completion", null).jsonPath().getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void acceptanceWithAPledgeOnlyWhereTheItemAllowsIt() {
        // Mon 2 Mar + at most 5 working days (xiaoneng.approval.pledge.limit-days): Mon 9 Mar
        Map<String, Object> pledge = Map.of("pledge", Map.of("missingMaterials", List.of("消防安全检查意见书"), "deadline", "2026-03-06"));
        Case refused = fileOnline("applicant-a", item);
        JsonPath p = problem(refused.command(clerk(dept), "acceptance", pledge), 422, "unprocessable");
        assertThat(p.getString("rule")).isEqualTo("pledge-not-allowed");

        String pledgeItem = item(dept, 10, true);
        Case c = fileOnline("applicant-a", pledgeItem);
        JsonPath accepted = c.ok(clerk(dept), "acceptance", pledge).jsonPath();
        assertThat(accepted.getList("pledge.missingMaterials")).containsExactly("消防安全检查意见书");
        assertThat(accepted.getString("pledge.deadline")).isEqualTo("2026-03-06");
        assertThat(accepted.getString("pledge.status")).isEqualTo("OPEN");
    }

    @Test
    void submissionHonoursIdempotencyKey() throws SQLException {
        String key = UUID.randomUUID().toString();
        String idNumber = personId();
        Map<String, Object> body = body(item, person(idNumber));
        ExtractableResponse<Response> first = given().auth().oauth2(applicant("applicant-idem")).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).when().post(APPLICATIONS).then().extract();
        ExtractableResponse<Response> replay = given().auth().oauth2(applicant("applicant-idem")).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).when().post(APPLICATIONS).then().extract();
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.asString()).isEqualTo(first.asString());
        assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
        int mine = given().auth().oauth2(applicant("applicant-idem")).when().get(APPLICATIONS).then().statusCode(200)
                .extract().jsonPath().getInt("total");
        assertThat(mine).isEqualTo(1);
        // The stored answer is the filer's: the full ID number, the phone and the secret tracking code, which the
        // service otherwise keeps only encrypted or hashed. Kept for replays, it is kept encrypted too.
        String code = first.jsonPath().getString("verificationCode");
        assertThat(first.jsonPath().getString("application.applicant.idNumber")).isEqualTo(idNumber);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select response_body from idempotency_record where idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("v1:").doesNotContain(idNumber).doesNotContain("13812345678").doesNotContain(code);
            }
        }
    }

    @Test
    void identifiersAreValidatedByTheirStandard() {
        String wrongCheck = personId();
        wrongCheck = wrongCheck.substring(0, 17) + (wrongCheck.charAt(17) == '1' ? '2' : '1');
        JsonPath p = problem(given().auth().oauth2(applicant("applicant-a")).contentType(ContentType.JSON)
                .body(body(item, person(wrongCheck))).when().post(APPLICATIONS).then().extract(), 400, "validation-failed");
        assertThat(p.getList("errors.field")).containsExactly("applicant.idNumber");
        assertThat(p.getList("errors.message")).containsExactly("校验码与其他位不符（可能输错了）"); // what to look at, at the window
        assertThat(p.prettify()).doesNotContain(wrongCheck);

        Case enterprise = file(applicant("applicant-a"), body(item, Map.of("kind", "ENTERPRISE", "name", "某某餐饮有限公司", "idNumber", enterpriseCode())));
        assertThat(enterprise.get(clerk(dept)).jsonPath().getString("applicant.kind")).isEqualTo("ENTERPRISE");
    }

    @Test
    void windowFilingIsForTheClerksOwnDepartment() {
        Map<String, Object> body = body(item, person(personId()));
        Case c = file(clerk(dept), body);
        JsonPath view = c.get(clerk(dept)).jsonPath();
        assertThat(view.getString("channel")).isEqualTo("WINDOW");
        assertThat(view.getString("firstInquiryOfficer")).isEqualTo("clerk-" + dept);
        String other = department();
        problem(given().auth().oauth2(clerk(other)).contentType(ContentType.JSON).body(body)
                .when().post(APPLICATIONS).then().extract(), 403, "forbidden");
        // an applicant cannot pose as a provincial platform
        Map<String, Object> posing = new java.util.HashMap<>(body);
        posing.put("channel", "PROVINCIAL_PLATFORM");
        problem(given().auth().oauth2(applicant("applicant-a")).contentType(ContentType.JSON).body(posing)
                .when().post(APPLICATIONS).then().extract(), 422, "unprocessable");
    }
}
