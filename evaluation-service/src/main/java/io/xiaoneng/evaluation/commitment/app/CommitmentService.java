package io.xiaoneng.evaluation.commitment.app;

import io.xiaoneng.evaluation.commitment.domain.Commitment;
import io.xiaoneng.evaluation.commitment.domain.CommitmentKind;
import io.xiaoneng.evaluation.commitment.domain.CommitmentSet;
import io.xiaoneng.evaluation.rating.app.DepartmentScope;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.PreconditionRequiredProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import io.xiaoneng.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Service commitments: drafting and submission by the department head (by the configured deadline), approval by the
 * evaluation committee, and the year-end check of every measurable commitment against the projections, storing the
 * numbers and the query period as evidence. Every change is audited.
 */
@ApplicationScoped
public class CommitmentService {

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    DepartmentScope scope;

    @Inject
    Today today;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    /** Month and day of the year by which a department submits its commitments (inclusive), e.g. {@code 03-31}. */
    @ConfigProperty(name = "xiaoneng.evaluation.commitments.submission-deadline", defaultValue = "03-31")
    String submissionDeadline;

    public record Draft(CommitmentKind kind, String itemCode, BigDecimal target, String text) {}

    public LocalDate deadline(int year) {
        return MonthDay.parse("--" + submissionDeadline).atYear(year);
    }

    public CommitmentSet get(String department, int year) {
        if (!scope.sees(department)) {
            throw new NotFoundProblem(CommitmentSet.KIND, department + "/" + year);
        }
        return CommitmentSet.<CommitmentSet>find("department = ?1 and year = ?2", department, year).firstResultOptional()
                .orElseThrow(() -> new NotFoundProblem(CommitmentSet.KIND, department + "/" + year));
    }

    private CommitmentSet locked(String department, int year) {
        if (!scope.sees(department)) {
            throw new NotFoundProblem(CommitmentSet.KIND, department + "/" + year);
        }
        return CommitmentSet.<CommitmentSet>find("department = ?1 and year = ?2", department, year)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new NotFoundProblem(CommitmentSet.KIND, department + "/" + year));
    }

    private void requireHeadOf(String department) {
        if (!scope.actsFor(department, Set.of(Roles.DEPT_HEAD))) {
            throw DepartmentScope.forbidden();
        }
    }

    /**
     * The submission deadline binds the draft and its first submission only. A set the committee returned for
     * revision may be revised and submitted again after it: the return came from the committee, often after the
     * deadline, and refusing the revision would leave the department without approvable commitments for the year.
     */
    private void requireOpenForSubmission(CommitmentSet.Status status, int year) {
        if (status == CommitmentSet.Status.RETURNED) {
            return;
        }
        LocalDate deadline = deadline(year);
        if (today.date().isAfter(deadline)) {
            throw new UnprocessableProblem("commitment.deadline-passed", year, deadline);
        }
    }

    /** Creates the draft (no If-Match) or replaces its commitments (If-Match) while it is a draft or returned. */
    @Transactional
    public CommitmentSet put(String department, int year, String ifMatchHeader, List<Draft> drafts) {
        if (!scope.sees(department)) {
            throw new NotFoundProblem(CommitmentSet.KIND, department + "/" + year);
        }
        requireHeadOf(department);
        CommitmentSet set = CommitmentSet.<CommitmentSet>find("department = ?1 and year = ?2", department, year)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        CommitmentSet.State before = null;
        if (set == null) {
            if (ifMatchHeader != null && !ifMatchHeader.isBlank() && !"*".equals(ifMatchHeader.trim())) {
                IfMatch.parse(ifMatchHeader).check(-1);
            }
            set = new CommitmentSet();
            set.id = UUID.randomUUID();
            set.department = department;
            set.year = year;
            set.status = CommitmentSet.Status.DRAFT;
        } else {
            if (ifMatchHeader == null || ifMatchHeader.isBlank()) {
                throw new PreconditionRequiredProblem(IfMatch.HEADER);
            }
            IfMatch.parse(ifMatchHeader).check(set.version);
            set.require("edit");
            before = set.state();
        }
        requireOpenForSubmission(set.status, year);
        validate(drafts);
        set.commitments.clear();
        if (before != null) {
            em.flush();   // the old rows go before the new ones take their positions
        }
        int position = 1;
        for (Draft d : drafts) {
            Commitment c = new Commitment();
            c.id = UUID.randomUUID();
            c.set = set;
            c.position = position++;
            c.kind = d.kind();
            c.itemCode = d.kind() == CommitmentKind.TIME_LIMIT ? d.itemCode() : null;
            c.target = d.kind().measurable() ? d.target() : null;
            c.text = d.text();
            set.commitments.add(c);
        }
        set.persist();
        if (before != null) {
            // the set's version covers its commitments: a changed list is a new version of the set
            em.createNativeQuery("update commitment_set set version = version + 1 where id = ?1").setParameter(1, set.id).executeUpdate();
        }
        em.flush();
        em.refresh(set);
        audit.record(scope.username(), CommitmentSet.KIND, department + "/" + year, before == null ? "drafted" : "edited", before, set.state());
        return set;
    }

    private static void validate(List<Draft> drafts) {
        ProblemException p = null;
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            String rule = null;
            if (d.kind() == CommitmentKind.TIME_LIMIT && (d.itemCode() == null || d.itemCode().isBlank())) {
                rule = "commitment.item-required";
            } else if (d.kind().measurable() && d.target() == null) {
                rule = "commitment.target-required";
            } else if ((d.kind() == CommitmentKind.ON_TIME_RATE || d.kind() == CommitmentKind.SATISFACTION)
                    && (d.target().signum() <= 0 || d.target().compareTo(BigDecimal.valueOf(100)) > 0)) {
                rule = "commitment.percent-range";
            } else if (d.kind() == CommitmentKind.TIME_LIMIT && d.target().signum() <= 0) {
                rule = "commitment.days-positive";
            }
            if (rule != null) {
                if (p == null) {
                    p = new UnprocessableProblem("commitment.invalid");
                }
                p.withFieldError("commitments[" + i + "]", rule);
            }
        }
        if (p != null) {
            throw p;
        }
    }

    @Transactional
    public CommitmentSet submit(String department, int year, IfMatch ifMatch) {
        CommitmentSet set = locked(department, year);
        requireHeadOf(department);
        ifMatch.check(set.version);
        set.require("submission");
        requireOpenForSubmission(set.status, year);
        if (set.commitments.isEmpty()) {
            throw new UnprocessableProblem("commitment.empty");
        }
        var before = set.state();
        set.status = CommitmentSet.Status.SUBMITTED;
        set.submittedBy = scope.username();
        set.submittedAt = now();
        em.flush();
        audit.record(scope.username(), CommitmentSet.KIND, department + "/" + year, "submitted", before, set.state());
        return set;
    }

    /** The evaluation committee approves the submitted commitments, or returns them for revision. */
    @Transactional
    public CommitmentSet decide(String department, int year, IfMatch ifMatch, boolean approve, String note) {
        CommitmentSet set = locked(department, year);
        ifMatch.check(set.version);
        set.require(approve ? "approval" : "return");
        var before = set.state();
        set.status = approve ? CommitmentSet.Status.APPROVED : CommitmentSet.Status.RETURNED;
        set.decidedBy = scope.username();
        set.decidedAt = now();
        set.decisionNote = note;
        em.flush();
        audit.record(scope.username(), CommitmentSet.KIND, department + "/" + year, approve ? "approved" : "returned", before, set.state());
        return set;
    }

    /**
     * The year-end check, once the year is over: every measurable commitment against the measured facts of the year
     * (Beijing dates), with the numbers and the period stored as evidence. Free-text ones wait for a manual assessment.
     */
    @Transactional
    public CommitmentSet check(String department, int year, IfMatch ifMatch) {
        CommitmentSet set = locked(department, year);
        ifMatch.check(set.version);
        set.require("year-end-check");
        if (today.date().getYear() <= year) {
            throw new UnprocessableProblem("commitment.year-not-over", year);
        }
        var before = set.state();
        OffsetDateTime from = LocalDate.of(year, 1, 1).atStartOfDay(WorkingDayCalendar.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime to = LocalDate.of(year + 1, 1, 1).atStartOfDay(WorkingDayCalendar.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        for (Commitment c : set.commitments) {
            if (c.kind.measurable()) {
                measure(c, department, year, from, to);
            }
        }
        set.status = CommitmentSet.Status.CHECKED;
        set.checkedBy = scope.username();
        set.checkedAt = now();
        em.flush();
        audit.record(scope.username(), CommitmentSet.KIND, department + "/" + year, "checked", before, set.state());
        return set;
    }

    private void measure(Commitment c, String department, int year, OffsetDateTime from, OffsetDateTime to) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("period", Map.of("from", year + "-01-01", "to", year + "-12-31", "timeZone", WorkingDayCalendar.ZONE.getId()));
        switch (c.kind) {
            case TIME_LIMIT -> {
                Object[] r = (Object[]) em.createNativeQuery("""
                        select count(*), count(*) filter (where working_days <= ?4), max(working_days)
                        from application_projection
                        where department = ?1 and item_code = ?2 and decided_at >= ?3 and decided_at < ?5 and working_days is not null""")
                        .setParameter(1, department).setParameter(2, c.itemCode).setParameter(3, from)
                        .setParameter(4, c.target.intValue()).setParameter(5, to).getSingleResult();
                long decided = ((Number) r[0]).longValue();
                long within = ((Number) r[1]).longValue();
                evidence.put("source", "applications decided in the period: item, working days from acceptance to decision");
                evidence.put("itemCode", c.itemCode);
                evidence.put("decided", decided);
                evidence.put("withinLimit", within);
                evidence.put("maxWorkingDays", r[2] == null ? null : ((Number) r[2]).intValue());
                c.measured = r[2] == null ? null : new BigDecimal(r[2].toString()).setScale(2, RoundingMode.UNNECESSARY);
                c.result = decided == 0 ? Commitment.Result.NO_DATA : within == decided ? Commitment.Result.MET : Commitment.Result.NOT_MET;
            }
            case ON_TIME_RATE -> {
                Object[] r = (Object[]) em.createNativeQuery("""
                        select count(*), count(*) filter (where decided_on_time)
                        from application_projection
                        where department = ?1 and decided_at >= ?2 and decided_at < ?3 and decided_on_time is not null""")
                        .setParameter(1, department).setParameter(2, from).setParameter(3, to).getSingleResult();
                rate(c, evidence, "applications of the department decided in the period, on time or not", "decided", "onTime",
                        ((Number) r[0]).longValue(), ((Number) r[1]).longValue());
            }
            case SATISFACTION -> {
                Object[] r = (Object[]) em.createNativeQuery("""
                        select count(*), count(*) filter (where not l.bad_review)
                        from rating r join rating_level l on l.code = r.level_code
                        join application_projection a on a.application_id = r.application_id
                        where r.department = ?1 and not r.excluded and a.completed_at >= ?2 and a.completed_at < ?3""")
                        .setParameter(1, department).setParameter(2, from).setParameter(3, to).getSingleResult();
                rate(c, evidence, "valid ratings of the department's cases completed in the period (upheld appeals excluded)",
                        "validRatings", "satisfied", ((Number) r[0]).longValue(), ((Number) r[1]).longValue());
            }
            case FREE_TEXT -> throw new IllegalStateException("not measurable");
        }
        evidence.put("target", c.target);
        try {
            c.evidence = json.writeValueAsString(evidence);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rate(Commitment c, Map<String, Object> evidence, String source, String wholeName, String partName,
                             long whole, long part) {
        evidence.put("source", source);
        evidence.put(wholeName, whole);
        evidence.put(partName, part);
        if (whole == 0) {
            c.measured = null;
            c.result = Commitment.Result.NO_DATA;
            return;
        }
        c.measured = BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
        evidence.put("percent", c.measured);
        // Judged on the exact share (part · 100 ≥ target · whole), not on the rounded percentage shown: 18,999 of
        // 20,000 is 94.995 %, displayed 95.00, and does not meet a 95 % target.
        boolean met = BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .compareTo(c.target.multiply(BigDecimal.valueOf(whole))) >= 0;
        c.result = met ? Commitment.Result.MET : Commitment.Result.NOT_MET;
    }

    /** The committee's assessment of a free-text commitment after the year-end check. */
    @Transactional
    public CommitmentSet assess(String department, int year, UUID commitmentId, IfMatch ifMatch, boolean met, String note) {
        CommitmentSet set = locked(department, year);
        ifMatch.check(set.version);
        set.require("assessment");
        Commitment c = set.commitments.stream().filter(x -> x.id.equals(commitmentId)).findFirst()
                .orElseThrow(() -> new NotFoundProblem("commitment", commitmentId));
        if (c.kind.measurable()) {
            throw new UnprocessableProblem("commitment.measured-not-assessed");
        }
        var before = set.state();
        c.result = met ? Commitment.Result.MET : Commitment.Result.NOT_MET;
        c.assessedBy = scope.username();
        c.assessmentNote = note;
        em.createNativeQuery("update commitment_set set version = version + 1 where id = ?1").setParameter(1, set.id).executeUpdate();
        em.flush();
        em.refresh(set);
        audit.record(scope.username(), CommitmentSet.KIND, department + "/" + year, "assessed", before, set.state());
        return set;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
