package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.approval.application.app.SupervisionJob;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static io.xiaoneng.approval.application.ProblemChecks.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accept-with-pledge (容缺受理) deadlines through the API: the deadline is at most (and by default)
 * {@code xiaoneng.approval.pledge.limit-days} (5) working days after acceptance; past it without the materials the
 * pledge is broken — by the supervision sweep, or by the next read or command of the case — with a history row and
 * a {@code pledge-broken} event; the licence waits for the materials (补齐后发证); handing them in closes the pledge.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class PledgeDeadlineTest {

    private static final List<String> FIRE = List.of("消防安全检查意见书");

    @Inject
    TestClock clock;

    @Inject
    SupervisionJob job;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    private static Map<String, Object> pledge(List<String> materials, String deadline) {
        return deadline == null ? Map.of("pledge", Map.of("missingMaterials", materials))
                : Map.of("pledge", Map.of("missingMaterials", materials, "deadline", deadline));
    }

    @Test
    void theDeadlineIsAtMostTheConfiguredWorkingDaysAcrossTheSpringFestival() {
        String dept = department();
        String item = item(dept, 10, true);
        clock.set("2026-02-13"); // Friday
        // + 5 working days: Sat 14 Feb (make-up), 15–23 Feb 春节 off, 24, 25, 26, 27 Feb
        Case byDefault = fileOnline("applicant-p", item);
        JsonPath accepted = byDefault.ok(clerk(dept), "acceptance", pledge(FIRE, null)).jsonPath();
        assertThat(accepted.getString("pledge.deadline")).isEqualTo("2026-02-27");
        assertThat(accepted.getString("pledge.status")).isEqualTo("OPEN");

        Case tooLate = fileOnline("applicant-p", item);
        String before = tooLate.etag;
        JsonPath p = problem(tooLate.command(clerk(dept), "acceptance", pledge(FIRE, "2026-02-28")), 422, "unprocessable");
        assertThat(p.getString("rule")).isEqualTo("pledge-deadline-too-late");
        assertThat(p.getString("detail")).contains("2026-02-27");
        JsonPath unchanged = tooLate.get(clerk(dept)).jsonPath();
        assertThat(unchanged.getString("status")).isEqualTo("SUBMITTED");
        assertThat(tooLate.etag).isEqualTo(before);
        // the last allowed day is accepted
        assertThat(tooLate.ok(clerk(dept), "acceptance", pledge(FIRE, "2026-02-27")).jsonPath().getString("pledge.deadline"))
                .isEqualTo("2026-02-27");

        Case today = fileOnline("applicant-p", item);
        assertThat(problem(today.command(clerk(dept), "acceptance", pledge(FIRE, "2026-02-13")), 422, "unprocessable")
                .getString("rule")).isEqualTo("pledge-deadline-past");
    }

    @Test
    void aDeadlineInAYearWithoutCalendarDataIsRefusedAndChangesNothing() {
        String dept = department();
        clock.set("2031-06-02"); // no holiday notice loaded for 2031: the pledge deadline cannot be counted
        Case c = fileOnline("applicant-p", item(dept, 10, true));
        String before = c.etag;
        JsonPath p = problem(c.command(clerk(dept), "acceptance", pledge(FIRE, null)), 422, "calendar-year-missing");
        assertThat(p.getInt("year")).isEqualTo(2031);
        JsonPath unchanged = c.get(clerk(dept)).jsonPath();
        assertThat(unchanged.getString("status")).isEqualTo("SUBMITTED");
        assertThat(c.etag).isEqualTo(before);
    }

    @Test
    void theSweepBreaksAnOverduePledgeAndTheLicenceWaitsForTheMaterials() {
        String dept = department();
        clock.set("2026-03-02"); // Monday
        Case c = fileOnline("applicant-p", item(dept, 10, true));
        c.ok(clerk(dept), "acceptance", pledge(List.of("消防安全检查意见书", "环评批复"), null)); // due Mon 9 Mar
        c.ok(approver(dept), "review", null);

        clock.set("2026-03-09"); // the deadline day itself still counts
        job.runOnce();
        assertThat(c.get(clerk(dept)).jsonPath().getString("pledge.status")).isEqualTo("OPEN");

        clock.set("2026-03-10");
        assertThat(job.runOnce().pledgesBroken()).isGreaterThanOrEqualTo(1);
        String beforeRead = c.etag;
        JsonPath broken = c.get(clerk(dept)).jsonPath();
        assertThat(c.etag).as("the breach is a change of the case").isNotEqualTo(beforeRead);
        assertThat(broken.getString("status")).as("the case stays under review").isEqualTo("UNDER_REVIEW");
        assertThat(broken.getString("pledge.status")).isEqualTo("BROKEN");
        assertThat(broken.getString("pledge.brokenOn")).isEqualTo("2026-03-10");
        assertThat(broken.getList("allowedCommands")).contains("pledge-fulfilment", "denial");

        // audited: one history row by the system (the pledge-broken event: ApplicationEventsTest reads it from Kafka)
        List<Map<String, Object>> history = given().auth().oauth2(clerk(dept)).when().get(APPLICATIONS + "/" + c.id + "/history")
                .then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> breach = history.stream().filter(h -> "pledge-breach".equals(h.get("command"))).findFirst().orElseThrow();
        assertThat(breach).containsEntry("actor", "system").containsEntry("fromState", "UNDER_REVIEW").containsEntry("toState", "UNDER_REVIEW");
        // a second sweep breaks nothing twice
        job.runOnce();
        assertThat(history(c, "pledge-breach")).isEqualTo(1);

        // 补齐后发证: no licence while the materials are owed; a denial stays possible
        JsonPath refused = problem(c.command(approver(dept), "approval", null), 422, "unprocessable");
        assertThat(refused.getString("rule")).isEqualTo("pledge-outstanding");
        assertThat(refused.getString("detail")).contains("环评批复");

        // the broken pledges of the county, for the supervisors
        List<String> listed = given().auth().oauth2(supervisor()).queryParam("pledge", "BROKEN").queryParam("department", dept)
                .when().get(APPLICATIONS).then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(listed).containsExactly(c.id);

        // handing in only part of it does not close the pledge, and changes nothing
        clock.set("2026-03-11");
        String etag = c.etag;
        JsonPath partial = problem(c.command(clerk(dept), "pledge-fulfilment", Map.of("materials", List.of("环评批复"))), 422, "unprocessable");
        assertThat(partial.getString("rule")).isEqualTo("pledge-materials-missing");
        assertThat(partial.getString("detail")).contains("消防安全检查意见书");
        assertThat(c.etag).isEqualTo(etag);
        // another department's clerk may not record it (nor learn that the case exists)
        problem(c.command(clerk(department()), "pledge-fulfilment", Map.of("materials", List.of("环评批复", "消防安全检查意见书"))), 404, "not-found");

        JsonPath fulfilled = c.ok(clerk(dept), "pledge-fulfilment", Map.of("materials", List.of("环评批复", "消防安全检查意见书"))).jsonPath();
        assertThat(fulfilled.getString("pledge.status")).isEqualTo("FULFILLED");
        assertThat(fulfilled.getString("pledge.fulfilledOn")).isEqualTo("2026-03-11");
        assertThat(fulfilled.getList("materials")).contains("申请书", "环评批复", "消防安全检查意见书");
        assertThat(fulfilled.getList("allowedCommands")).doesNotContain("pledge-fulfilment");
        Map<String, Object> fulfilment = history(c).stream().filter(h -> "pledge-fulfilment".equals(h.get("command"))).findFirst().orElseThrow();
        assertThat(fulfilment).containsEntry("actor", "clerk-" + dept);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) fulfilment.get("details");
        assertThat(details).containsEntry("late", true);

        assertThat(c.ok(approver(dept), "approval", null).jsonPath().getString("status")).isEqualTo("APPROVED");
    }

    @Test
    void aPledgeIsBrokenByTheNextReadEvenIfTheSweepHasNotRun() {
        String dept = department();
        clock.set("2026-03-02");
        Case c = fileOnline("applicant-p", item(dept, 10, true));
        c.ok(clerk(dept), "acceptance", pledge(FIRE, "2026-03-04"));
        String held = c.etag;

        clock.set("2026-03-05");
        JsonPath p = problem(c.commandWith(clerk(dept), "pledge-fulfilment", Map.of("materials", FIRE), held), 412, "precondition-failed");
        assertThat(p.getInt("status")).isEqualTo(412);
        JsonPath read = c.get(clerk(dept)).jsonPath();
        assertThat(read.getString("pledge.status")).isEqualTo("BROKEN");
        assertThat(read.getString("pledge.brokenOn")).isEqualTo("2026-03-05");
        // anonymous tracking shows the applicant what he still owes
        JsonPath tracked = given().queryParam("code", c.code).when().get(APPLICATIONS + "/tracking/" + c.trackingNumber)
                .then().statusCode(200).extract().jsonPath();
        assertThat(tracked.getString("pledge.status")).isEqualTo("BROKEN");
        assertThat(tracked.getList("pledge.missingMaterials")).containsExactlyElementsOf(FIRE);
        assertThat(history(c, "pledge-breach")).isEqualTo(1);
    }

    @Test
    void materialsInTimeCloseThePledgeAndNothingBreaksLater() {
        String dept = department();
        clock.set("2026-03-02");
        Case c = fileOnline("applicant-p", item(dept, 10, true));
        c.ok(clerk(dept), "acceptance", pledge(FIRE, null));
        clock.set("2026-03-06");
        JsonPath fulfilled = c.ok(clerk(dept), "pledge-fulfilment", Map.of("materials", FIRE)).jsonPath();
        assertThat(fulfilled.getString("pledge.status")).isEqualTo("FULFILLED");
        assertThat(fulfilled.getString("pledge.brokenOn")).isNull();
        // twice is not allowed: nothing is owed any more
        problem(c.command(clerk(dept), "pledge-fulfilment", Map.of("materials", FIRE)), 409, "illegal-transition");

        clock.set("2026-03-12");
        job.runOnce();
        assertThat(c.get(clerk(dept)).jsonPath().getString("pledge.status")).isEqualTo("FULFILLED");
        assertThat(history(c, "pledge-breach")).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) history(c).stream()
                .filter(h -> "pledge-fulfilment".equals(h.get("command"))).findFirst().orElseThrow().get("details");
        assertThat(details).containsEntry("late", false).containsEntry("deadline", "2026-03-09");

        // a case accepted without a pledge has nothing to fulfil; bad input is a 400 and changes nothing
        Case plain = fileOnline("applicant-p", item(dept, 10, true));
        plain.ok(clerk(dept), "acceptance", null);
        problem(plain.command(clerk(dept), "pledge-fulfilment", Map.of("materials", FIRE)), 409, "illegal-transition");
        problem(plain.command(clerk(dept), "pledge-fulfilment", Map.of("materials", List.of())), 400, "validation-failed");
    }

    private static List<Map<String, Object>> history(Case c) {
        return given().auth().oauth2(supervisor()).when().get(APPLICATIONS + "/" + c.id + "/history")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static long history(Case c, String command) {
        return history(c).stream().filter(h -> command.equals(h.get("command"))).count();
    }
}
