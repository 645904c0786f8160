package io.xiaoneng.evaluation.target.app;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.xiaoneng.evaluation.accountability.app.AccountabilityCases;
import io.xiaoneng.evaluation.accountability.domain.AccountabilityCase;
import io.xiaoneng.evaluation.accountability.domain.CaseKind;
import io.xiaoneng.evaluation.accountability.domain.CaseSource;
import io.xiaoneng.evaluation.commitment.app.Today;
import io.xiaoneng.evaluation.domain.BasisNotFinalProblem;
import io.xiaoneng.evaluation.org.DepartmentScope;
import io.xiaoneng.evaluation.org.Departments;
import io.xiaoneng.evaluation.target.domain.InvestmentTarget;
import io.xiaoneng.evaluation.target.domain.Sanction;
import io.xiaoneng.evaluation.target.domain.SanctionLadder;
import io.xiaoneng.evaluation.target.domain.TermTarget;
import io.xiaoneng.evaluation.target.domain.TermYear;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.AccountabilityEventTypes;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Term targets of town heads and investment-attraction targets of county departments, their evaluation, the sanction
 * ladder and the resignation cases they lead to. Every decision is audited in its transaction.
 */
@ApplicationScoped
public class TargetService {

    public record YearTarget(int year, BigDecimal targetRevenue) {}

    public record SanctionEvent(String sanctionId, String departmentCode, int year, int consecutiveMisses, String sanction,
                                String caseId, String actor) {}

    /** The outcome of an investment year: the target and the sanction it led to (none when met). */
    public record Outcome(InvestmentTarget target, Sanction sanction) {}

    @Inject
    TargetConfig config;

    /** The service's clock: a year of a term, and a department's investment year, is evaluated once it is over. */
    @Inject
    Today today;

    @Inject
    Departments departments;

    @Inject
    DepartmentScope scope;

    @Inject
    AuditTrail audit;

    @Inject
    Outbox outbox;

    @Inject
    AccountabilityCases cases;

    // --- term targets of town heads ---

    @Transactional
    public TermTarget createTermTarget(String department, String headName, int firstYear, BigDecimal baseline, List<YearTarget> years) {
        departments.requireActiveOfKind(department, Departments.TOWN, "departmentCode");
        int lastYear = firstYear + config.years() - 1;
        List<Integer> expected = new ArrayList<>();
        for (int y = firstYear; y <= lastYear; y++) {
            expected.add(y);
        }
        List<Integer> given = years.stream().map(YearTarget::year).sorted().toList();
        if (!given.equals(expected)) {
            throw new UnprocessableProblem("term.years", config.years(), firstYear, lastYear)
                    .withFieldError("yearlyTargets", "term.years", config.years(), firstYear, lastYear);
        }
        TermTarget t = new TermTarget();
        t.id = UUID.randomUUID();
        t.departmentCode = department;
        t.headName = headName;
        t.firstYear = firstYear;
        t.lastYear = lastYear;
        t.baselineRevenue = baseline;
        t.status = TermTarget.Status.RUNNING;
        t.createdBy = scope.username();
        t.createdAt = Instant.now();
        years.stream().sorted(java.util.Comparator.comparingInt(YearTarget::year))
                .forEach(y -> t.years.add(new TermYear(y.year(), y.targetRevenue())));
        t.persistAndFlush();
        audit.record(scope.username(), TermTarget.KIND, t.id.toString(), "created", null, t.state());
        return t;
    }

    public TermTarget termTarget(UUID id) {
        TermTarget t = TermTarget.<TermTarget>findByIdOptional(id).orElseThrow(() -> new NotFoundProblem(TermTarget.KIND, id));
        if (!scope.canRead(t.departmentCode)) {
            throw new NotFoundProblem(TermTarget.KIND, id);
        }
        return t;
    }

    public PageOf<TermTarget> termTargets(String department, PageRequest page) {
        Optional<String> only = scope.restriction().or(() -> Optional.ofNullable(department));
        PanacheQuery<TermTarget> query = only.map(d -> TermTarget.<TermTarget>find("departmentCode", Sort.descending("firstYear").and("id"), d))
                .orElseGet(() -> TermTarget.findAll(Sort.descending("firstYear").and("departmentCode").and("id")));
        return PageOf.of(query, page);
    }

    /**
     * A yearly evaluation; the last year's decides the reward or opens the resignation case. A year is evaluated once
     * it is over: its fiscal revenue is final only then, and the last year's evaluation decides the term for good.
     */
    @Transactional
    public TermTarget evaluateTerm(UUID id, IfMatch ifMatch, int year, BigDecimal actual) {
        TermTarget t = TermTarget.<TermTarget>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(TermTarget.KIND, id));
        ifMatch.check(t.version);
        TermTarget.State before = t.state();
        TermTarget.Evaluation e = t.evaluate(year, actual, config.rewardShare(), today.date());
        if (e.last() && !e.met()) {
            AccountabilityCase c = cases.open(CaseKind.RESIGNATION_REQUIRED, CaseSource.TERM_TARGET, t.departmentCode, year,
                    null, null, t.id.toString(), scope.username());
            t.caseId = c.id;
        }
        t.persistAndFlush();
        audit.record(scope.username(), TermTarget.KIND, t.id.toString(), e.last() ? "final-evaluation" : "yearly-evaluation",
                before, t.state());
        return t;
    }

    // --- investment-attraction targets and the sanction ladder ---

    @Transactional
    public InvestmentTarget createInvestmentTarget(String department, int year, BigDecimal amount) {
        departments.requireActiveOfKind(department, Departments.COUNTY_AGENCY, "departmentCode");
        if (InvestmentTarget.count("departmentCode = ?1 and year = ?2", department, year) > 0) {
            throw ConflictProblem.alreadyExists(InvestmentTarget.KIND, department + "/" + year);
        }
        InvestmentTarget t = new InvestmentTarget();
        t.id = UUID.randomUUID();
        t.departmentCode = department;
        t.year = year;
        t.targetAmount = amount;
        t.createdBy = scope.username();
        t.createdAt = Instant.now();
        t.persistAndFlush();
        audit.record(scope.username(), InvestmentTarget.KIND, t.id.toString(), "created", null, t.state());
        return t;
    }

    public InvestmentTarget investmentTarget(UUID id) {
        InvestmentTarget t = InvestmentTarget.<InvestmentTarget>findByIdOptional(id)
                .orElseThrow(() -> new NotFoundProblem(InvestmentTarget.KIND, id));
        if (!scope.canRead(t.departmentCode)) {
            throw new NotFoundProblem(InvestmentTarget.KIND, id);
        }
        return t;
    }

    public PageOf<InvestmentTarget> investmentTargets(String department, Integer year, PageRequest page) {
        return PageOf.of(InvestmentTarget.find(filter(department, year), Sort.descending("year").and("departmentCode").and("id"),
                params(department, year)), page);
    }

    public PageOf<Sanction> sanctions(String department, Integer year, PageRequest page) {
        return PageOf.of(Sanction.find(filter(department, year), Sort.descending("year").and("departmentCode").and("id"),
                params(department, year)), page);
    }

    public Optional<Sanction> sanctionOf(InvestmentTarget t) {
        return Sanction.find("targetId", t.id).firstResultOptional();
    }

    private String filter(String department, Integer year) {
        String q = "1 = 1";
        if (scope.restriction().isPresent() || department != null) {
            q += " and departmentCode = :department";
        }
        if (year != null) {
            q += " and year = :year";
        }
        return q;
    }

    private Parameters params(String department, Integer year) {
        Parameters p = new Parameters();
        Optional<String> only = scope.restriction();
        if (only.isPresent()) {
            // A head asking for another department gets nothing rather than a hint.
            p.and("department", department == null || department.equals(only.get()) ? only.get() : "~no-department~");
        } else if (department != null) {
            p.and("department", department);
        }
        if (year != null) {
            p.and("year", year);
        }
        return p;
    }

    @Inject
    SanctionLadders ladders;

    /**
     * Records what the department attracted in the target's year. Years are evaluated in order: the department's
     * previous year, when it had a target, must be evaluated first, and no later year may be evaluated yet, so the count
     * of consecutive misses is always that of the years before. A miss imposes the ladder's step for that count; the
     * step that requires resignation also opens a resignation case. A met year resets the count. Only a year that is
     * over is evaluated: before, the amount attracted is not final, and a sanction once decided is never revised.
     */
    @Transactional
    public Outcome recordOutcome(UUID id, IfMatch ifMatch, BigDecimal attracted) {
        InvestmentTarget t = InvestmentTarget.<InvestmentTarget>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(InvestmentTarget.KIND, id));
        ifMatch.check(t.version);
        if (t.evaluated()) {
            throw new IllegalTransitionProblem(InvestmentTarget.KIND, id, "EVALUATED", "outcome", List.of());
        }
        InvestmentTarget previous = InvestmentTarget.find("departmentCode = ?1 and year = ?2", t.departmentCode, t.year - 1).firstResult();
        if (previous != null && !previous.evaluated()) {
            throw new ConflictProblem("investment.previous-year-open", t.year - 1);
        }
        if (InvestmentTarget.count("departmentCode = ?1 and year > ?2 and met is not null", t.departmentCode, t.year) > 0) {
            throw new ConflictProblem("investment.later-year-evaluated", t.year);
        }
        if (!BasisNotFinalProblem.yearOver(t.year, today.date())) {
            throw BasisNotFinalProblem.investmentYearNotOver(t.year);
        }
        InvestmentTarget.State before = t.state();
        t.attractedAmount = attracted;
        t.met = attracted.compareTo(t.targetAmount) >= 0;
        t.consecutiveMisses = SanctionLadder.consecutiveMisses(t.met, previous == null ? 0 : previous.consecutiveMisses);
        t.evaluatedBy = scope.username();
        t.evaluatedAt = Instant.now();
        t.persistAndFlush();
        audit.record(scope.username(), InvestmentTarget.KIND, t.id.toString(), "outcome-recorded", before, t.state());
        Sanction sanction = null;
        // The ladder in force for the target's year (a later change of the rules does not apply to it).
        SanctionLadders.Version ladder = ladders.inForce(Optional.of(t.year));
        Optional<SanctionLadder.Step> step = ladder.ladder().stepFor(t.consecutiveMisses);
        if (step.isPresent()) {
            sanction = new Sanction();
            sanction.id = UUID.randomUUID();
            sanction.departmentCode = t.departmentCode;
            sanction.year = t.year;
            sanction.consecutiveMisses = t.consecutiveMisses;
            sanction.sanction = step.get().sanction();
            sanction.ladderVersion = ladder.version();
            sanction.targetId = t.id;
            sanction.decidedBy = scope.username();
            sanction.decidedAt = Instant.now();
            if (step.get().opensResignationCase()) {
                sanction.caseId = cases.open(CaseKind.RESIGNATION_REQUIRED, CaseSource.INVESTMENT_TARGET, t.departmentCode, t.year,
                        null, null, t.id.toString(), scope.username()).id;
            }
            sanction.persistAndFlush();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("departmentCode", sanction.departmentCode);
            after.put("year", sanction.year);
            after.put("consecutiveMisses", sanction.consecutiveMisses);
            after.put("sanction", sanction.sanction);
            after.put("ladderVersion", sanction.ladderVersion);
            after.put("targetId", t.id.toString());
            after.put("caseId", sanction.caseId == null ? null : sanction.caseId.toString());
            audit.record(scope.username(), Sanction.KIND, sanction.id.toString(), "imposed", null, after);
            outbox.record(AccountabilityEventTypes.SANCTION_IMPOSED, sanction.id.toString(), new SanctionEvent(sanction.id.toString(),
                    sanction.departmentCode, sanction.year, sanction.consecutiveMisses, sanction.sanction,
                    sanction.caseId == null ? null : sanction.caseId.toString(), scope.username()));
        }
        return new Outcome(t, sanction);
    }
}
