package io.xiaoneng.complaint.app;

import io.xiaoneng.platform.identity.PiiCipher;
import io.xiaoneng.complaint.domain.Channel;
import io.xiaoneng.complaint.domain.Command;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintCategory;
import io.xiaoneng.complaint.domain.ComplaintReply;
import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.complaint.domain.Finding;
import io.xiaoneng.complaint.domain.Lifecycle;
import io.xiaoneng.complaint.domain.MonitoringPoint;
import io.xiaoneng.complaint.events.ComplaintEvents;
import io.xiaoneng.complaint.integration.PlatformChannels;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.identity.InvalidIdentifierException;
import io.xiaoneng.platform.identity.PhoneNumber;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Intake, commands and reads of complaints: loads the case with a row lock, authorizes the caller
 * ({@link ComplaintAccess}), checks {@code If-Match}, lets the domain decide, and records the audit entry and the
 * event in the same transaction.
 */
@ApplicationScoped
public class ComplaintService {

    public static final String KIND = "complaint";
    static final String AUDIT_TYPE = "complaint";

    @Inject
    EntityManager em;

    @Inject
    ComplaintRules rules;

    @Inject
    ComplaintAccess access;

    @Inject
    PlatformChannels platformChannels;

    @Inject
    PiiCipher pii;

    @Inject
    TrackingCodes codes;

    @Inject
    AuditTrail audit;

    @Inject
    Outbox outbox;

    @Inject
    Departments departments;

    public record Complainant(String name, String phone, String contact) {}

    public record NewComplaint(Channel channel, String category, String description, String targetDepartment, String post,
                               UUID applicationId, String monitoringPoint, String forwardedReference, String address,
                               Double lat, Double lon, boolean anonymous, Complainant complainant) {}

    /**
     * A request filed by a registered GeoReport v2 client: the client, and the {@code address_id} the request was
     * located by (its address register's id of the place, or null).
     */
    public record Open311Origin(long client, String addressId) {}

    /** The registered case and its tracking code: the code exists in clear only in this answer. */
    public record Registered(Complaint complaint, String trackingCode) {}

    /** What the audit trail keeps of a case: its state, never the complainant. */
    public record AuditState(String status, String handlingDepartment, int bounceCount, int reopenCount, String finding,
                             LocalDate stepDueOn, UUID mergedInto, Map<String, Object> details) {
        public static AuditState of(Complaint c, Map<String, Object> details) {
            return new AuditState(c.status.name(), c.handlingDepartment, c.bounceCount, c.reopenCount,
                    c.finding == null ? null : c.finding.name(), c.stepDueOn, c.mergedInto, details.isEmpty() ? null : details);
        }
    }

    // --- intake ---------------------------------------------------------------------------------------------------

    /**
     * A registration through the API: the caller decides which channels he may use. Anyone (signed in or not) files
     * online (WEB); the intake staff register every channel but the province's and city's; the provincial and city
     * platforms (integration clients) forward under their own channel, reaching here only through their endpoint,
     * which records their reference ({@code ExternalComplaintResource}).
     */
    @Transactional
    public Registered register(NewComplaint in) {
        Channel channel = in.channel() == null ? Channel.WEB : in.channel();
        boolean allowed;
        if (access.isPlatform()) {
            // each platform forwards under its own channel, by default too
            Channel own = platformChannels.channels().get(access.platformClient());
            channel = in.channel() == null && own != null ? own : channel;
            allowed = own != null && channel == own;
        } else if (access.isIntake()) {
            allowed = !channel.isForwarded() && channel != Channel.E_SUPERVISION;
        } else {
            allowed = channel == Channel.WEB;
        }
        if (!allowed) {
            throw new UnprocessableProblem("complaint.channel-not-yours", channel.name())
                    .withFieldError("channel", "complaint.channel-not-yours", channel.name());
        }
        String actor = access.isIntake() || access.isPlatform() ? access.username() : Complaint.COMPLAINANT;
        NewComplaint effective = new NewComplaint(channel, in.category(), in.description(), in.targetDepartment(), in.post(),
                in.applicationId(), in.monitoringPoint(), in.forwardedReference(), in.address(), in.lat(), in.lon(),
                in.anonymous(), in.complainant());
        // The forwarding platform is recorded with the case: it reads its own forwarded complaints, not the other's.
        return receive(effective, actor, null, access.isPlatform() ? access.platformClient() : null);
    }

    /** Validates and records a complaint (any channel, no caller check: the callers have checked). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Registered receive(NewComplaint in, String actor, Open311Origin open311) {
        return receive(in, actor, open311, null);
    }

    private Registered receive(NewComplaint in, String actor, Open311Origin open311, String forwardedBy) {
        validate(in);
        Complainant who = in.anonymous() ? null : in.complainant();
        String phone = null;
        if (who != null && who.phone() != null && !who.phone().isBlank()) {
            try {
                phone = PhoneNumber.parse(who.phone()).value();
            } catch (InvalidIdentifierException e) {
                // A malformed number is the same 400 as in a filing's applicant.phone, with the same field texts.
                throw e.fieldProblem("complainant.phone");
            }
        }
        Complaint.Act act = rules.act(actor, in.category());
        long seq = ((Number) em.createNativeQuery("select nextval('complaint_reference_seq')").getSingleResult()).longValue();
        String code = codes.newCode();
        Complaint.Intake intake = new Complaint.Intake(in.channel(), in.category(), in.description(), in.targetDepartment(),
                blankToNull(in.post()), in.applicationId(), blankToNull(in.monitoringPoint()), blankToNull(in.forwardedReference()),
                blankToNull(in.address()), in.lat(), in.lon(), in.anonymous(),
                who == null ? null : pii.encrypt(blankToNull(who.name())), pii.encrypt(phone),
                who == null ? null : pii.encrypt(blankToNull(who.contact())));
        Complaint c = Complaint.receive(UUID.randomUUID(), codes.reference(rules.today(), seq), codes.hash(code), intake, act);
        if (open311 != null) {
            c.open311Client = open311.client();
            c.open311Token = UUID.randomUUID();
            c.addressId = blankToNull(open311.addressId());
        }
        c.forwardedBy = forwardedBy;
        c.persist();
        record(c, new Complaint.Transition(null, null, ComplaintStatus.RECEIVED, actor, act.now()), null, Map.of());
        return new Registered(c, code);
    }

    private void validate(NewComplaint in) {
        ComplaintCategory category = in.category() == null ? null : ComplaintCategory.findById(in.category());
        if (category == null || !category.active) {
            ProblemException.Msg kind = new ProblemException.Msg("kind.complaint-category", "complaint category");
            throw new UnprocessableProblem("reference-not-found", kind, in.category())
                    .withFieldError("category", "reference-not-found", kind, in.category());
        }
        // A supervision case names the department approval-service gave: authoritative, even before the projection has it.
        if (in.targetDepartment() != null && in.channel() != Channel.E_SUPERVISION) {
            departments.requireActive(in.targetDepartment(), "targetDepartment");
        }
        if (in.channel() == Channel.MONITORING_POINT) {
            MonitoringPoint point = in.monitoringPoint() == null ? null : MonitoringPoint.findById(in.monitoringPoint());
            if (point == null || !point.active) {
                ProblemException.Msg kind = new ProblemException.Msg("kind.monitoring-point", "monitoring point");
                throw new UnprocessableProblem("reference-not-found", kind, in.monitoringPoint())
                        .withFieldError("monitoringPoint", "reference-not-found", kind, in.monitoringPoint());
            }
        } else if (in.monitoringPoint() != null) {
            throw new UnprocessableProblem("complaint.point-only-for-channel")
                    .withFieldError("monitoringPoint", "complaint.point-only-for-channel");
        }
        if (in.channel().isForwarded() && blankToNull(in.forwardedReference()) == null) {
            throw new UnprocessableProblem("complaint.forwarded-reference-required")
                    .withFieldError("forwardedReference", "complaint.forwarded-reference-required");
        }
        if (!in.anonymous() && (in.complainant() == null
                || (blankToNull(in.complainant().name()) == null && blankToNull(in.complainant().phone()) == null
                    && blankToNull(in.complainant().contact()) == null))) {
            throw new UnprocessableProblem("complaint.complainant-required")
                    .withFieldError("complainant", "complaint.complainant-required");
        }
    }

    // --- commands -------------------------------------------------------------------------------------------------

    @Transactional
    public Complaint accept(UUID id, IfMatch ifMatch) {
        Complaint c = commandable(id, Command.ACCEPT, ifMatch);
        Object before = AuditState.of(c, Map.of());
        return record(c, c.accept(act(c)), before, Map.of());
    }

    @Transactional
    public Complaint refer(UUID id, IfMatch ifMatch, String referredTo, String reason) {
        Complaint c = commandable(id, Command.REFER, ifMatch);
        Object before = AuditState.of(c, Map.of());
        return record(c, c.refer(referredTo, act(c)), before, details("referredTo", referredTo, "reason", reason));
    }

    @Transactional
    public Complaint dispatch(UUID id, IfMatch ifMatch, String department) {
        Complaint c = commandable(id, Command.DISPATCH, ifMatch);
        requireAllowed(c, Command.DISPATCH);
        departments.requireActive(department, "department");
        Object before = AuditState.of(c, Map.of());
        return record(c, c.dispatch(department, act(c)), before, Map.of());
    }

    @Transactional
    public Complaint decide(UUID id, IfMatch ifMatch, String department, String reason) {
        Complaint c = commandable(id, Command.DECIDE, ifMatch);
        requireAllowed(c, Command.DECIDE);
        departments.requireActive(department, "department");
        Object before = AuditState.of(c, Map.of());
        return record(c, c.decide(department, act(c)), before, details("reason", reason));
    }

    @Transactional
    public Complaint bounce(UUID id, IfMatch ifMatch, String reason) {
        Complaint c = commandable(id, Command.BOUNCE, ifMatch);
        Object before = AuditState.of(c, Map.of());
        String from = c.handlingDepartment;
        return record(c, c.bounce(act(c)), before, details("reason", reason, "bouncedBy", from));
    }

    @Transactional
    public Complaint handle(UUID id, IfMatch ifMatch, Finding finding, String measures) {
        Complaint c = commandable(id, Command.HANDLE, ifMatch);
        Object before = AuditState.of(c, Map.of());
        return record(c, c.handle(finding, measures, act(c)), before, Map.of());
    }

    /** The reply, recorded once per complainant: this case's and every duplicate merged into it. */
    @Transactional
    public Complaint reply(UUID id, IfMatch ifMatch, String text) {
        Complaint c = commandable(id, Command.REPLY, ifMatch);
        Object before = AuditState.of(c, Map.of());
        Complaint.Transition t = c.reply(act(c));
        List<UUID> addressees = new ArrayList<>();
        addressees.add(c.id);
        addressees.addAll(duplicatesOf(c.id));
        for (UUID addressee : addressees) {
            new ComplaintReply(c.id, addressee, text, t.actor(), t.at()).persist();
        }
        return record(c, t, before, details("complainants", addressees.size()));
    }

    @Transactional
    public Complaint feedback(UUID id, IfMatch ifMatch, boolean satisfied, String note) {
        Complaint c = commandable(id, Command.FEEDBACK, ifMatch);
        return giveFeedback(c, satisfied, note, access.username());
    }

    @Transactional
    public Complaint close(UUID id, IfMatch ifMatch) {
        Complaint c = commandable(id, Command.CLOSE, ifMatch);
        Object before = AuditState.of(c, Map.of());
        return record(c, c.close(act(c)), before, Map.of());
    }

    @Transactional
    public Complaint reopen(UUID id, IfMatch ifMatch, String reason) {
        Complaint c = commandable(id, Command.REOPEN, ifMatch);
        Object before = AuditState.of(c, Map.of());
        return record(c, c.reopen(act(c)), before, details("reason", reason));
    }

    /** Merges {@code id} (the duplicate) into {@code masterId}; the duplicate's own duplicates follow. */
    @Transactional
    public Complaint merge(UUID id, IfMatch ifMatch, UUID masterId) {
        if (id.equals(masterId)) {
            throw new UnprocessableProblem("complaint.merge-into-itself").withFieldError("into", "complaint.merge-into-itself");
        }
        // The duplicate's own duplicates change too. Lock every row in id order — the two cases and those followers —
        // so that two opposite merges (or a merge and a link) cannot deadlock. A case merged into the duplicate
        // after this read had to lock the duplicate first, so the followers are re-read once it is locked.
        TreeMap<UUID, Complaint> locked = new TreeMap<>();
        TreeSet<UUID> ids = new TreeSet<>(duplicatesOf(id));
        ids.add(id);
        ids.add(masterId);
        for (UUID each : ids) {
            Complaint c = em.find(Complaint.class, each, LockModeType.PESSIMISTIC_WRITE);
            if (c == null && (each.equals(id) || each.equals(masterId))) {
                throw new NotFoundProblem(KIND, each);
            }
            if (c != null) {
                locked.put(each, c);
            }
        }
        Complaint duplicate = locked.get(id);
        Complaint master = locked.get(masterId);
        visibleOr404(duplicate);
        access.authorize(duplicate, Command.MERGE);
        ifMatch.check(duplicate.version);
        if (!access.canRead(master) || !master.acceptsDuplicates()) {
            throw new UnprocessableProblem("complaint.merge-target-not-open", master.reference)
                    .withFieldError("into", "complaint.merge-target-not-open", master.reference);
        }
        Object before = AuditState.of(duplicate, Map.of());
        Complaint.Act act = act(duplicate);
        Complaint.Transition t = duplicate.mergeInto(master, act);
        record(duplicate, t, before, Map.of());
        // Each follower now belongs to the master: a change of its own, audited and published like the merge itself,
        // so that other services' projections (mergedInto) follow too.
        for (UUID followerId : duplicatesOf(id)) {
            Complaint follower = locked.get(followerId);
            if (follower == null) {
                follower = lock(followerId);
            }
            Object followerBefore = AuditState.of(follower, Map.of());
            Complaint.Transition moved = follower.followMaster(master, act);
            record(follower, moved, followerBefore, details("previousMaster", duplicate.id.toString()));
        }
        return duplicate;
    }

    // --- the complainant, by tracking code ------------------------------------------------------------------------

    public Complaint track(String code) {
        return byCode(code).orElseThrow(() -> new NotFoundProblem("complaint-tracking", "-"));
    }

    /** Feedback by the complainant himself (his own reply record; the case moves on if it is the master's). */
    @Transactional
    public Complaint feedbackByComplainant(String code, boolean satisfied, String note) {
        Complaint c = track(code);
        em.refresh(c, LockModeType.PESSIMISTIC_WRITE);
        return giveFeedback(c, satisfied, note, Complaint.COMPLAINANT);
    }

    @Transactional
    public Complaint reopenByComplainant(String code, String reason) {
        Complaint c = track(code);
        em.refresh(c, LockModeType.PESSIMISTIC_WRITE);
        Object before = AuditState.of(c, Map.of());
        return record(c, c.reopen(rules.act(Complaint.COMPLAINANT, c.category)), before, details("reason", reason));
    }

    private Optional<Complaint> byCode(String code) {
        if (code == null || code.isBlank() || code.length() > 64) {
            return Optional.empty();
        }
        return Complaint.find("trackingHash", codes.hash(code)).firstResultOptional();
    }

    private Complaint giveFeedback(Complaint c, boolean satisfied, String note, String actor) {
        ComplaintReply reply = latestReply(c.id).orElse(null);
        if (c.status == ComplaintStatus.MERGED) {
            // A duplicate's complainant rates the reply he received; the duplicate itself stays merged.
            if (reply == null) {
                throw new IllegalTransitionProblem(KIND, c.id, c.status.name(), Command.FEEDBACK.label(), List.of());
            }
            if (reply.feedbackAt != null) {
                throw new ConflictProblem("complaint.feedback-given");
            }
            Instant now = rules.now();
            setFeedback(reply, satisfied, note, now);
            AuditState state = AuditState.of(c, details("satisfied", satisfied));
            audit.record(actor, AUDIT_TYPE, c.id.toString(), Command.FEEDBACK.label(), state, state);
            var event = ComplaintEvents.of(c, new Complaint.Transition(Command.FEEDBACK, c.status, c.status, actor, now),
                    Map.of("satisfied", satisfied));
            outbox.record(event.type(), c.id.toString(), event.data());
            return c;
        }
        Object before = AuditState.of(c, Map.of());
        Complaint.Transition t = c.feedback(satisfied, rules.act(actor, c.category));
        if (reply != null) {
            setFeedback(reply, satisfied, note, t.at());
        }
        return record(c, t, before, details("satisfied", satisfied));
    }

    private static void setFeedback(ComplaintReply reply, boolean satisfied, String note, Instant at) {
        reply.satisfied = satisfied;
        reply.feedbackNote = note;
        reply.feedbackAt = at;
    }

    // --- reads ----------------------------------------------------------------------------------------------------

    public Complaint get(UUID id) {
        Complaint c = em.find(Complaint.class, id);
        return visibleOr404(c);
    }

    public record Filter(ComplaintStatus status, String department, String category, Channel channel, Boolean overdue) {}

    public PageOf<Complaint> list(Filter f, PageRequest page) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (!access.seesAll()) {
            String dept = access.officialDepartment().orElseThrow(ComplaintAccess::forbidden);
            where.append(" and handlingDepartment = :scope");
            params.put("scope", dept);
        }
        if (f.status() != null) {
            where.append(" and status = :status");
            params.put("status", f.status());
        }
        if (f.department() != null) {
            where.append(" and (handlingDepartment = :dept or targetDepartment = :dept)");
            params.put("dept", f.department());
        }
        if (f.category() != null) {
            where.append(" and category = :category");
            params.put("category", f.category());
        }
        if (f.channel() != null) {
            where.append(" and channel = :channel");
            params.put("channel", f.channel());
        }
        if (f.overdue() != null) {
            // overdue exactly as the case view says (Complaint.isOverdue): a deadline before today; no deadline
            // (a finished case, or no calendar data) is never overdue
            where.append(f.overdue() ? " and stepDueOn < :today" : " and (stepDueOn is null or stepDueOn >= :today)");
            params.put("today", rules.today());
        }
        return PageOf.of(Complaint.find(where + " order by receivedAt desc, id", params), page);
    }

    public List<AuditTrail.Entry> history(UUID id) {
        get(id);
        return audit.of(AUDIT_TYPE, id.toString());
    }

    /** Replies received by this complaint's complainant (as addressee), newest first. */
    public List<ComplaintReply> repliesTo(UUID addressee) {
        return ComplaintReply.list("addresseeId = ?1 order by repliedAt desc, id desc", addressee);
    }

    /** Replies written on this case (one per complainant), newest first. */
    public List<ComplaintReply> repliesOf(UUID complaintId) {
        return ComplaintReply.list("complaintId = ?1 order by repliedAt desc, id", complaintId);
    }

    public List<UUID> duplicatesOf(UUID masterId) {
        return em.createQuery("select c.id from Complaint c where c.mergedInto = :m order by c.receivedAt, c.id", UUID.class)
                .setParameter("m", masterId).getResultList();
    }

    public Optional<ComplaintReply> latestReply(UUID addressee) {
        return ComplaintReply.find("addresseeId = ?1 order by repliedAt desc, id desc", addressee).firstResultOptional();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private Complaint.Act act(Complaint c) {
        return rules.act(access.username(), c.category);
    }

    private Complaint lock(UUID id) {
        Complaint c = em.find(Complaint.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw new NotFoundProblem(KIND, id);
        }
        return c;
    }

    private Complaint visibleOr404(Complaint c) {
        if (c == null || !access.canRead(c)) {
            throw new NotFoundProblem(KIND, c == null ? "-" : c.id);
        }
        return c;
    }

    /** Loads with a row lock; 404 unless visible, 403 unless the caller may issue the command, 412 unless current. */
    private Complaint commandable(UUID id, Command command, IfMatch ifMatch) {
        Complaint c = em.find(Complaint.class, id, LockModeType.PESSIMISTIC_WRITE);
        visibleOr404(c);
        access.authorize(c, command);
        ifMatch.check(c.version);
        return c;
    }

    /** 409 before anything else is validated, when the state does not allow the command at all. */
    private void requireAllowed(Complaint c, Command command) {
        Lifecycle.next(c.id, c.status, command, c.facts(act(c)));
    }

    private Complaint record(Complaint c, Complaint.Transition t, Object before, Map<String, Object> details) {
        String action = t.command() == null ? "receive" : t.command().label();
        audit.record(t.actor(), AUDIT_TYPE, c.id.toString(), action, before, AuditState.of(c, details));
        ComplaintEvents.Pending event = ComplaintEvents.of(c, t, extras(c, t, details));
        outbox.record(event.type(), c.id.toString(), event.data());
        return c;
    }

    /** What each event type adds to the common fields (see the schemas). */
    private Map<String, Object> extras(Complaint c, Complaint.Transition t, Map<String, Object> details) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (t.command() == null) {
            return extra;
        }
        switch (t.command()) {
            case REFER -> extra.put("referredTo", c.referredTo);
            case DISPATCH, DECIDE -> extra.put("dueOn", String.valueOf(c.stepDueOn));
            case BOUNCE -> {
                extra.put("bounceCount", c.bounceCount);
                extra.put("awaitingDecision", c.status == ComplaintStatus.AWAITING_DECISION);
            }
            case HANDLE -> extra.put("finding", c.finding.name());
            case REPLY -> extra.put("complainants", details.get("complainants"));
            case FEEDBACK -> extra.put("satisfied", c.satisfied);
            case CLOSE -> extra.put("onTime", c.overdueSteps == 0);
            case REOPEN -> extra.put("reopenCount", c.reopenCount);
            case MERGE -> extra.put("mergedInto", c.mergedInto.toString());
            default -> { }
        }
        return extra;
    }

    /** Records a transition made by the system (scheduler, supervision consumer) on a case the caller has locked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSystem(Complaint c, Complaint.Transition t, Object before) {
        record(c, t, before, Map.of());
    }

    /**
     * As {@link #recordSystem(Complaint, Complaint.Transition, Object)} for a reply the system records (demo data):
     * its event says to how many complainants it went, as {@link #reply} does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSystemReply(Complaint c, Complaint.Transition t, int complainants) {
        record(c, t, null, details("complainants", complainants));
    }

    private static Map<String, Object> details(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
