package io.xiaoneng.evaluation.accountability.app;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.xiaoneng.evaluation.accountability.domain.AccountabilityCase;
import io.xiaoneng.evaluation.accountability.domain.CaseKind;
import io.xiaoneng.evaluation.accountability.domain.CaseSource;
import io.xiaoneng.evaluation.accountability.domain.CaseStatus;
import io.xiaoneng.evaluation.org.DepartmentScope;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.AccountabilityEventTypes;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.problem.NotFoundProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Opening accountability cases (for the survey and the targets) and every later step. Each step is audited and
 * published on the accountability topic in its transaction. The head of the department submits; the evaluation
 * committee (evaluator) decides.
 */
@ApplicationScoped
public class AccountabilityCases {

    /** The event data: the case after the step, without texts. */
    public record CaseEvent(String caseId, String kind, String source, String departmentCode, int year, String status,
                            BigDecimal dissatisfactionRate, Integer validBallots, String targetId, String actor) {
        static CaseEvent of(AccountabilityCase c, String actor) {
            return new CaseEvent(c.id.toString(), c.kind.name(), c.source.name(), c.departmentCode, c.year, c.status.name(),
                    c.dissatisfactionRate, c.validBallots, c.targetId, actor);
        }
    }

    public record Filter(Integer year, String department, CaseStatus status, CaseSource source) {}

    /** The lists' order: newest year first, ending on the key so that pages do not overlap. */
    private static final Sort NEWEST_FIRST = Sort.descending("year").and("departmentCode").and("openedAt").and("id");

    @Inject
    AuditTrail audit;

    @Inject
    Outbox outbox;

    @Inject
    DepartmentScope scope;

    /** Opens a case inside the caller's transaction (survey closing, target evaluation). */
    @Transactional(Transactional.TxType.MANDATORY)
    public AccountabilityCase open(CaseKind kind, CaseSource source, String department, int year, BigDecimal rate,
                                   Integer validBallots, String targetId, String actor) {
        AccountabilityCase c = AccountabilityCase.open(kind, source, department, year, Instant.now());
        c.dissatisfactionRate = rate;
        c.validBallots = validBallots;
        c.targetId = targetId;
        c.persistAndFlush();
        audit.record(actor, AccountabilityCase.KIND, c.id.toString(), "opened", null, c.state());
        outbox.record(AccountabilityEventTypes.CASE_OPENED, c.id.toString(), CaseEvent.of(c, actor));
        return c;
    }

    public AccountabilityCase get(UUID id) {
        AccountabilityCase c = AccountabilityCase.<AccountabilityCase>findByIdOptional(id)
                .orElseThrow(() -> new NotFoundProblem(AccountabilityCase.KIND, id));
        if (!scope.canRead(c.departmentCode)) {
            // Another department's case does not exist for a head: no hint that there is one.
            throw new NotFoundProblem(AccountabilityCase.KIND, id);
        }
        return c;
    }

    public PageOf<AccountabilityCase> list(Filter f, PageRequest page) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        Optional<String> department = scope.restriction().or(() -> Optional.ofNullable(f.department()));
        if (f.department() != null && scope.restriction().isPresent() && !f.department().equals(scope.restriction().get())) {
            return PageOf.empty(page);
        }
        if (department.isPresent()) {
            q.append(" and departmentCode = :department");
            p.and("department", department.get());
        }
        if (f.year() != null) {
            q.append(" and year = :year");
            p.and("year", f.year());
        }
        if (f.status() != null) {
            q.append(" and status = :status");
            p.and("status", f.status());
        }
        if (f.source() != null) {
            q.append(" and source = :source");
            p.and("source", f.source());
        }
        return PageOf.of(AccountabilityCase.find(q.toString(), NEWEST_FIRST, p), page);
    }

    /**
     * Concluded cases for everyone (通报), newest year first: a head's public self-criticism and statement is made to the
     * whole county (DOMAIN.md: ≥ 20 % dissatisfied), and whether a head resigned or was excused is the county's
     * business. Cases not yet concluded are left out: until the committee decides there is no outcome to make public
     * (the published yearly report shows every case in the state it had at its approval).
     */
    public PageOf<AccountabilityCase> concluded(Integer year, String department, PageRequest page) {
        StringBuilder q = new StringBuilder("status in :concluded");
        Parameters p = Parameters.with("concluded", CaseStatus.CONCLUDED);
        if (year != null) {
            q.append(" and year = :year");
            p.and("year", year);
        }
        if (department != null) {
            q.append(" and departmentCode = :department");
            p.and("department", department);
        }
        return PageOf.of(AccountabilityCase.find(q.toString(), NEWEST_FIRST, p), page);
    }

    @Transactional
    public AccountabilityCase submitStatement(UUID id, IfMatch ifMatch, String text) {
        return step(id, ifMatch, "statement-submitted", AccountabilityEventTypes.CASE_STATEMENT_SUBMITTED, true,
                (c, now) -> c.submitStatement(text, now));
    }

    @Transactional
    public AccountabilityCase close(UUID id, IfMatch ifMatch, String reason) {
        return step(id, ifMatch, "closed", AccountabilityEventTypes.CASE_CLOSED, false, (c, now) -> c.close(reason, now));
    }

    @Transactional
    public AccountabilityCase submitJustification(UUID id, IfMatch ifMatch, String text) {
        return step(id, ifMatch, "justification-submitted", AccountabilityEventTypes.CASE_JUSTIFICATION_SUBMITTED, true,
                (c, now) -> c.submitJustification(text, now));
    }

    @Transactional
    public AccountabilityCase acceptJustification(UUID id, IfMatch ifMatch, String reason) {
        return step(id, ifMatch, "justification-accepted", AccountabilityEventTypes.CASE_JUSTIFICATION_ACCEPTED, false,
                (c, now) -> c.acceptJustification(reason, now));
    }

    @Transactional
    public AccountabilityCase rejectJustification(UUID id, IfMatch ifMatch, String reason) {
        return step(id, ifMatch, "justification-rejected", AccountabilityEventTypes.CASE_JUSTIFICATION_REJECTED, false,
                (c, now) -> c.rejectJustification(reason, now));
    }

    @Transactional
    public AccountabilityCase recordResignation(UUID id, IfMatch ifMatch, String note) {
        return step(id, ifMatch, "resigned", AccountabilityEventTypes.CASE_RESIGNED, false,
                (c, now) -> c.recordResignation(note, now));
    }

    /**
     * One step: row locked, scope checked (the head of the case's department submits, the committee decides), the
     * precondition checked, the transition, its audit record and event, all in one transaction.
     */
    private AccountabilityCase step(UUID id, IfMatch ifMatch, String action, EventType event, boolean byHead,
                                    BiConsumer<AccountabilityCase, Instant> transition) {
        AccountabilityCase c = AccountabilityCase.<AccountabilityCase>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(AccountabilityCase.KIND, id));
        if (!scope.canRead(c.departmentCode)) {
            throw new NotFoundProblem(AccountabilityCase.KIND, id);
        }
        if (byHead) {
            scope.requireHeadOf(c.departmentCode);
        } else if (!scope.isEvaluator()) {
            throw DepartmentScope.forbidden();
        }
        ifMatch.check(c.version);
        AccountabilityCase.State before = c.state();
        transition.accept(c, Instant.now());
        c.persistAndFlush();
        audit.record(scope.username(), AccountabilityCase.KIND, c.id.toString(), action, before, c.state());
        outbox.record(event, c.id.toString(), CaseEvent.of(c, scope.username()));
        return c;
    }
}
