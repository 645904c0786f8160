package io.xiaoneng.complaint.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A complaint and its way through the four-step rule. Every change goes through a command method, which asks
 * {@link Lifecycle} whether the state allows it, moves the step clock and returns the {@link Transition} the
 * application layer audits and publishes. Plain Java apart from the mapping: the rules are tested without a database.
 *
 * <p>The complainant's identity is held only encrypted ({@code complainant*}, AES-GCM by the application layer) and
 * is never part of a transition, an event or the audited state.
 */
@Entity
@Table(name = "complaint")
public class Complaint extends PanacheEntityBase {

    public static final String SYSTEM = "system";
    /** How events and the audit trail name the complainant acting through his tracking code: never by name. */
    public static final String COMPLAINANT = "complainant";

    @Id
    public UUID id;
    public String reference;
    @Column(name = "tracking_hash")
    public String trackingHash;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    @Column(name = "category_code")
    public String category;
    public String description;
    @Column(name = "target_department")
    public String targetDepartment;
    @Column(name = "post_code")
    public String post;
    @Column(name = "application_id")
    public UUID applicationId;
    @Column(name = "monitoring_point")
    public String monitoringPoint;
    @Column(name = "forwarded_reference")
    public String forwardedReference;
    /** The platform client (OAuth client id) that forwarded a PROVINCE/CITY complaint: only it reads the case. */
    @Column(name = "forwarded_by")
    public String forwardedBy;
    @Column(name = "open311_client")
    public Long open311Client;
    @Column(name = "open311_token")
    public UUID open311Token;
    public String address;
    /** GeoReport v2 {@code address_id}: the place in the submitting client's address register, kept as given. */
    @Column(name = "address_id")
    public String addressId;
    public Double lat;
    public Double lon;
    public boolean anonymous;
    @Column(name = "complainant_name")
    public String complainantName;
    @Column(name = "complainant_phone")
    public String complainantPhone;
    @Column(name = "complainant_contact")
    public String complainantContact;
    @Column(name = "personal_data_redacted_at")
    public Instant personalDataRedactedAt;
    @Enumerated(EnumType.STRING)
    public ComplaintStatus status;
    @Column(name = "handling_department")
    public String handlingDepartment;
    @Column(name = "referred_to")
    public String referredTo;
    @Column(name = "bounce_count")
    public int bounceCount;
    @Column(name = "reopen_count")
    public int reopenCount;
    @Column(name = "overdue_steps")
    public int overdueSteps;
    @Enumerated(EnumType.STRING)
    public Finding finding;
    public String measures;
    public Boolean satisfied;
    @Column(name = "merged_into")
    public UUID mergedInto;
    @Column(name = "received_at")
    public Instant receivedAt;
    @Column(name = "accepted_at")
    public Instant acceptedAt;
    @Column(name = "first_dispatched_at")
    public Instant firstDispatchedAt;
    @Column(name = "dispatched_at")
    public Instant dispatchedAt;
    @Column(name = "handled_at")
    public Instant handledAt;
    @Column(name = "replied_at")
    public Instant repliedAt;
    @Column(name = "rated_at")
    public Instant ratedAt;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "step_due_on")
    public LocalDate stepDueOn;
    @Column(name = "step_started_at")
    public Instant stepStartedAt;
    @Column(name = "step_seq")
    public int stepSeq;
    @Column(name = "alerts_checked_on")
    public LocalDate alertsCheckedOn;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    /** Who acts, when, and the rules in force. */
    public record Act(String actor, Instant now, WorkingDayCalendar calendar, StepLimits limits, int maxBounces) {}

    /** One state change; {@code from} is null for the receipt. */
    public record Transition(Command command, ComplaintStatus from, ComplaintStatus to, String actor, Instant at) {}

    /** What the intake recorded, the identity already encrypted. */
    public record Intake(Channel channel, String category, String description, String targetDepartment, String post,
                         UUID applicationId, String monitoringPoint, String forwardedReference, String address,
                         Double lat, Double lon, boolean anonymous, String encryptedName, String encryptedPhone,
                         String encryptedContact) {}

    protected Complaint() {}

    public static Complaint receive(UUID id, String reference, String trackingHash, Intake in, Act act) {
        Complaint c = new Complaint();
        c.id = id;
        c.reference = reference;
        c.trackingHash = trackingHash;
        c.channel = in.channel();
        c.category = in.category();
        c.description = in.description();
        c.targetDepartment = in.targetDepartment();
        c.post = in.post();
        c.applicationId = in.applicationId();
        c.monitoringPoint = in.monitoringPoint();
        c.forwardedReference = in.forwardedReference();
        c.address = in.address();
        c.lat = in.lat();
        c.lon = in.lon();
        c.anonymous = in.anonymous();
        if (!in.anonymous()) {
            c.complainantName = in.encryptedName();
            c.complainantPhone = in.encryptedPhone();
            c.complainantContact = in.encryptedContact();
        }
        c.status = ComplaintStatus.RECEIVED;
        c.receivedAt = act.now();
        c.enterStep(act);
        return c;
    }

    public Transition receipt() {
        return new Transition(null, null, ComplaintStatus.RECEIVED, null, receivedAt);
    }

    public Lifecycle.Facts facts(Act act) {
        return facts(act.now(), act.limits(), act.maxBounces());
    }

    public Lifecycle.Facts facts(Instant now, StepLimits limits, int maxBounces) {
        return new Lifecycle.Facts(bounceCount, maxBounces, withinReopenWindow(now, limits), handlingDepartment != null && referredTo == null);
    }

    /** The reopen window runs from the last reply, in calendar days (end of the last day not counted separately). */
    public boolean withinReopenWindow(Instant now, StepLimits limits) {
        return repliedAt != null && !now.isAfter(repliedAt.plus(Duration.ofDays(limits.reopenDays())));
    }

    // --- commands -------------------------------------------------------------------------------------------------

    public Transition accept(Act act) {
        Transition t = move(Command.ACCEPT, act);
        acceptedAt = act.now();
        return t;
    }

    public Transition refer(String competentBody, Act act) {
        Transition t = move(Command.REFER, act);
        referredTo = competentBody;
        handlingDepartment = null;
        if (acceptedAt == null) {
            acceptedAt = act.now(); // registered and taken on: it will be answered
        }
        return t;
    }

    public Transition dispatch(String department, Act act) {
        Transition t = move(Command.DISPATCH, act);
        toDepartment(department, act);
        return t;
    }

    /** The supervisor decides after the bounce limit: the case goes to {@code department}. */
    public Transition decide(String department, Act act) {
        Transition t = move(Command.DECIDE, act);
        toDepartment(department, act);
        return t;
    }

    private void toDepartment(String department, Act act) {
        handlingDepartment = department;
        dispatchedAt = act.now();
        if (firstDispatchedAt == null) {
            firstDispatchedAt = act.now();
        }
    }

    public Transition bounce(Act act) {
        Transition t = move(Command.BOUNCE, act);
        bounceCount++;
        handlingDepartment = null;
        return t;
    }

    public Transition handle(Finding f, String measureText, Act act) {
        Transition t = move(Command.HANDLE, act);
        finding = f;
        measures = measureText;
        handledAt = act.now();
        return t;
    }

    /** The caller records one reply record per complainant in the same transaction. */
    public Transition reply(Act act) {
        Transition t = move(Command.REPLY, act);
        repliedAt = act.now();
        return t;
    }

    public Transition feedback(boolean isSatisfied, Act act) {
        Transition t = move(Command.FEEDBACK, act);
        satisfied = isSatisfied;
        ratedAt = act.now();
        return t;
    }

    public Transition close(Act act) {
        Lifecycle.next(id, status, Command.CLOSE, facts(act)); // 409 first when the state does not allow it
        if (repliedAt == null) { // unreachable by the table; kept as the last line of defence of 有果必复
            throw new IllegalStateException("a complaint is never closed without a reply");
        }
        Transition t = move(Command.CLOSE, act);
        closedAt = act.now();
        return t;
    }

    /** Back to the handling department (or the intake for a referred case); the previous reply stays on record. */
    public Transition reopen(Act act) {
        Transition t = move(Command.REOPEN, act);
        reopenCount++;
        repliedAt = null;
        handledAt = null;
        finding = null;
        measures = null;
        satisfied = null;
        ratedAt = null;
        closedAt = null;
        if (t.to() == ComplaintStatus.DISPATCHED) {
            dispatchedAt = act.now();
        } else {
            referredTo = null;
        }
        return t;
    }

    /** This complaint is a duplicate of {@code master}: it follows the master from now on. */
    public Transition mergeInto(Complaint master, Act act) {
        Transition t = move(Command.MERGE, act);
        mergedInto = master.id;
        return t;
    }

    /**
     * This duplicate's master was merged into {@code master}: it follows to the new master. No state change (it stays
     * MERGED, its step clock untouched) — only where it belongs; the transition is recorded as a merge.
     */
    public Transition followMaster(Complaint master, Act act) {
        if (status != ComplaintStatus.MERGED) {
            throw new IllegalStateException("only a merged duplicate follows its master");
        }
        mergedInto = master.id;
        updatedAt = act.now();
        return new Transition(Command.MERGE, ComplaintStatus.MERGED, ComplaintStatus.MERGED, act.actor(), act.now());
    }

    /** The master takes duplicates only while it has not been answered, so every complainant gets its reply. */
    public boolean acceptsDuplicates() {
        return switch (status) {
            case RECEIVED, ACCEPTED, DISPATCHED, AWAITING_DECISION, HANDLED, REFERRED -> true;
            default -> false;
        };
    }

    // --- the step clock -------------------------------------------------------------------------------------------

    private Transition move(Command command, Act act) {
        ComplaintStatus from = status;
        ComplaintStatus to = Lifecycle.next(id, status, command, facts(act));
        if (stepDueOn != null && WorkingDayCalendar.dateOf(act.now()).isAfter(stepDueOn)) {
            overdueSteps++;
        }
        status = to;
        enterStep(act);
        return new Transition(command, from, to, act.actor(), act.now());
    }

    private void enterStep(Act act) {
        stepSeq++;
        stepStartedAt = act.now();
        updatedAt = act.now();
        alertsCheckedOn = null;
        int days = act.limits().daysFor(status);
        if (days < 0) {
            stepDueOn = null;
            return;
        }
        try {
            stepDueOn = act.calendar().addWorkingDays(WorkingDayCalendar.dateOf(act.now()), days);
        } catch (CalendarYearMissingException e) {
            stepDueOn = null; // nothing guessed: no calendar data, no deadline (an administrator loads the year)
        }
    }

    /** Every finished step within its deadline, and the current one not overdue at {@code now}. */
    public boolean onTime(Instant now) {
        return overdueSteps == 0 && (stepDueOn == null || !WorkingDayCalendar.dateOf(now).isAfter(stepDueOn));
    }

    public boolean isOverdue(LocalDate today) {
        return stepDueOn != null && today.isAfter(stepDueOn);
    }
}
