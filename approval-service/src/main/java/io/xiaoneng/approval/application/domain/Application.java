package io.xiaoneng.approval.application.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An application for an approval item (申请), under the legal clock of the Administrative License Law. Each command
 * method checks the state machine ({@link Lifecycle}) and the rule of the law it implements, changes the case and
 * returns the {@link Transition} to audit and publish. Nothing here touches the database, so the rules are
 * unit-tested in plain Java; the application service loads, authorizes and stores.
 *
 * <p>Personal data is kept out of the rules: the identifier arrives encrypted and masked (see the service).
 */
@Entity
@Table(name = "application")
public class Application extends PanacheEntityBase {

    /** Who acts, when, with which calendar and numbers: the context of one command. */
    public record Act(String actor, Instant at, WorkingDayCalendar calendar, LegalRules rules) {
        public Act {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(calendar, "calendar");
            Objects.requireNonNull(rules, "rules");
        }

        /** The Beijing-time date of the act: legal days are calendar days in Asia/Shanghai. */
        public LocalDate today() {
            return WorkingDayCalendar.dateOf(at);
        }
    }

    /** The terms of the item version at filing that the case is judged by (kept with the case). */
    public record ItemSnapshot(String code, int version, String name, String department, int committedLimitDays,
                               boolean acceptWithPledge, boolean composite, String leadDepartment,
                               List<String> participatingDepartments, Integer yellowPercent) {
        public ItemSnapshot(String code, int version, String name, String department, int committedLimitDays,
                            boolean acceptWithPledge, boolean composite, String leadDepartment, List<String> participatingDepartments) {
            this(code, version, name, department, committedLimitDays, acceptWithPledge, composite, leadDepartment,
                    participatingDepartments, null);
        }
    }

    /** The applicant as stored: the identifier encrypted, and its masked form for everyone else. */
    public record Applicant(ApplicantKind kind, String name, String idCipher, String idMasked,
                            String phoneCipher, String phoneMasked, String account) {}

    /** Who filed how. */
    /** {@code window}: the service-center window that received the filing; null for online and platform filings. */
    public record Filing(Channel channel, String submittedBy, String firstInquiryOfficer, String agent, String window,
                         List<String> materials) {}

    public static final String SYSTEM = "system";

    @Id
    public UUID id;

    @Column(name = "tracking_number", nullable = false, unique = true)
    public String trackingNumber;

    /** SHA-256 of the verification code: the code itself is only ever shown to the applicant at filing. */
    @Column(name = "verification_hash", nullable = false)
    public String verificationHash;

    @Column(name = "item_code", nullable = false)
    public String itemCode;
    @Column(name = "item_version", nullable = false)
    public int itemVersion;
    @Column(name = "item_name", nullable = false)
    public String itemName;
    @Column(name = "committed_limit_days", nullable = false)
    public int committedLimitDays;
    @Column(name = "accept_with_pledge", nullable = false)
    public boolean acceptWithPledge;
    /** The item version's own yellow threshold of the light, if it sets one (else the configured one). */
    @Column(name = "light_yellow_percent")
    public Integer lightYellowPercent;

    /** The handling department; for a parallel approval the lead department (一窗受理). */
    @Column(name = "department_code", nullable = false)
    public String departmentCode;
    public boolean composite;

    @Enumerated(EnumType.STRING)
    @Column(name = "applicant_kind", nullable = false)
    public ApplicantKind applicantKind;
    @Column(name = "applicant_name", nullable = false)
    public String applicantName;
    @Column(name = "applicant_id_cipher", nullable = false)
    public String applicantIdCipher;
    @Column(name = "applicant_id_masked", nullable = false)
    public String applicantIdMasked;
    @Column(name = "applicant_phone_cipher")
    public String applicantPhoneCipher;
    @Column(name = "applicant_phone_masked")
    public String applicantPhoneMasked;
    /** The applicant's login, if any: who may follow the case signed in (and withdraw it). */
    @Column(name = "applicant_account")
    public String applicantAccount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;
    @Column(name = "submitted_by", nullable = false)
    public String submittedBy;
    /** 首问责任人: the official who first took up the applicant's matter and answers for guiding it. */
    @Column(name = "first_inquiry_officer")
    public String firstInquiryOfficer;
    /** 代办员 of the center's agency service, when the case is handled on the applicant's behalf. */
    public String agent;
    /** The service-center window that received the filing (statistics per window); null for online and platform filings. */
    @Column(name = "window_code")
    public String windowCode;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "materials", columnDefinition = "varchar(300)[]")
    public String[] materials = new String[0];

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ApplicationStatus status;
    @Enumerated(EnumType.STRING)
    @Column(name = "paused_from")
    public ApplicationStatus pausedFrom;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;
    /** Start of the running acceptance clock: the day the (supplemented) materials were received. */
    @Column(name = "received_on", nullable = false)
    public LocalDate receivedOn;

    @Column(name = "supplement_requested_at")
    public Instant supplementRequestedAt;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "supplement_materials", columnDefinition = "varchar(300)[]")
    public String[] supplementMaterials;
    @Column(name = "supplement_note")
    public String supplementNote;
    @Column(name = "resubmitted_at")
    public Instant resubmittedAt;

    @Column(name = "not_accepted_reason")
    public String notAcceptedReason;
    @Column(name = "not_accepted_remedy")
    public String notAcceptedRemedy;

    @Column(name = "accepted_on")
    public LocalDate acceptedOn;
    @Column(name = "accepted_at")
    public Instant acceptedAt;
    @Column(name = "accepted_by")
    public String acceptedBy;
    @Column(name = "deemed_accepted", nullable = false)
    public boolean deemedAccepted;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "pledge_materials", columnDefinition = "varchar(300)[]")
    public String[] pledgeMaterials;
    @Column(name = "pledge_deadline")
    public LocalDate pledgeDeadline;
    /** Where the pledge stands; null without a pledge. */
    @Enumerated(EnumType.STRING)
    @Column(name = "pledge_status")
    public PledgeStatus pledgeStatus;
    @Column(name = "pledge_broken_on")
    public LocalDate pledgeBrokenOn;
    @Column(name = "pledge_fulfilled_on")
    public LocalDate pledgeFulfilledOn;
    @Column(name = "pledge_fulfilled_by")
    public String pledgeFulfilledBy;

    /** The decision limit in force from acceptance: the committed limit, or the parallel-approval limit. */
    @Column(name = "decision_limit_days", nullable = false)
    public int decisionLimitDays;
    @Column(name = "extension_days", nullable = false)
    public int extensionDays;
    @Column(name = "extension_reason")
    public String extensionReason;
    @Column(name = "extended_by")
    public String extendedBy;
    @Column(name = "extended_at")
    public Instant extendedAt;

    @Column(name = "review_started_at")
    public Instant reviewStartedAt;

    @Column(name = "decided_on")
    public LocalDate decidedOn;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decision_note")
    public String decisionNote;
    @Column(name = "denial_reasons")
    public String denialReasons;
    @Column(name = "denied_by_department")
    public String deniedByDepartment;
    @Column(name = "decision_due_on")
    public LocalDate decisionDueOn;
    @Column(name = "decision_working_days")
    public Integer decisionWorkingDays;
    @Column(name = "decided_on_time")
    public Boolean decidedOnTime;

    @Column(name = "delivered_on")
    public LocalDate deliveredOn;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_method")
    public DeliveryMethod deliveryMethod;
    @Column(name = "certificate_number")
    public String certificateNumber;
    @Column(name = "delivered_on_time")
    public Boolean deliveredOnTime;

    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;
    @Column(name = "withdrawal_reason")
    public String withdrawalReason;

    @Version
    public long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "application_pause", joinColumns = @JoinColumn(name = "application_id"))
    @OrderColumn(name = "position")
    public List<Pause> pauses = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "application_sub_case", joinColumns = @JoinColumn(name = "application_id"))
    @OrderColumn(name = "position")
    public List<SubCase> subCases = new ArrayList<>();

    protected Application() {}

    // --- filing ---------------------------------------------------------------------------------------------------

    /**
     * Files an application under the item version current now; the acceptance clock starts on the day of receipt.
     * A parallel item gets one sub-case per department (lead first), whose clocks start at acceptance.
     */
    public static Application file(UUID id, String trackingNumber, String verificationHash, ItemSnapshot item,
                                   Applicant applicant, Filing filing, Act act) {
        Application a = new Application();
        a.id = id;
        a.trackingNumber = trackingNumber;
        a.verificationHash = verificationHash;
        a.itemCode = item.code();
        a.itemVersion = item.version();
        a.itemName = item.name();
        a.committedLimitDays = item.committedLimitDays();
        a.acceptWithPledge = item.acceptWithPledge();
        a.lightYellowPercent = item.yellowPercent();
        a.composite = item.composite();
        a.departmentCode = item.composite() ? item.leadDepartment() : item.department();
        a.applicantKind = applicant.kind();
        a.applicantName = applicant.name();
        a.applicantIdCipher = applicant.idCipher();
        a.applicantIdMasked = applicant.idMasked();
        a.applicantPhoneCipher = applicant.phoneCipher();
        a.applicantPhoneMasked = applicant.phoneMasked();
        a.applicantAccount = applicant.account();
        a.channel = filing.channel();
        a.submittedBy = filing.submittedBy();
        a.firstInquiryOfficer = filing.firstInquiryOfficer();
        a.agent = filing.agent();
        a.windowCode = filing.window();
        a.materials = filing.materials() == null ? new String[0] : filing.materials().toArray(String[]::new);
        if (filing.channel() == Channel.AGENT && (filing.agent() == null || filing.agent().isBlank())) {
            throw new ApplicationRuleViolation("agent-required");
        }
        a.status = ApplicationStatus.SUBMITTED;
        a.submittedAt = act.at();
        a.receivedOn = act.today();
        if (item.composite()) {
            Set<String> departments = new LinkedHashSet<>();
            departments.add(item.leadDepartment());
            departments.addAll(item.participatingDepartments());
            for (String department : departments) {
                a.subCases.add(new SubCase(department, department.equals(item.leadDepartment())));
            }
        }
        return a;
    }

    /** The audit record of the filing itself. */
    public Transition submitted(Act act) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("channel", channel.name());
        details.put("applicantKind", applicantKind.name());
        details.put("receivedOn", receivedOn);
        details.put("acceptanceDueOn", acceptanceClock(act.rules()).dueOnIfKnown(act.calendar(), act.today()).orElse(null));
        details.put("participatingDepartments", subCases.stream().map(s -> s.department).toList());
        return new Transition(Command.SUBMISSION, null, status, act.actor(), act.at(), details);
    }

    // --- acceptance (art. 32) -------------------------------------------------------------------------------------

    /**
     * A pledge (容缺受理): the applicant promises to hand in {@code missingMaterials} by {@code deadline}, at most the
     * configured number of working days after acceptance ({@link LegalRules#pledgeLimitDays()}); without a
     * deadline, the latest allowed one.
     */
    public record Pledge(List<String> missingMaterials, LocalDate deadline) {}

    public Transition accept(Act act, Pledge pledge) {
        ApplicationStatus from = status;
        ApplicationStatus to = next(Command.ACCEPTANCE);
        if (pledge != null) {
            if (!acceptWithPledge) {
                throw new ApplicationRuleViolation("pledge-not-allowed", itemCode, itemVersion);
            }
            if (pledge.missingMaterials() == null || pledge.missingMaterials().isEmpty()
                    || pledge.missingMaterials().stream().anyMatch(Application::isBlank)) {
                throw new ApplicationRuleViolation("pledge-incomplete");
            }
            LocalDate latest = latestPledgeDeadline(act);
            LocalDate deadline = pledge.deadline() == null ? latest : pledge.deadline();
            if (!deadline.isAfter(act.today())) {
                throw new ApplicationRuleViolation("pledge-deadline-past");
            }
            if (deadline.isAfter(latest)) {
                throw new ApplicationRuleViolation("pledge-deadline-too-late", latest, act.rules().pledgeLimitDays());
            }
            pledgeMaterials = pledge.missingMaterials().toArray(String[]::new);
            pledgeDeadline = deadline;
            pledgeStatus = PledgeStatus.OPEN;
        }
        startDecisionClock(act, act.today(), false);
        status = to;
        if (firstInquiryOfficer == null) {
            firstInquiryOfficer = act.actor(); // online filings: whoever takes the case up answers for it
        }
        Map<String, Object> details = acceptanceDetails(act);
        if (pledge != null) {
            details.put("pledge", Map.of("missingMaterials", List.of(pledgeMaterials), "deadline", pledgeDeadline));
        }
        return new Transition(Command.ACCEPTANCE, from, to, act.actor(), act.at(), details);
    }

    /** The latest deadline a pledge given today may have: the pledge limit in working days from today. */
    private static LocalDate latestPledgeDeadline(Act act) {
        return act.calendar().addWorkingDays(act.today(), act.rules().pledgeLimitDays());
    }

    /** A pledge whose materials are still owed (open, or broken and not yet made good). */
    public boolean pledgeOutstanding() {
        return pledgeStatus == PledgeStatus.OPEN || pledgeStatus == PledgeStatus.BROKEN;
    }

    /**
     * The pledged materials arrive: the pledge is fulfilled (late, if it had been broken). Every pledged material
     * must be among {@code handedIn}; they join the case's materials.
     */
    public Transition fulfilPledge(Act act, List<String> handedIn) {
        ApplicationStatus from = status;
        ApplicationStatus to = next(Command.PLEDGE_FULFILMENT);
        List<String> given = handedIn == null || handedIn.isEmpty() ? List.of() : handedIn;
        List<String> missing = new ArrayList<>(List.of(pledgeMaterials));
        missing.removeAll(given);
        if (!missing.isEmpty()) {
            throw new ApplicationRuleViolation("pledge-materials-missing", String.join("、", missing));
        }
        boolean late = pledgeStatus == PledgeStatus.BROKEN;
        pledgeStatus = PledgeStatus.FULFILLED;
        pledgeFulfilledOn = act.today();
        pledgeFulfilledBy = act.actor();
        List<String> all = new ArrayList<>(List.of(materials));
        given.stream().filter(m -> !all.contains(m)).forEach(all::add);
        materials = all.toArray(String[]::new);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("materials", List.copyOf(given));
        details.put("deadline", pledgeDeadline);
        details.put("fulfilledOn", pledgeFulfilledOn);
        details.put("late", late);
        return new Transition(Command.PLEDGE_FULFILMENT, from, to, act.actor(), act.at(), details);
    }

    /**
     * The pledge deadline passed without the materials (its end: the deadline day itself still counts): the
     * pledge is broken. Applied by the supervision sweep and before every command or read of the case, like
     * deemed acceptance. The case stays where it is; it cannot be approved until the materials arrive.
     */
    public Optional<Transition> breakPledgeIfDue(Act act) {
        if (pledgeStatus != PledgeStatus.OPEN || !act.today().isAfter(pledgeDeadline)
                || Lifecycle.target(status, Command.PLEDGE_BREACH, facts()).isEmpty()) {
            return Optional.empty();
        }
        ApplicationStatus from = status;
        ApplicationStatus to = next(Command.PLEDGE_BREACH);
        pledgeStatus = PledgeStatus.BROKEN;
        pledgeBrokenOn = act.today();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("missingMaterials", List.of(pledgeMaterials));
        details.put("deadline", pledgeDeadline);
        details.put("brokenOn", pledgeBrokenOn);
        return Optional.of(new Transition(Command.PLEDGE_BREACH, from, to, act.actor(), act.at(), details));
    }

    /** 补齐后发证: a licence is granted only once the pledged materials are in. */
    private void requireNoOutstandingPledge() {
        if (pledgeOutstanding()) {
            throw new ApplicationRuleViolation("pledge-outstanding", String.join("、", pledgeMaterials), pledgeDeadline);
        }
    }

    /** The last day on which the acceptance decision is due (art. 32), counted from the latest receipt. */
    public LocalDate acceptanceDueOn(WorkingDayCalendar calendar, LegalRules rules) {
        return calendar.addWorkingDays(receivedOn, rules.acceptanceLimitDays());
    }

    public LegalClock acceptanceClock(LegalRules rules) {
        return LegalClock.of(ClockKind.ACCEPTANCE, receivedOn, rules.acceptanceLimitDays());
    }

    /**
     * Art. 32: without a decision on acceptance within the limit, the application counts as accepted from the
     * day the materials were received. Applied by the supervision job and before every command, so the law
     * holds whether or not the job has run yet.
     */
    public Optional<Transition> deemAcceptedIfDue(Act act) {
        if (status != ApplicationStatus.SUBMITTED && status != ApplicationStatus.RESUBMITTED) {
            return Optional.empty();
        }
        // A due day in a year without calendar data lies after every covered day: not due yet.
        LocalDate due = acceptanceClock(act.rules()).dueOnIfKnown(act.calendar(), act.today()).orElse(null);
        if (due == null || !act.today().isAfter(due)) {
            return Optional.empty();
        }
        ApplicationStatus from = status;
        ApplicationStatus to = next(Command.DEEMED_ACCEPTANCE);
        startDecisionClock(act, receivedOn, true);
        status = to;
        Map<String, Object> details = acceptanceDetails(act);
        details.put("acceptanceDueOn", due);
        return Optional.of(new Transition(Command.DEEMED_ACCEPTANCE, from, to, act.actor(), act.at(), details));
    }

    private void startDecisionClock(Act act, LocalDate on, boolean deemed) {
        acceptedOn = on;
        acceptedAt = act.at();
        acceptedBy = act.actor();
        deemedAccepted = deemed;
        decisionLimitDays = composite ? act.rules().parallelLimitDays() : committedLimitDays;
        // A deemed acceptance is noticed by the sweep days after the fact; the law starts the clocks on the day of
        // receipt, so the departments have been waiting since that day began, not since the sweep ran.
        Instant started = deemed ? on.atStartOfDay(WorkingDayCalendar.ZONE).toInstant() : act.at();
        for (SubCase sub : subCases) {
            sub.status = SubCaseStatus.PENDING;
            sub.startedOn = on;
            sub.startedAt = started;
        }
    }

    private Map<String, Object> acceptanceDetails(Act act) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("acceptedOn", acceptedOn);
        details.put("deemed", deemedAccepted);
        details.put("limitDays", decisionLimitDays);
        details.put("decisionDueOn", decisionClock().dueOnIfKnown(act.calendar(), act.today()).orElse(null));
        return details;
    }

    public Transition reject(Act act, String reason, String remedy) {
        if (isBlank(reason) || isBlank(remedy)) {
            throw new ApplicationRuleViolation("rejection-needs-reason-and-remedy");
        }
        ApplicationStatus from = status;
        status = next(Command.REJECTION);
        notAcceptedReason = reason;
        notAcceptedRemedy = remedy;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("remedy", remedy);
        return new Transition(Command.REJECTION, from, status, act.actor(), act.at(), details);
    }

    /** 一次性告知: one notice naming every missing material; the state machine allows no second one. */
    public Transition requestSupplement(Act act, List<String> missing, String note) {
        if (missing == null || missing.isEmpty() || missing.stream().anyMatch(Application::isBlank)) {
            throw new ApplicationRuleViolation("supplement-needs-materials");
        }
        ApplicationStatus from = status;
        status = next(Command.SUPPLEMENT_REQUEST);
        supplementRequestedAt = act.at();
        supplementMaterials = missing.toArray(String[]::new);
        supplementNote = note;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("missingMaterials", List.copyOf(missing));
        return new Transition(Command.SUPPLEMENT_REQUEST, from, status, act.actor(), act.at(), details);
    }

    /** The supplement arrives: a new acceptance clock runs from its receipt. */
    public Transition resubmit(Act act, List<String> handedIn) {
        ApplicationStatus from = status;
        status = next(Command.RESUBMISSION);
        resubmittedAt = act.at();
        receivedOn = act.today();
        if (handedIn != null && !handedIn.isEmpty()) {
            List<String> all = new ArrayList<>(List.of(materials));
            all.addAll(handedIn);
            materials = all.toArray(String[]::new);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("receivedOn", receivedOn);
        details.put("acceptanceDueOn", acceptanceClock(act.rules()).dueOnIfKnown(act.calendar(), act.today()).orElse(null));
        return new Transition(Command.RESUBMISSION, from, status, act.actor(), act.at(), details);
    }

    // --- decision (art. 42) ---------------------------------------------------------------------------------------

    public Transition startReview(Act act) {
        ApplicationStatus from = status;
        status = next(Command.REVIEW);
        reviewStartedAt = act.at();
        return new Transition(Command.REVIEW, from, status, act.actor(), act.at(), Map.of());
    }

    public Transition approve(Act act, String note) {
        ApplicationStatus from = status;
        ApplicationStatus to = next(Command.APPROVAL);
        requireNoOutstandingPledge();
        Map<String, Object> details = decide(act, to);
        decisionNote = note;
        return new Transition(Command.APPROVAL, from, to, act.actor(), act.at(), details);
    }

    /** A denial always states its reasons (art. 38): they are told to the applicant with the remedies. */
    public Transition deny(Act act, String reasons) {
        if (isBlank(reasons)) {
            throw new ApplicationRuleViolation("denial-needs-reasons");
        }
        ApplicationStatus from = status;
        ApplicationStatus to = next(Command.DENIAL);
        Map<String, Object> details = decide(act, to);
        denialReasons = reasons;
        deniedByDepartment = departmentCode;
        details.put("reasons", reasons);
        details.put("deniedBy", departmentCode);
        return new Transition(Command.DENIAL, from, to, act.actor(), act.at(), details);
    }

    /**
     * One department decides its part of a parallel approval. The case is approved when every department has
     * approved, and denied as soon as one denies (with that department's reasons).
     */
    public Transition decideSubCase(Act act, String department, boolean approve, String reasons) {
        Command command = approve ? Command.SUB_CASE_APPROVAL : Command.SUB_CASE_DENIAL;
        next(command); // state check first: 409 names what the case allows
        SubCase sub = subCase(department).orElseThrow(() -> new NotFoundProblem("sub-case", department));
        if (!sub.isPending()) {
            throw new IllegalTransitionProblem("sub-case", id + "/" + department, sub.status.name(), command.label(), List.of());
        }
        if (!approve && isBlank(reasons)) {
            throw new ApplicationRuleViolation("denial-needs-reasons");
        }
        if (approve && subCases.stream().allMatch(s -> s == sub || s.status == SubCaseStatus.APPROVED)) {
            requireNoOutstandingPledge(); // this approval would grant the licence
        }
        boolean subOnTime = onTime(subCaseClock(sub), act);
        sub.status = approve ? SubCaseStatus.APPROVED : SubCaseStatus.DENIED;
        sub.decidedOn = act.today();
        sub.decidedAt = act.at();
        sub.decidedBy = act.actor();
        sub.reasons = reasons;
        sub.decidedOnTime = subOnTime;

        ApplicationStatus from = status;
        ApplicationStatus to = status;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("subCaseDepartment", department);
        details.put("decision", sub.status.name());
        details.put("subCaseOnTime", subOnTime);
        if (!approve) {
            to = ApplicationStatus.DENIED;
            details.putAll(decide(act, to));
            denialReasons = reasons;
            deniedByDepartment = department;
            details.put("reasons", reasons);
            details.put("deniedBy", department);
        } else if (subCases.stream().allMatch(s -> s.status == SubCaseStatus.APPROVED)) {
            to = ApplicationStatus.APPROVED;
            details.putAll(decide(act, to));
        }
        status = to;
        return new Transition(command, from, to, act.actor(), act.at(), details);
    }

    /** Records the decision against the decision clock as it stands today. */
    private Map<String, Object> decide(Act act, ApplicationStatus outcome) {
        LegalClock clock = decisionClock();
        status = outcome;
        decidedOn = act.today();
        decidedAt = act.at();
        decidedBy = act.actor();
        decisionDueOn = clock.dueOnIfKnown(act.calendar(), act.today()).orElse(null);
        decisionWorkingDays = clock.elapsedDays(act.calendar(), act.today());
        decidedOnTime = onTime(clock, act);
        closeOpenSubCases();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decidedOn", decidedOn);
        details.put("decisionDueOn", decisionDueOn);
        details.put("workingDays", decisionWorkingDays);
        details.put("onTime", decidedOnTime);
        details.put("deliveryDueOn", deliveryClock(act.rules()).dueOnIfKnown(act.calendar(), act.today()).orElse(null));
        return details;
    }

    /**
     * Whether the clock's limit still holds today: today is not after the due day. When the due day lies in a
     * year without calendar data it is after today, so the act is on time.
     */
    private static boolean onTime(LegalClock clock, Act act) {
        return clock.dueOnIfKnown(act.calendar(), act.today()).map(due -> !act.today().isAfter(due)).orElse(true);
    }

    // --- after the decision (art. 44) -----------------------------------------------------------------------------

    public Transition deliverCertificate(Act act, DeliveryMethod method, String certificate) {
        if (method == null) {
            throw new ApplicationRuleViolation("delivery-needs-method");
        }
        if (this.status == ApplicationStatus.APPROVED && isBlank(certificate)) {
            throw new ApplicationRuleViolation("delivery-needs-certificate");
        }
        ApplicationStatus from = status;
        ApplicationStatus to = next(Command.CERTIFICATE_DELIVERY);
        LegalClock clock = deliveryClock(act.rules());
        status = to;
        deliveredOn = act.today();
        deliveredAt = act.at();
        deliveryMethod = method;
        certificateNumber = certificate;
        deliveredOnTime = onTime(clock, act);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deliveredOn", deliveredOn);
        details.put("deliveryDueOn", clock.dueOnIfKnown(act.calendar(), act.today()).orElse(null));
        details.put("onTime", deliveredOnTime);
        details.put("method", method.name());
        details.put("decision", from.name());
        return new Transition(Command.CERTIFICATE_DELIVERY, from, to, act.actor(), act.at(), details);
    }

    public Transition complete(Act act) {
        ApplicationStatus from = status;
        status = next(Command.COMPLETION);
        completedAt = act.at();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decision", denialReasons == null ? "APPROVED" : "DENIED");
        details.put("decidedOnTime", decidedOnTime);
        details.put("deliveredOnTime", deliveredOnTime);
        details.put("workingDays", decisionWorkingDays);
        return new Transition(Command.COMPLETION, from, status, act.actor(), act.at(), details);
    }

    /** The applicant takes the application back; only before the decision. */
    public Transition withdraw(Act act, String reason) {
        ApplicationStatus from = status;
        status = next(Command.WITHDRAWAL);
        withdrawnAt = act.at();
        withdrawalReason = reason;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        Pause pause = closeOpenPause(act);
        if (pause != null) {
            details.put("pauseEnded", pause.reason.name());
        }
        List<String> closed = closeOpenSubCases();
        if (!closed.isEmpty()) {
            details.put("subCasesClosed", closed);
        }
        return new Transition(Command.WITHDRAWAL, from, status, act.actor(), act.at(), details);
    }

    // --- pauses and the extension (arts. 42, 45) ------------------------------------------------------------------

    public Transition pause(Act act, PauseReason reason, String note) {
        if (reason == null) {
            throw new ApplicationRuleViolation("pause-needs-reason");
        }
        ApplicationStatus from = status;
        ApplicationStatus to = next(Command.PAUSE);
        pausedFrom = from;
        status = to;
        pauses.add(new Pause(reason, note, act.today(), act.at(), act.actor()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason.name());
        details.put("pausedOn", act.today());
        return new Transition(Command.PAUSE, from, to, act.actor(), act.at(), details);
    }

    public Transition resume(Act act) {
        ApplicationStatus from = status;
        ApplicationStatus to = next(Command.RESUMPTION);
        Pause open = closeOpenPause(act);
        if (open == null) {
            throw new IllegalStateException("paused without an open pause");
        }
        status = to;
        pausedFrom = null;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", open.reason.name());
        details.put("pausedOn", open.pausedOn);
        details.put("resumedOn", open.resumedOn);
        details.put("pausedWorkingDays", act.calendar().workingDaysBetween(open.pausedOn, open.resumedOn));
        details.put("decisionDueOn", decisionClock().dueOnIfKnown(act.calendar(), act.today()).orElse(null));
        return new Transition(Command.RESUMPTION, from, to, act.actor(), act.at(), details);
    }

    /** Departments that had not decided when the case was decided or withdrawn no longer owe a decision. */
    private List<String> closeOpenSubCases() {
        List<String> closed = new ArrayList<>();
        for (SubCase sub : subCases) {
            if (sub.status == SubCaseStatus.WAITING || sub.status == SubCaseStatus.PENDING) {
                sub.status = SubCaseStatus.CLOSED;
                closed.add(sub.department);
            }
        }
        return closed;
    }

    private Pause closeOpenPause(Act act) {
        Pause open = pauses.stream().filter(Pause::isOpen).findFirst().orElse(null);
        if (open != null) {
            open.resumedOn = act.today();
            open.resumedAt = act.at();
            open.resumedBy = act.actor();
        }
        return open;
    }

    /**
     * The one extension (art. 42: by the head of the department, with a reason told to the applicant). Art. 42 extends
     * a limit within which the decision "cannot be made" (二十日内不能作出决定的): it is granted while the limit runs,
     * not afterwards — an extension after the last day would turn an overdue case green again and count it on time.
     */
    public Transition extend(Act act, Integer days, String reason) {
        if (isBlank(reason)) {
            throw new ApplicationRuleViolation("extension-needs-reason");
        }
        ApplicationStatus from = status;
        ApplicationStatus to = next(Command.EXTENSION);
        LocalDate due = decisionClock().dueOn(act.calendar(), act.today());
        if (act.today().isAfter(due)) {
            throw new ApplicationRuleViolation("extension-after-deadline", due);
        }
        int max = composite ? act.rules().parallelExtensionDays() : act.rules().extensionDays();
        int granted = days == null ? max : days;
        if (granted < 1 || granted > max) {
            throw new ApplicationRuleViolation("extension-too-long", granted, max);
        }
        extensionDays = granted;
        extensionReason = reason;
        extendedBy = act.actor();
        extendedAt = act.at();
        status = to;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("days", granted);
        details.put("reason", reason);
        details.put("decisionDueOn", decisionClock().dueOnIfKnown(act.calendar(), act.today()).orElse(null));
        return new Transition(Command.EXTENSION, from, to, act.actor(), act.at(), details);
    }

    // --- clocks ---------------------------------------------------------------------------------------------------

    public Lifecycle.Facts facts() {
        return new Lifecycle.Facts(composite, extensionDays > 0, pausedFrom, pledgeOutstanding(), pledgeStatus == PledgeStatus.OPEN);
    }

    public List<Command> allowedCommands() {
        return Lifecycle.allowed(status, facts());
    }

    private ApplicationStatus next(Command command) {
        return Lifecycle.next(String.valueOf(id), status, command, facts());
    }

    /** The decision clock: from acceptance, the decision limit plus the extension, less the pauses. */
    public LegalClock decisionClock() {
        if (acceptedOn == null) {
            throw new IllegalStateException("not accepted");
        }
        return new LegalClock(ClockKind.DECISION, acceptedOn, decisionLimitDays, extensionDays,
                pauses.stream().map(Pause::interval).toList());
    }

    /** A department's clock in a parallel approval: its committed limit from acceptance, paused with the case. */
    public LegalClock subCaseClock(SubCase sub) {
        LocalDate start = sub.startedOn != null ? sub.startedOn : acceptedOn;
        if (start == null) {
            throw new IllegalStateException("not started");
        }
        return new LegalClock(ClockKind.DECISION, start, committedLimitDays, 0,
                pauses.stream().map(Pause::interval).filter(p -> !p.pausedOn().isBefore(start)).toList());
    }

    /** Art. 44: the licence (or the written decision) is delivered within the delivery limit of the decision. */
    public LegalClock deliveryClock(LegalRules rules) {
        if (decidedOn == null) {
            throw new IllegalStateException("not decided");
        }
        return LegalClock.of(ClockKind.DELIVERY, decidedOn, rules.deliveryLimitDays());
    }

    /** The light policy of this case: the item version's yellow threshold, or the configured one. */
    public LightPolicy lightPolicy(LegalRules rules) {
        return lightYellowPercent == null ? rules.lightPolicy() : new LightPolicy(lightYellowPercent);
    }

    /** The clock running now, if any. */
    public Optional<LegalClock> runningClock(LegalRules rules) {
        return switch (status.clock()) {
            case ACCEPTANCE -> Optional.of(LegalClock.of(ClockKind.ACCEPTANCE, receivedOn, rules.acceptanceLimitDays()));
            case DECISION -> Optional.of(decisionClock());
            case DELIVERY -> Optional.of(deliveryClock(rules));
            case NONE -> Optional.empty();
        };
    }

    public Optional<SubCase> subCase(String department) {
        return subCases.stream().filter(s -> s.department.equals(department)).findFirst();
    }

    /** Every department that handles part of the case (the handling department first). */
    public List<String> departments() {
        Set<String> all = new LinkedHashSet<>();
        all.add(departmentCode);
        subCases.forEach(s -> all.add(s.department));
        return List.copyOf(all);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
