package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static io.xiaoneng.approval.application.ProblemChecks.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** 并联审批: one sub-case per department, each with its own clock; all approve → approved, one denies → denied. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class ParallelApprovalTest {

    @Inject
    TestClock clock;

    String lead;
    String housing;
    String tax;
    String item;

    @BeforeEach
    void setUp() {
        clock.set("2026-03-02");
        lead = department();
        housing = department();
        tax = department();
        item = parallelItem(lead, List.of(housing, tax), 10);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    private Case filedAtTheLeadWindowAndUnderReview() {
        Case c = file(clerk(lead), body(item, Map.of("kind", "ENTERPRISE", "name", "某某建设有限公司", "idNumber", enterpriseCode())));
        JsonPath filed = c.get(clerk(lead)).jsonPath();
        assertThat(filed.getBoolean("composite")).isTrue();
        assertThat(filed.getString("department")).isEqualTo(lead);
        assertThat(filed.getList("subCases.department")).containsExactly(lead, housing, tax);
        assertThat(filed.getList("subCases.status")).containsOnly("WAITING");
        JsonPath accepted = c.ok(clerk(lead), "acceptance", null).jsonPath();
        // the case as a whole: the joint limit of 45 working days; each department: the committed 10
        assertThat(accepted.getInt("clock.allowedWorkingDays")).isEqualTo(45);
        assertThat(accepted.getList("subCases.status")).containsOnly("PENDING");
        assertThat(accepted.getList("subCases.clock.dueOn")).containsOnly("2026-03-16");
        // until the lead department opens the review, the others cannot act: the lead alone is blocking
        assertThat(accepted.getList("blockedBy.department")).containsExactly(lead);
        c.ok(clerk(lead), "review", null);
        return c;
    }

    private static ExtractableResponse<Response> subCase(Case c, String bearer, String department, String decision, Object body) {
        ExtractableResponse<Response> r = given().auth().oauth2(bearer).contentType("application/json").header("If-Match", c.etag)
                .body(body == null ? Map.of() : body)
                .when().post(APPLICATIONS + "/" + c.id + "/sub-cases/" + department + "/" + decision).then().extract();
        if (r.statusCode() == 200) {
            c.etag = r.header("ETag");
        }
        return r;
    }

    @Test
    void aDeemedAcceptanceStartsTheDepartmentsClocksOnTheDayOfReceipt() {
        Case c = file(clerk(lead), body(item, Map.of("kind", "ENTERPRISE", "name", "某某建设有限公司", "idNumber", enterpriseCode())));
        clock.set("2026-03-12"); // Mon 2 Mar + 5 working days ended Mon 9 Mar without a decision: deemed accepted
        JsonPath deemed = c.get(clerk(lead)).jsonPath();
        assertThat(deemed.getString("status")).isEqualTo("ACCEPTED");
        assertThat(deemed.getList("subCases.startedOn")).containsOnly("2026-03-02");
        // waiting since the day of receipt began (Beijing time), not since the moment the deeming was noticed
        assertThat(deemed.getString("blockedBy[0].since")).isEqualTo("2026-03-01T16:00:00Z");
        assertThat(deemed.getInt("blockedBy[0].waitingWorkingDays")).as("3–6, 9–12 Mar").isEqualTo(8);
    }

    @Test
    void approvedWhenEveryDepartmentApproves() {
        Case c = filedAtTheLeadWindowAndUnderReview();
        JsonPath waiting = c.get(clerk(lead)).jsonPath();
        assertThat(waiting.getList("blockedBy.department")).containsExactly(lead, housing, tax);
        assertThat(waiting.getList("allowedCommands")).contains("sub-case-approval", "sub-case-denial").doesNotContain("approval", "denial");
        // a participating department sees the case it takes part in
        assertThat(c.get(clerk(housing)).statusCode()).isEqualTo(200);
        // the case itself is not decided directly
        JsonPath direct = problem(c.command(approver(lead), "approval", null), 409, "illegal-transition");
        assertThat(direct.getList("allowed")).contains("sub-case-approval");
        // only the department itself decides its part
        problem(subCase(c, approver(tax), housing, "approval", null), 403, "forbidden");
        problem(subCase(c, clerk(housing), housing, "approval", null), 403, "forbidden");
        // a department that takes no part neither decides nor learns anything about the case, whatever it names
        String outsider = department();
        problem(subCase(c, approver(outsider), outsider, "approval", null), 404, "not-found");
        problem(subCase(c, approver(outsider), housing, "approval", null), 404, "not-found");

        clock.set("2026-03-05");
        JsonPath afterHousing = subCase(c, approver(housing), housing, "approval", null).jsonPath();
        assertThat(afterHousing.getString("status")).isEqualTo("UNDER_REVIEW");
        assertThat(afterHousing.getList("blockedBy.department")).containsExactly(lead, tax);
        problem(subCase(c, approver(housing), housing, "approval", null), 409, "illegal-transition");

        clock.set("2026-03-18"); // tax is late: its 10 days ended Mon 16 Mar
        JsonPath blocked = c.get(clerk(lead)).jsonPath();
        assertThat(blocked.getString("blockedBy.find { it.department == '" + tax + "' }.light")).isEqualTo("RED");
        assertThat(blocked.getInt("blockedBy.find { it.department == '" + tax + "' }.waitingWorkingDays")).as("3–6, 9–13, 16–18 Mar").isEqualTo(12);
        assertThat(blocked.getString("blockedBy.find { it.department == '" + tax + "' }.since")).isNotNull();
        assertThat(blocked.getString("clock.light")).as("the case as a whole is within its 45 days").isEqualTo("GREEN");
        subCase(c, approver(tax), tax, "approval", null);
        JsonPath approved = subCase(c, head(lead), lead, "approval", null).jsonPath();
        assertThat(approved.getString("status")).isEqualTo("APPROVED");
        assertThat(approved.getList("blockedBy")).isEmpty();
        assertThat(approved.getList("subCases.status")).containsOnly("APPROVED");
        assertThat(approved.getString("decision.outcome")).isEqualTo("APPROVED");
        assertThat(approved.getBoolean("decision.onTime")).isTrue();

        c.ok(clerk(lead), "certificate-delivery", Map.of("method", "ELECTRONIC", "certificateNumber", "YYZZ-0001"));
        c.ok(clerk(lead), "completion", null);
        JsonPath stats = given().auth().oauth2(supervisor()).queryParam("department", lead).when().get(APPLICATIONS + "/statistics")
                .then().statusCode(200).extract().jsonPath();
        assertThat(stats.getLong("parallelApprovalsCompleted")).isEqualTo(1);
        assertThat(stats.getLong("parallelSubCases.total")).isEqualTo(1);

        // the participating departments' statistics show their parts: the case row counts for the lead only
        JsonPath housingStats = given().auth().oauth2(clerk(housing)).when().get(APPLICATIONS + "/statistics")
                .then().statusCode(200).extract().jsonPath();
        assertThat(housingStats.getString("department")).isEqualTo(housing);
        assertThat(housingStats.getLong("received")).isZero();
        assertThat(housingStats.getLong("parallelSubCases.total")).isEqualTo(1);
        assertThat(housingStats.getLong("parallelSubCases.approved")).isEqualTo(1);
        assertThat(housingStats.getLong("parallelSubCases.decidedOnTime")).isEqualTo(1);
        assertThat(housingStats.getDouble("parallelSubCases.onTimeRate")).isEqualTo(1.0);
        JsonPath taxStats = given().auth().oauth2(supervisor()).queryParam("department", tax).when().get(APPLICATIONS + "/statistics")
                .then().statusCode(200).extract().jsonPath();
        assertThat(taxStats.getLong("parallelSubCases.approved")).isEqualTo(1);
        assertThat(taxStats.getLong("parallelSubCases.pending")).isZero();
        assertThat(taxStats.getLong("parallelSubCases.decidedOnTime")).as("tax decided two working days late").isZero();
        assertThat(taxStats.getDouble("parallelSubCases.onTimeRate")).isEqualTo(0.0);
    }

    @Test
    void deniedAsSoonAsOneDepartmentDenies() {
        Case c = filedAtTheLeadWindowAndUnderReview();
        subCase(c, approver(lead), lead, "approval", null);
        problem(subCase(c, approver(housing), housing, "denial", Map.of("reasons", " ")), 400, "validation-failed");
        JsonPath denied = subCase(c, approver(housing), housing, "denial", Map.of("reasons", "用地规划条件不符")).jsonPath();
        assertThat(denied.getString("status")).isEqualTo("DENIED");
        assertThat(denied.getString("decision.reasons")).isEqualTo("用地规划条件不符");
        assertThat(denied.getString("decision.deniedBy")).isEqualTo(housing);
        assertThat(denied.getString("subCases.find { it.department == '" + tax + "' }.status")).isEqualTo("CLOSED");
        problem(subCase(c, approver(tax), tax, "approval", null), 409, "illegal-transition");

        JsonPath housingStats = given().auth().oauth2(supervisor()).queryParam("department", housing).when().get(APPLICATIONS + "/statistics")
                .then().statusCode(200).extract().jsonPath();
        assertThat(housingStats.getLong("parallelSubCases.denied")).isEqualTo(1);
        assertThat(housingStats.getLong("parallelSubCases.decidedOnTime")).isEqualTo(1);
        JsonPath taxStats = given().auth().oauth2(supervisor()).queryParam("department", tax).when().get(APPLICATIONS + "/statistics")
                .then().statusCode(200).extract().jsonPath();
        assertThat(taxStats.getLong("parallelSubCases.total")).isEqualTo(1);
        assertThat(taxStats.getLong("parallelSubCases.approved") + taxStats.getLong("parallelSubCases.denied")
                + taxStats.getLong("parallelSubCases.pending")).as("closed undecided when the case was denied").isZero();
        assertThat((Object) taxStats.get("parallelSubCases.onTimeRate")).isNull();
    }

    @Test
    void theJointLimitIsExtendedOnceByFifteenDays() {
        Case c = filedAtTheLeadWindowAndUnderReview();
        JsonPath extended = c.ok(head(lead), "extension", Map.of("reason", "需听证")).jsonPath();
        assertThat(extended.getInt("extension.days")).isEqualTo(15);
        assertThat(extended.getInt("clock.allowedWorkingDays")).isEqualTo(60);
    }
}
