package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.approval.application.app.SupervisionJob;
import io.xiaoneng.approval.application.app.SupervisionSweep;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static io.xiaoneng.approval.application.ProblemChecks.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The legal clock through the API: deadlines across the 2026 holidays (hand-counted in the comments), deemed
 * acceptance, pauses, the one extension, lights, the red list and statistics.
 *
 * <p>2026 calendar (State Council notice): 春节 15–23 Feb off, Sat 14 Feb and Sat 28 Feb worked; 清明 4–6 Apr off;
 * 中秋 25–27 Sep off, Sun 20 Sep worked; 国庆 1–7 Oct off, Sat 10 Oct worked.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class LegalClockApiTest {

    @Inject
    TestClock clock;

    @Inject
    SupervisionJob job;

    @Inject
    DataSource dataSource;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    private static Case filedAndAccepted(String dept, String item) {
        Case c = fileOnline("applicant-a", item);
        c.ok(clerk(dept), "acceptance", null);
        return c;
    }

    @Test
    void decisionDeadlineAcrossTheSpringFestival() {
        String dept = department();
        String item = item(dept, 10, false);
        clock.set("2026-02-10");
        Case c = filedAndAccepted(dept, item);
        // Tue 10 Feb + 10 working days: 11, 12, 13 Feb (3), Sat 14 Feb make-up (4), 15–23 Feb 春节 off,
        // 24, 25, 26, 27 Feb (8), Sat 28 Feb make-up (9), Mon 2 Mar (10).
        JsonPath view = c.get(clerk(dept)).jsonPath();
        assertThat(view.getString("clock.dueOn")).isEqualTo("2026-03-02");
        assertThat(view.getInt("clock.allowedWorkingDays")).isEqualTo(10);

        clock.set("2026-02-19"); // in the holiday: 4 days used (11–14 Feb), 6 left
        view = c.get(clerk(dept)).jsonPath();
        assertThat(view.getInt("clock.elapsedWorkingDays")).isEqualTo(4);
        assertThat(view.getInt("clock.remainingWorkingDays")).isEqualTo(6);
    }

    @Test
    void decisionDeadlineAcrossNationalDay() {
        String dept = department();
        clock.set("2026-09-18");
        // Fri 18 Sep + 11 working days: Sun 20 Sep make-up (1), 21–24 Sep (5), Fri 25 Sep 中秋 off, 28–30 Sep (8),
        // 1–7 Oct 国庆 off, Thu 8 (9), Fri 9 (10), Sat 10 Oct make-up (11) → due on a Saturday.
        Case eleven = filedAndAccepted(dept, item(dept, 11, false));
        assertThat(eleven.get(clerk(dept)).jsonPath().getString("clock.dueOn")).isEqualTo("2026-10-10");
        // one more: Sun 11 Oct is off again → Mon 12 Oct
        Case twelve = filedAndAccepted(dept, item(dept, 12, false));
        assertThat(twelve.get(clerk(dept)).jsonPath().getString("clock.dueOn")).isEqualTo("2026-10-12");
        // and the acceptance limit: Fri 18 Sep + 5 → 20, 21, 22, 23, 24 Sep
        Case waiting = fileOnline("applicant-a", item(dept, 11, false));
        assertThat(waiting.get(clerk(dept)).jsonPath().getString("clock.dueOn")).isEqualTo("2026-09-24");
    }

    @Test
    void deemedAcceptedWhenNoDecisionWithinTheAcceptanceLimit() {
        String dept = department();
        String item = item(dept, 10, false);
        clock.set("2026-02-13"); // Friday
        Case byJob = fileOnline("applicant-a", item);
        String before = byJob.etag;
        // acceptance due: Fri 13 Feb + 5 → Sat 14 (make-up), 24, 25, 26, 27 Feb
        assertThat(byJob.get(clerk(dept)).jsonPath().getString("clock.dueOn")).isEqualTo("2026-02-27");

        clock.set("2026-02-27");
        job.runOnce();
        assertThat(byJob.get(clerk(dept)).jsonPath().getString("status")).as("still in time on the due day").isEqualTo("SUBMITTED");

        clock.set("2026-02-28"); // a make-up Saturday: the limit expired at the end of 27 Feb
        job.runOnce();
        JsonPath deemed = byJob.get(clerk(dept)).jsonPath();
        assertThat(deemed.getString("status")).isEqualTo("ACCEPTED");
        assertThat(deemed.getBoolean("acceptance.deemed")).isTrue();
        assertThat(deemed.getString("acceptance.acceptedOn")).as("from the day of receipt (art. 32)").isEqualTo("2026-02-13");
        assertThat(deemed.getString("acceptance.acceptedBy")).isEqualTo("system");
        // decision clock from 13 Feb: 14, 24, 25, 26, 27, 28 Feb, 2, 3, 4, 5 Mar
        assertThat(deemed.getString("clock.dueOn")).isEqualTo("2026-03-05");
        List<Map<String, Object>> history = given().auth().oauth2(clerk(dept)).when().get(APPLICATIONS + "/" + byJob.id + "/history")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(history.get(1)).containsEntry("command", "deemed-acceptance").containsEntry("actor", "system");

        // A clerk acting on what he saw before: the case changed, 412; on the current version, 409 (already accepted).
        problem(byJob.commandWith(clerk(dept), "acceptance", null, before), 412, "precondition-failed");
        JsonPath p = problem(byJob.command(clerk(dept), "acceptance", null), 409, "illegal-transition");
        assertThat(p.getString("state")).isEqualTo("ACCEPTED");

        // Without the job: the law holds as soon as anybody looks at (or acts on) the case.
        clock.set("2026-03-02");
        Case byRead = fileOnline("applicant-a", item); // due Mon 9 Mar
        clock.set("2026-03-10");
        JsonPath read = byRead.get(applicant("applicant-a")).jsonPath();
        assertThat(read.getString("status")).isEqualTo("ACCEPTED");
        assertThat(read.getString("acceptance.acceptedOn")).isEqualTo("2026-03-02");
    }

    @Test
    void pausedWorkingDaysDoNotCount() {
        String dept = department();
        clock.set("2026-03-02");
        Case c = filedAndAccepted(dept, item(dept, 10, false));
        assertThat(c.get(clerk(dept)).jsonPath().getString("clock.dueOn")).isEqualTo("2026-03-16");
        clock.set("2026-03-03");
        c.ok(approver(dept), "review", null);
        clock.set("2026-03-04");
        problem(c.command(approver(dept), "pauses", Map.of("reason", "SIGHTSEEING")), 400, "validation-failed");
        JsonPath paused = c.ok(approver(dept), "pauses", Map.of("reason", "INSPECTION", "note", "现场核查")).jsonPath();
        assertThat(paused.getString("status")).isEqualTo("PAUSED");
        assertThat(paused.getList("allowedCommands")).containsExactly("withdrawal", "resumption", "extension");

        clock.set("2026-03-09"); // while paused the used time stands still: 3 and 4 Mar
        JsonPath during = c.get(clerk(dept)).jsonPath();
        assertThat(during.getInt("clock.elapsedWorkingDays")).isEqualTo(2);
        assertThat(during.getString("clock.light")).isEqualTo("GREEN");

        clock.set("2026-03-11");
        // paused Wed 4 Mar, resumed Wed 11 Mar: 5, 6, 9, 10, 11 Mar do not count → due Mon 16 Mar + 5 = Mon 23 Mar
        JsonPath resumed = c.ok(approver(dept), "resumption", null).jsonPath();
        assertThat(resumed.getString("status")).isEqualTo("UNDER_REVIEW");
        assertThat(resumed.getInt("clock.pausedWorkingDays")).isEqualTo(5);
        assertThat(resumed.getString("clock.dueOn")).isEqualTo("2026-03-23");
        assertThat(resumed.getString("pauses[0].reason")).isEqualTo("INSPECTION");
        assertThat(resumed.getString("pauses[0].resumedOn")).isEqualTo("2026-03-11");

        clock.set("2026-03-23");
        JsonPath approved = c.ok(approver(dept), "approval", null).jsonPath();
        assertThat(approved.getBoolean("decision.onTime")).as("on the last day of the prolonged limit").isTrue();
        assertThat(approved.getInt("decision.workingDays")).as("13 working days on the calendar, 5 of them paused").isEqualTo(10);
    }

    @Test
    void oneExtensionByTheDepartmentHead() {
        String dept = department();
        clock.set("2026-03-02");
        Case c = filedAndAccepted(dept, item(dept, 10, false));
        problem(c.command(approver(dept), "extension", Map.of("reason", "需组织专家论证")), 403, "forbidden");
        JsonPath tooLong = problem(c.command(head(dept), "extension", Map.of("reason", "需组织专家论证", "days", 11)), 422, "unprocessable");
        assertThat(tooLong.getString("rule")).isEqualTo("extension-too-long");
        JsonPath extended = c.ok(head(dept), "extension", Map.of("reason", "需组织专家论证")).jsonPath();
        // default 10 more: 20 working days after Mon 2 Mar → Mon 30 Mar
        assertThat(extended.getInt("extension.days")).isEqualTo(10);
        assertThat(extended.getString("extension.grantedBy")).isEqualTo("head-" + dept);
        assertThat(extended.getString("clock.dueOn")).isEqualTo("2026-03-30");
        assertThat(extended.getList("allowedCommands")).doesNotContain("extension");
        JsonPath again = problem(c.command(head(dept), "extension", Map.of("reason", "再延一次")), 409, "illegal-transition");
        assertThat(again.getList("allowed")).containsExactly("review", "withdrawal", "pauses");
    }

    @Test
    void anExtensionIsGrantedWhileTheLimitRunsNotAfterwards() {
        String dept = department();
        clock.set("2026-03-02");
        Case late = filedAndAccepted(dept, item(dept, 10, false));
        Case onTheLastDay = filedAndAccepted(dept, item(dept, 10, false));
        clock.set("2026-03-17"); // 10 working days after Mon 2 Mar ended Mon 16 Mar
        JsonPath refused = problem(late.command(head(dept), "extension", Map.of("reason", "需组织专家论证")), 422, "unprocessable");
        assertThat(refused.getString("rule")).isEqualTo("extension-after-deadline");
        assertThat(refused.getString("detail")).contains("2026-03-16");
        JsonPath stillLate = late.get(clerk(dept)).jsonPath();
        assertThat(stillLate.getString("clock.light")).isEqualTo("RED");
        assertThat((Object) stillLate.get("extension")).isNull();
        clock.set("2026-03-16");
        assertThat(onTheLastDay.ok(head(dept), "extension", Map.of("reason", "需组织专家论证")).jsonPath().getString("clock.dueOn"))
                .isEqualTo("2026-03-30");
    }

    @Test
    void lightsRedListAndStatistics() {
        String dept = department();
        clock.set("2026-03-02");
        // 20 working days after Mon 2 Mar → Mon 30 Mar; yellow at ≤ 25 % (5 days) left.
        Case late = filedAndAccepted(dept, item(dept, 20, false));
        Case prompt = filedAndAccepted(dept, item(dept, 20, false));
        assertThat(light(late)).isEqualTo("GREEN");

        clock.set("2026-03-20"); // 23, 24, 25, 26, 27, 30 Mar left: 6 of 20
        job.runOnce();
        assertThat(light(late)).isEqualTo("GREEN");
        clock.set("2026-03-23"); // 5 of 20 left
        job.runOnce();
        assertThat(light(late)).isEqualTo("YELLOW");
        prompt.ok(approver(dept), "review", null);
        prompt.ok(approver(dept), "approval", null);
        clock.set("2026-03-30"); // due day
        job.runOnce();
        assertThat(light(late)).isEqualTo("YELLOW");
        clock.set("2026-04-07"); // overdue: 31 Mar, 1, 2, 3 Apr, (4–6 Apr 清明), 7 Apr
        job.runOnce();
        assertThat(light(late)).isEqualTo("RED");

        JsonPath red = given().auth().oauth2(supervisor()).queryParam("department", dept)
                .when().get("/api/v1/supervision/red-cases").then().statusCode(200).extract().jsonPath();
        assertThat(red.getInt("total")).isEqualTo(1);
        assertThat(red.getString("items[0].applicationId")).isEqualTo(late.id);
        assertThat(red.getInt("items[0].overdueWorkingDays")).isEqualTo(5);
        assertThat(red.getString("items[0].dueOn")).isEqualTo("2026-03-30");
        assertThat(red.getString("items[0].clock")).isEqualTo("DECISION");
        problem(given().auth().oauth2(clerk(dept)).when().get("/api/v1/supervision/red-cases").then().extract(), 403, "forbidden");

        // prompt: decided 23 Mar (15 working days, on time), delivery due 10 working days later: 7 Apr → still yellow/green
        JsonPath stats = given().auth().oauth2(head(dept)).when().get(APPLICATIONS + "/statistics").then().statusCode(200).extract().jsonPath();
        assertThat(stats.getString("department")).isEqualTo(dept);
        assertThat(stats.getLong("received")).isEqualTo(2);
        assertThat(stats.getLong("accepted")).isEqualTo(2);
        assertThat(stats.getLong("decided")).isEqualTo(1);
        assertThat(stats.getDouble("onTimeRate")).isEqualTo(1.0);
        assertThat(stats.getDouble("averageWorkingDays")).isEqualTo(15.0);
        assertThat(stats.getLong("completed")).isZero();
        assertThat(stats.getLong("currentLights.RED")).isEqualTo(1);
        assertThat(stats.getLong("currentLights.GREEN") + stats.getLong("currentLights.YELLOW")).isEqualTo(1);

        // a late decision counts against the on-time rate
        late.ok(approver(dept), "review", null);
        late.ok(approver(dept), "approval", null);
        stats = given().auth().oauth2(supervisor()).queryParam("department", dept)
                .when().get(APPLICATIONS + "/statistics").then().statusCode(200).extract().jsonPath();
        assertThat(stats.getDouble("onTimeRate")).isEqualTo(0.5);
        assertThat(stats.getLong("currentLights.RED")).as("now on the delivery clock").isZero();
    }

    @Test
    void anItemMayTurnYellowEarlierThanTheCountyThreshold() throws Exception {
        String dept = department();
        clock.set("2026-03-02");
        // 10 working days after Mon 2 Mar → Mon 16 Mar; this item turns yellow at ≤ 50 % left, the county's at ≤ 25 %
        Case own = filedAndAccepted(dept, itemWithThreshold(dept, 10, 50));
        Case county = filedAndAccepted(dept, item(dept, 10, false));
        clock.set("2026-03-06"); // 6 of 10 left
        job.runOnce();
        assertThat(light(own)).isEqualTo("GREEN");
        assertThat(storedLight(own.id)).isEqualTo("GREEN");
        clock.set("2026-03-09"); // 5 of 10 left: not more than 50 %
        job.runOnce();
        assertThat(light(own)).isEqualTo("YELLOW");
        assertThat(storedLight(own.id)).as("the sweep uses the item's threshold too").isEqualTo("YELLOW");
        assertThat(light(county)).isEqualTo("GREEN");
        assertThat(storedLight(county.id)).isEqualTo("GREEN");
        problem(given().auth().oauth2(admin()).contentType("application/json")
                .body(Map.of("implementationCode", "YP-BAD-" + UUID.randomUUID().toString().substring(0, 8), "basicCode", "YPBAD",
                        "departmentCode", dept, "terms", withYellow(101)))
                .when().post("/api/v1/catalog/items").then().extract(), 400, "validation-failed");
    }

    private static Map<String, Object> withYellow(int percent) {
        Map<String, Object> t = terms(10, false, null, null);
        t.put("yellowPercent", percent);
        return t;
    }

    @Test
    void aSweepRunsOnOneReplicaAtATime() throws Exception {
        String dept = department();
        clock.set("2026-03-02");
        Case c = filedAndAccepted(dept, item(dept, 20, false));
        clock.set("2026-03-23"); // 5 of 20 left: yellow once swept
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement("select pg_advisory_xact_lock(?)")) {
                ps.setLong(1, SupervisionSweep.LOCK_KEY); // another replica is sweeping
                ps.executeQuery().close();
            }
            SupervisionSweep.Result skipped = job.runOnce(); // does not wait for the lock
            assertThat(skipped.skipped()).isTrue();
            assertThat(storedLight(c.id)).isEqualTo("GREEN");
            other.rollback();
        }
        SupervisionSweep.Result done = job.runOnce();
        assertThat(done.skipped()).isFalse();
        assertThat(storedLight(c.id)).isEqualTo("YELLOW");
    }

    @Test
    void aCaseACommandHoldsIsLeftToTheNextSweep() throws Exception {
        String dept = department();
        clock.set("2026-03-02");
        Case locked = fileOnline("applicant-a", item(dept, 10, false)); // acceptance due Mon 9 Mar
        Case free = fileOnline("applicant-a", item(dept, 10, false));
        clock.set("2026-03-10");
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement("select id from application where id = ? for update")) {
                ps.setObject(1, UUID.fromString(locked.id));
                ps.executeQuery().close();
            }
            job.runOnce(); // does not wait for the lock: skips the case
            assertThat(storedStatus(free.id)).isEqualTo("ACCEPTED");
            assertThat(storedStatus(locked.id)).isEqualTo("SUBMITTED");
            other.rollback();
        }
        job.runOnce();
        assertThat(storedStatus(locked.id)).as("deemed accepted by the next run").isEqualTo("ACCEPTED");
        assertThat(locked.get(clerk(dept)).jsonPath().getBoolean("acceptance.deemed")).isTrue();
    }

    private String storedLight(String id) throws Exception {
        return column("select light from application_light where application_id = ?", id);
    }

    private String storedStatus(String id) throws Exception {
        return column("select status from application where id = ?", id);
    }

    private String column(String sql, String id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String light(Case c) {
        return c.get(clerk(clerkDepartment(c))).jsonPath().getString("clock.light");
    }

    private static String clerkDepartment(Case c) {
        return given().auth().oauth2(supervisor()).when().get(APPLICATIONS + "/" + c.id).then().statusCode(200)
                .extract().jsonPath().getString("department");
    }
}
