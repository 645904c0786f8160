package io.xiaoneng.approval.application.api;

import io.xiaoneng.approval.application.domain.ApplicantKind;
import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.application.domain.ApplicationStatus;
import io.xiaoneng.approval.application.domain.Channel;
import io.xiaoneng.approval.application.domain.ClockKind;
import io.xiaoneng.approval.application.domain.Command;
import io.xiaoneng.approval.application.domain.DeliveryMethod;
import io.xiaoneng.approval.application.domain.LegalClock;
import io.xiaoneng.approval.application.domain.LegalRules;
import io.xiaoneng.approval.application.domain.Light;
import io.xiaoneng.approval.application.domain.LightPolicy;
import io.xiaoneng.approval.application.domain.Pause;
import io.xiaoneng.approval.application.domain.PledgeStatus;
import io.xiaoneng.approval.application.domain.PauseReason;
import io.xiaoneng.approval.application.domain.SubCase;
import io.xiaoneng.approval.application.domain.SubCaseStatus;
import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the API shows of an application. Personal data only in clear for those entitled (see CaseAccess). */
public final class ApplicationViews {
    private ApplicationViews() {}

    public record ItemRef(String code, int version, String name) {}

    /** {@code idNumber}/{@code phone} are masked unless the caller is the applicant or a handling department. */
    public record ApplicantView(ApplicantKind kind, String name, String idNumber, String phone, String account, boolean masked) {}

    /** A running legal clock as of today. {@code calendarYearMissing}: its due day lies in a year without calendar data. */
    public record ClockView(ClockKind kind, LocalDate start, int allowedWorkingDays, int pausedWorkingDays,
                            int elapsedWorkingDays, LocalDate dueOn, int remainingWorkingDays, int overdueWorkingDays,
                            Light light, Integer calendarYearMissing) {}

    public record SupplementView(Instant requestedAt, List<String> missingMaterials, String note, Instant resubmittedAt) {}

    public record NotAcceptedView(String reason, String remedy) {}

    public record AcceptanceView(LocalDate acceptedOn, Instant acceptedAt, String acceptedBy, boolean deemed, int limitWorkingDays) {}

    /** 容缺受理: what was pledged by when, and where the pledge stands. */
    public record PledgeView(List<String> missingMaterials, LocalDate deadline, PledgeStatus status, LocalDate brokenOn,
                             LocalDate fulfilledOn) {}

    public record PauseView(PauseReason reason, String note, LocalDate pausedOn, String pausedBy, LocalDate resumedOn, String resumedBy) {}

    public record ExtensionView(int days, String reason, String grantedBy, Instant grantedAt) {}

    public record DecisionView(ApplicationStatus outcome, LocalDate decidedOn, String decidedBy, LocalDate dueOn,
                               int workingDays, boolean onTime, String note, String reasons, String deniedBy) {}

    public record DeliveryView(LocalDate deliveredOn, DeliveryMethod method, String certificateNumber, boolean onTime) {}

    public record SubCaseView(String department, boolean lead, SubCaseStatus status, LocalDate startedOn, ClockView clock,
                              LocalDate decidedOn, String decidedBy, String reasons) {}

    /** A department the parallel case is waiting for, since when it has had the case, and for how long. */
    public record BlockingView(String department, Instant since, int waitingWorkingDays, Light light) {}

    public record ApplicationView(
            UUID id, String trackingNumber, ItemRef item, String department, boolean composite,
            ApplicantView applicant, Channel channel, String firstInquiryOfficer, String agent, String window, List<String> materials,
            ApplicationStatus status, List<String> allowedCommands,
            Instant submittedAt, LocalDate receivedOn, ClockView clock,
            SupplementView supplement, NotAcceptedView notAccepted, AcceptanceView acceptance, PledgeView pledge,
            List<PauseView> pauses, ExtensionView extension, DecisionView decision, DeliveryView delivery,
            Instant completedAt, Instant withdrawnAt, List<SubCaseView> subCases, List<BlockingView> blockedBy) {}

    /** A line of a list. */
    public record ApplicationSummary(UUID id, String trackingNumber, String itemCode, String itemName, String department,
                                     boolean composite, ApplicationStatus status, Instant submittedAt, String applicantName) {}

    /** What the applicant sees without signing in: no name, no number, no official's name. */
    public record TrackingView(String trackingNumber, String itemName, ApplicationStatus status, LocalDate receivedOn,
                               LocalDate acceptedOn, LocalDate decisionDueOn, LocalDate decidedOn, LocalDate deliveredOn,
                               boolean completed, List<String> missingMaterials, Light light, PledgeView pledge) {}

    /** The answer to a filing: the case and, this once, the verification code for anonymous tracking. */
    public record FiledView(ApplicationView application, String verificationCode) {}

    /** The identity part, as the caller may see it. */
    public record Identity(String idNumber, String phone, boolean full) {}

    static ApplicationView of(Application a, Identity identity, WorkingDayCalendar calendar, LegalRules rules, LocalDate today) {
        boolean full = identity.full();
        ApplicantView applicant = new ApplicantView(a.applicantKind,
                full || a.applicantKind == ApplicantKind.ENTERPRISE ? a.applicantName : maskName(a.applicantName),
                identity.idNumber(), identity.phone(), full ? a.applicantAccount : null, !full);
        ClockView clock = a.runningClock(rules).map(c -> clock(c, calendar, a.lightPolicy(rules), today)).orElse(null);
        SupplementView supplement = a.supplementRequestedAt == null ? null
                : new SupplementView(a.supplementRequestedAt, List.of(a.supplementMaterials), a.supplementNote, a.resubmittedAt);
        NotAcceptedView notAccepted = a.notAcceptedReason == null ? null : new NotAcceptedView(a.notAcceptedReason, a.notAcceptedRemedy);
        AcceptanceView acceptance = a.acceptedOn == null ? null
                : new AcceptanceView(a.acceptedOn, a.acceptedAt, a.acceptedBy, a.deemedAccepted, a.decisionLimitDays);
        PledgeView pledge = pledge(a);
        List<PauseView> pauses = a.pauses.stream().map(ApplicationViews::pause).toList();
        ExtensionView extension = a.extensionDays == 0 ? null
                : new ExtensionView(a.extensionDays, a.extensionReason, a.extendedBy, a.extendedAt);
        DecisionView decision = a.decidedOn == null ? null
                : new DecisionView(a.denialReasons == null ? ApplicationStatus.APPROVED : ApplicationStatus.DENIED, a.decidedOn,
                a.decidedBy, a.decisionDueOn, a.decisionWorkingDays == null ? 0 : a.decisionWorkingDays,
                Boolean.TRUE.equals(a.decidedOnTime), a.decisionNote, a.denialReasons, a.deniedByDepartment);
        DeliveryView delivery = a.deliveredOn == null ? null
                : new DeliveryView(a.deliveredOn, a.deliveryMethod, a.certificateNumber, Boolean.TRUE.equals(a.deliveredOnTime));
        List<SubCaseView> subCases = a.subCases.stream().map(s -> subCase(a, s, calendar, rules, today)).toList();
        // Accepted but not yet under review: only the lead department can move (its review opens the sub-cases to
        // the others), so it alone is blocking; under review or paused, every department yet to decide is.
        List<BlockingView> blockedBy = a.status == ApplicationStatus.UNDER_REVIEW || a.status == ApplicationStatus.ACCEPTED
                || a.status == ApplicationStatus.PAUSED
                ? a.subCases.stream().filter(SubCase::isPending)
                    .filter(s -> a.status != ApplicationStatus.ACCEPTED || s.lead)
                    .map(s -> blocking(a, s, calendar, rules, today)).toList()
                : List.of();
        return new ApplicationView(a.id, a.trackingNumber, new ItemRef(a.itemCode, a.itemVersion, a.itemName), a.departmentCode,
                a.composite, applicant, a.channel, a.firstInquiryOfficer, a.agent, a.windowCode, List.of(a.materials), a.status,
                a.allowedCommands().stream().map(Command::label).toList(), a.submittedAt, a.receivedOn, clock, supplement,
                notAccepted, acceptance, pledge, pauses, extension, decision, delivery, a.completedAt, a.withdrawnAt,
                subCases, blockedBy);
    }

    static PledgeView pledge(Application a) {
        return a.pledgeDeadline == null ? null : new PledgeView(List.of(a.pledgeMaterials), a.pledgeDeadline, a.pledgeStatus,
                a.pledgeBrokenOn, a.pledgeFulfilledOn);
    }

    static ApplicationSummary summary(Application a, boolean full) {
        return new ApplicationSummary(a.id, a.trackingNumber, a.itemCode, a.itemName, a.departmentCode, a.composite, a.status,
                a.submittedAt, full || a.applicantKind == ApplicantKind.ENTERPRISE ? a.applicantName : maskName(a.applicantName));
    }

    static TrackingView tracking(Application a, WorkingDayCalendar calendar, LegalRules rules, LocalDate today) {
        ClockView clock = a.runningClock(rules).map(c -> clock(c, calendar, a.lightPolicy(rules), today)).orElse(null);
        LocalDate decisionDue = a.decidedOn != null ? a.decisionDueOn
                : clock != null && clock.kind() == ClockKind.DECISION ? clock.dueOn() : null;
        return new TrackingView(a.trackingNumber, a.itemName, a.status, a.receivedOn, a.acceptedOn, decisionDue, a.decidedOn,
                a.deliveredOn, a.status == ApplicationStatus.COMPLETED,
                a.status == ApplicationStatus.SUPPLEMENT_REQUESTED ? List.of(a.supplementMaterials) : List.of(),
                clock == null ? null : clock.light(), pledge(a));
    }

    static ClockView clock(LegalClock c, WorkingDayCalendar calendar, LightPolicy policy, LocalDate today) {
        try {
            LegalClock.Reading r = c.read(calendar, today, policy);
            return new ClockView(r.kind(), r.start(), r.allowedDays(), r.pausedDays(), r.elapsedDays(), r.dueOn(),
                    r.remainingDays(), r.overdueDays(), r.light(), null);
        } catch (CalendarYearMissingException e) {
            return new ClockView(c.kind(), c.start(), c.allowedDays(), 0, 0, null, 0, 0, null, e.year());
        }
    }

    private static SubCaseView subCase(Application a, SubCase s, WorkingDayCalendar calendar, LegalRules rules, LocalDate today) {
        ClockView clock = s.isPending() ? clock(a.subCaseClock(s), calendar, a.lightPolicy(rules), today) : null;
        return new SubCaseView(s.department, s.lead, s.status, s.startedOn, clock, s.decidedOn, s.decidedBy, s.reasons);
    }

    private static BlockingView blocking(Application a, SubCase s, WorkingDayCalendar calendar, LegalRules rules, LocalDate today) {
        ClockView clock = clock(a.subCaseClock(s), calendar, a.lightPolicy(rules), today);
        return new BlockingView(s.department, s.startedAt, clock.elapsedWorkingDays(), clock.light());
    }

    private static PauseView pause(Pause p) {
        return new PauseView(p.reason, p.note, p.pausedOn, p.pausedBy, p.resumedOn, p.resumedBy);
    }

    /** 张三丰 → 张**: the family name only, for those not entitled to the applicant's identity. */
    static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }
}
