package io.xiaoneng.approval.application.domain;

import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of the aggregate, without a database: milliseconds per case. */
class ApplicationTest {

    static final WorkingDayCalendar CAL = WorkingDayCalendar.loadBundled();
    static final LegalRules RULES = LegalRules.defaults();

    static Application.Act at(String actor, String date) {
        Instant at = ZonedDateTime.of(LocalDate.parse(date), LocalTime.of(10, 0), WorkingDayCalendar.ZONE).toInstant();
        return new Application.Act(actor, at, CAL, RULES);
    }

    static Application.ItemSnapshot item(int committed, boolean pledge) {
        return new Application.ItemSnapshot("ITEM-1", 1, "食品经营许可", "market", committed, pledge, false, null, List.of());
    }

    static Application.ItemSnapshot parallel(int committed) {
        return new Application.ItemSnapshot("ITEM-P", 2, "企业开办", "market", committed, false, true, "market", List.of("housing", "tax"));
    }

    static Application file(Application.ItemSnapshot item, String date) {
        return Application.file(UUID.randomUUID(), "XN1", "h".repeat(64), item,
                new Application.Applicant(ApplicantKind.PERSON, "张三", "cipher", "110***********002X", null, null, "applicant-a"),
                new Application.Filing(Channel.ONLINE, "applicant-a", null, null, null, List.of("申请书")), at("applicant-a", date));
    }

    @Test
    void acceptanceStartsTheDecisionClockWithTheCommittedLimit() {
        Application a = file(item(10, false), "2026-02-10");
        Transition t = a.accept(at("clerk-market", "2026-02-10"), null);
        assertThat(t.from()).isEqualTo(ApplicationStatus.SUBMITTED);
        assertThat(t.to()).isEqualTo(ApplicationStatus.ACCEPTED);
        assertThat(a.acceptedOn).isEqualTo(LocalDate.parse("2026-02-10"));
        assertThat(a.firstInquiryOfficer).as("online filing: the accepting clerk").isEqualTo("clerk-market");
        // see LegalClockTest.springFestival2026
        assertThat(t.details()).containsEntry("decisionDueOn", LocalDate.parse("2026-03-02")).containsEntry("deemed", false);
    }

    @Test
    void deemedAcceptedAfterTheAcceptanceLimitFromTheDayOfReceipt() {
        // Received Fri 13 Feb 2026; 5 working days: Sat 14 Feb (make-up), 24, 25, 26, 27 Feb → due Fri 27 Feb.
        Application a = file(item(10, false), "2026-02-13");
        assertThat(a.acceptanceDueOn(CAL, RULES)).isEqualTo(LocalDate.parse("2026-02-27"));
        assertThat(a.deemAcceptedIfDue(at(Application.SYSTEM, "2026-02-27"))).isEmpty();
        Optional<Transition> deemed = a.deemAcceptedIfDue(at(Application.SYSTEM, "2026-02-28"));
        assertThat(deemed).isPresent();
        assertThat(deemed.get().command()).isEqualTo(Command.DEEMED_ACCEPTANCE);
        assertThat(a.status).isEqualTo(ApplicationStatus.ACCEPTED);
        assertThat(a.deemedAccepted).isTrue();
        assertThat(a.acceptedOn).as("accepted from the day of receipt (art. 32)").isEqualTo(LocalDate.parse("2026-02-13"));
        // 10 working days from 13 Feb: 14, 24, 25, 26, 27, 28 Feb, 2, 3, 4, 5 Mar
        assertThat(a.decisionClock().dueOn(CAL, LocalDate.parse("2026-02-28"))).isEqualTo(LocalDate.parse("2026-03-05"));
        assertThat(a.deemAcceptedIfDue(at(Application.SYSTEM, "2026-03-02"))).as("once").isEmpty();
    }

    @Test
    void supplementOnceThenANewAcceptanceClockFromTheResubmission() {
        Application a = file(item(10, false), "2026-03-02");
        a.requestSupplement(at("clerk-market", "2026-03-03"), List.of("营业执照副本", "场地证明"), null);
        assertThat(a.status).isEqualTo(ApplicationStatus.SUPPLEMENT_REQUESTED);
        // the applicant takes weeks: no acceptance is deemed while it is his turn
        assertThat(a.deemAcceptedIfDue(at(Application.SYSTEM, "2026-03-30"))).isEmpty();
        a.resubmit(at("applicant-a", "2026-03-30"), List.of("营业执照副本", "场地证明"));
        assertThat(a.receivedOn).isEqualTo(LocalDate.parse("2026-03-30"));
        assertThat(a.acceptanceDueOn(CAL, RULES)).as("31 Mar, 1, 2, 3, 7 Apr (清明 4–6 Apr)").isEqualTo(LocalDate.parse("2026-04-07"));
        assertThatThrownBy(() -> a.requestSupplement(at("clerk-market", "2026-03-31"), List.of("又一份"), null))
                .isInstanceOf(IllegalTransitionProblem.class);
    }

    @Test
    void rejectionNeedsReasonAndRemedy() {
        Application a = file(item(10, false), "2026-03-02");
        assertThatThrownBy(() -> a.reject(at("clerk-market", "2026-03-02"), "不属于本机关职权", " "))
                .isInstanceOfSatisfying(ApplicationRuleViolation.class, v -> assertThat(v.rule()).isEqualTo("rejection-needs-reason-and-remedy"));
        a.reject(at("clerk-market", "2026-03-02"), "不属于本机关职权", "向县自然资源局申请");
        assertThat(a.status).isEqualTo(ApplicationStatus.NOT_ACCEPTED);
        assertThat(a.allowedCommands()).isEmpty();
    }

    @Test
    void pledgeOnlyWhereTheItemVersionAllowsIt() {
        // at most 5 working days (LegalRules.DEFAULT_PLEDGE_LIMIT_DAYS) after Mon 2 Mar: Mon 9 Mar
        Application.Pledge pledge = new Application.Pledge(List.of("消防验收意见"), LocalDate.parse("2026-03-06"));
        Application refused = file(item(10, false), "2026-03-02");
        assertThatThrownBy(() -> refused.accept(at("clerk-market", "2026-03-02"), pledge))
                .isInstanceOfSatisfying(ApplicationRuleViolation.class, v -> assertThat(v.rule()).isEqualTo("pledge-not-allowed"));
        Application allowed = file(item(10, true), "2026-03-02");
        allowed.accept(at("clerk-market", "2026-03-02"), pledge);
        assertThat(allowed.pledgeMaterials).containsExactly("消防验收意见");
        assertThat(allowed.pledgeDeadline).isEqualTo(LocalDate.parse("2026-03-06"));
        assertThat(allowed.pledgeStatus).isEqualTo(PledgeStatus.OPEN);
    }

    @Test
    void aPledgeBreaksTheDayAfterItsDeadlineAndBlocksTheLicenceUntilFulfilled() {
        Application a = file(item(10, true), "2026-03-02");
        Application.Pledge tooLate = new Application.Pledge(List.of("消防验收意见"), LocalDate.parse("2026-03-10"));
        assertThatThrownBy(() -> a.accept(at("clerk-market", "2026-03-02"), tooLate))
                .isInstanceOfSatisfying(ApplicationRuleViolation.class, v -> assertThat(v.rule()).isEqualTo("pledge-deadline-too-late"));
        a.accept(at("clerk-market", "2026-03-02"), new Application.Pledge(List.of("消防验收意见"), null));
        assertThat(a.pledgeDeadline).isEqualTo(LocalDate.parse("2026-03-09"));
        assertThat(a.breakPledgeIfDue(at(Application.SYSTEM, "2026-03-09"))).isEmpty();
        Transition broken = a.breakPledgeIfDue(at(Application.SYSTEM, "2026-03-10")).orElseThrow();
        assertThat(broken.command()).isEqualTo(Command.PLEDGE_BREACH);
        assertThat(a.pledgeStatus).isEqualTo(PledgeStatus.BROKEN);
        assertThat(a.breakPledgeIfDue(at(Application.SYSTEM, "2026-03-11"))).as("once only").isEmpty();
        a.startReview(at("approver-market", "2026-03-10"));
        assertThatThrownBy(() -> a.approve(at("approver-market", "2026-03-10"), null))
                .isInstanceOfSatisfying(ApplicationRuleViolation.class, v -> assertThat(v.rule()).isEqualTo("pledge-outstanding"));
        Transition late = a.fulfilPledge(at("clerk-market", "2026-03-11"), List.of("消防验收意见"));
        assertThat(late.details()).containsEntry("late", true);
        assertThat(a.approve(at("approver-market", "2026-03-11"), null).to()).isEqualTo(ApplicationStatus.APPROVED);
    }

    @Test
    void decisionOnTimeAndWorkingDaysNetOfPauses() {
        Application a = file(item(10, false), "2026-03-02");
        a.accept(at("clerk-market", "2026-03-02"), null);
        a.startReview(at("approver-market", "2026-03-03"));
        a.pause(at("approver-market", "2026-03-04"), PauseReason.INSPECTION, "现场核查");
        assertThat(a.status).isEqualTo(ApplicationStatus.PAUSED);
        assertThat(a.allowedCommands()).containsExactly(Command.WITHDRAWAL, Command.RESUMPTION, Command.EXTENSION);
        Transition resumed = a.resume(at("approver-market", "2026-03-11"));
        assertThat(resumed.to()).isEqualTo(ApplicationStatus.UNDER_REVIEW);
        assertThat(resumed.details()).containsEntry("pausedWorkingDays", 5).containsEntry("decisionDueOn", LocalDate.parse("2026-03-23"));
        Transition approved = a.approve(at("approver-market", "2026-03-23"), null);
        assertThat(approved.details()).containsEntry("onTime", true).containsEntry("workingDays", 10);
        assertThat(a.decidedOnTime).isTrue();
        // delivery within 10 working days of Mon 23 Mar: Tue 7 Apr (清明 4–6 Apr)
        assertThat(approved.details()).containsEntry("deliveryDueOn", LocalDate.parse("2026-04-07"));
    }

    @Test
    void oneExtensionByTheRulesNumbers() {
        Application a = file(item(10, false), "2026-03-02");
        a.accept(at("clerk-market", "2026-03-02"), null);
        assertThatThrownBy(() -> a.extend(at("head-market", "2026-03-05"), 11, "需专家论证"))
                .isInstanceOfSatisfying(ApplicationRuleViolation.class, v -> assertThat(v.rule()).isEqualTo("extension-too-long"));
        Transition t = a.extend(at("head-market", "2026-03-05"), null, "需专家论证");
        assertThat(t.details()).containsEntry("days", 10).containsEntry("decisionDueOn", LocalDate.parse("2026-03-30"));
        assertThatThrownBy(() -> a.extend(at("head-market", "2026-03-06"), 5, "再延"))
                .isInstanceOfSatisfying(IllegalTransitionProblem.class, p -> assertThat(p.allowed()).doesNotContain("extension"));
    }

    @Test
    void parallelApprovedWhenAllApproveDeniedWhenOneDenies() {
        Application all = file(parallel(20), "2026-03-02");
        assertThat(all.departmentCode).isEqualTo("market");
        assertThat(all.subCases).extracting(s -> s.department).containsExactly("market", "housing", "tax");
        assertThat(all.subCases).allMatch(s -> s.status == SubCaseStatus.WAITING);
        all.accept(at("clerk-market", "2026-03-02"), null);
        assertThat(all.decisionLimitDays).as("the parallel limit").isEqualTo(45);
        all.startReview(at("clerk-market", "2026-03-02"));
        assertThat(all.decideSubCase(at("approver-housing", "2026-03-05"), "housing", true, null).to()).isEqualTo(ApplicationStatus.UNDER_REVIEW);
        assertThat(all.decideSubCase(at("approver-tax", "2026-03-06"), "tax", true, null).to()).isEqualTo(ApplicationStatus.UNDER_REVIEW);
        assertThatThrownBy(() -> all.decideSubCase(at("approver-tax", "2026-03-06"), "tax", true, null)).isInstanceOf(IllegalTransitionProblem.class);
        Transition last = all.decideSubCase(at("approver-market", "2026-03-09"), "market", true, null);
        assertThat(last.to()).isEqualTo(ApplicationStatus.APPROVED);
        assertThat(all.decidedOn).isEqualTo(LocalDate.parse("2026-03-09"));

        Application one = file(parallel(20), "2026-03-02");
        one.accept(at("clerk-market", "2026-03-02"), null);
        one.startReview(at("clerk-market", "2026-03-02"));
        one.decideSubCase(at("approver-market", "2026-03-03"), "market", true, null);
        assertThatThrownBy(() -> one.decideSubCase(at("approver-housing", "2026-03-04"), "housing", false, " "))
                .isInstanceOf(ApplicationRuleViolation.class);
        Transition denied = one.decideSubCase(at("approver-housing", "2026-03-04"), "housing", false, "规划条件不符");
        assertThat(denied.to()).isEqualTo(ApplicationStatus.DENIED);
        assertThat(one.denialReasons).isEqualTo("规划条件不符");
        assertThat(one.deniedByDepartment).isEqualTo("housing");
        assertThat(one.subCase("tax").orElseThrow().status).isEqualTo(SubCaseStatus.CLOSED);
    }

    @Test
    void subCaseClocksUseTheCommittedLimit() {
        Application a = file(parallel(5), "2026-03-02");
        a.accept(at("clerk-market", "2026-03-02"), null);
        SubCase housing = a.subCase("housing").orElseThrow();
        // 5 working days after Mon 2 Mar 2026: Mon 9 Mar; the case as a whole has 45
        assertThat(a.subCaseClock(housing).dueOn(CAL, LocalDate.parse("2026-03-02"))).isEqualTo(LocalDate.parse("2026-03-09"));
        assertThat(a.decisionClock().allowedDays()).isEqualTo(45);
    }

    @Test
    void withdrawnOnlyBeforeTheDecision() {
        Application a = file(item(10, false), "2026-03-02");
        a.accept(at("clerk-market", "2026-03-02"), null);
        a.startReview(at("approver-market", "2026-03-03"));
        a.approve(at("approver-market", "2026-03-04"), null);
        assertThatThrownBy(() -> a.withdraw(at("applicant-a", "2026-03-05"), null))
                .isInstanceOfSatisfying(IllegalTransitionProblem.class, p -> assertThat(p.allowed()).containsExactly("certificate-delivery"));
    }
}
