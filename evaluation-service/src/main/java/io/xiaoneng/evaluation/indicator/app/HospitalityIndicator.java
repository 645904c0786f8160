package io.xiaoneng.evaluation.indicator.app;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.xiaoneng.evaluation.org.DepartmentScope;
import io.xiaoneng.evaluation.org.Departments;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.problem.PreconditionFailedProblem;
import io.xiaoneng.platform.problem.PreconditionRequiredProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hospitality-spending savings rate (公务接待费节约率), a department indicator: (baseline − current) / baseline
 * against a baseline year, ranked highest first. Spending is entered per department and year.
 */
@ApplicationScoped
public class HospitalityIndicator {

    /** One department's savings; rate null (and no rank) without a positive baseline or without the current year. */
    public record Savings(Integer rank, String departmentCode, String departmentName, BigDecimal baselineAmount,
                          BigDecimal currentAmount, BigDecimal savingsRate) {}

    public record Entered(HospitalitySpending spending, boolean created) {}

    @Inject
    EntityManager em;

    @Inject
    Departments departments;

    @Inject
    DepartmentScope scope;

    @Inject
    AuditTrail audit;

    /**
     * Creates (no If-Match needed) or replaces (If-Match required, the stored version's ETag) a year's spending.
     */
    @Transactional
    public Entered enter(String department, int year, String ifMatchHeader, BigDecimal amount) {
        departments.requireActive(department, "department");
        scope.requireEvaluatorOrHeadOf(department);
        HospitalitySpending s = em.find(HospitalitySpending.class, new HospitalitySpending.Key(department, year), LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            if (ifMatchHeader != null && !ifMatchHeader.isBlank() && !ifMatchHeader.trim().equals("*")) {
                throw new PreconditionFailedProblem(); // the client believes in a version that does not exist
            }
            s = new HospitalitySpending();
            s.departmentCode = department;
            s.year = year;
            s.amount = amount;
            s.enteredBy = scope.username();
            s.enteredAt = Instant.now();
            s.persistAndFlush();
            audit.record(scope.username(), HospitalitySpending.KIND, department + "/" + year, "entered", null, s.state());
            return new Entered(s, true);
        }
        if (ifMatchHeader == null || ifMatchHeader.isBlank()) {
            throw new PreconditionRequiredProblem(IfMatch.HEADER);
        }
        IfMatch.parse(ifMatchHeader).check(s.version);
        HospitalitySpending.State before = s.state();
        if (s.amount.compareTo(amount) != 0) {
            s.amount = amount;
            s.enteredBy = scope.username();
            s.enteredAt = Instant.now();
            s.persistAndFlush();
            audit.record(scope.username(), HospitalitySpending.KIND, department + "/" + year, "corrected", before, s.state());
        }
        return new Entered(s, false);
    }

    public PageOf<HospitalitySpending> list(String department, Integer year, PageRequest page) {
        Optional<String> only = scope.restriction();
        if (only.isPresent() && department != null && !department.equals(only.get())) {
            return PageOf.empty(page);
        }
        String d = only.orElse(department);
        Sort sort = Sort.by("departmentCode").and("year"); // the key: a stable order from page to page
        PanacheQuery<HospitalitySpending> query;
        if (d != null && year != null) {
            query = HospitalitySpending.find("departmentCode = ?1 and year = ?2", sort, d, year);
        } else if (d != null) {
            query = HospitalitySpending.find("departmentCode", sort, d);
        } else {
            query = year != null ? HospitalitySpending.find("year", sort, year) : HospitalitySpending.findAll(sort);
        }
        return PageOf.of(query, page);
    }

    /** The county-wide ranking (the report's view); callers restrict it to a department where they must. */
    @SuppressWarnings("unchecked")
    public List<Savings> ranking(int year, int baselineYear) {
        List<Object[]> rows = em.createNativeQuery("""
                select coalesce(c.department_code, b.department_code), b.amount, c.amount
                from (select department_code, amount from hospitality_spending where year = ?1) c
                full join (select department_code, amount from hospitality_spending where year = ?2) b
                    on b.department_code = c.department_code""")
                .setParameter(1, year).setParameter(2, baselineYear).getResultList();
        Map<String, String> names = departments.names(rows.stream().map(r -> (String) r[0]).toList());
        List<Savings> unranked = new ArrayList<>();
        for (Object[] r : rows) {
            BigDecimal baseline = (BigDecimal) r[1];
            BigDecimal current = (BigDecimal) r[2];
            unranked.add(new Savings(null, (String) r[0], names.get((String) r[0]), baseline, current, rate(baseline, current)));
        }
        unranked.sort(Comparator.comparing((Savings s) -> s.savingsRate() == null)
                .thenComparing(s -> s.savingsRate() == null ? BigDecimal.ZERO : s.savingsRate(), Comparator.reverseOrder())
                .thenComparing(Savings::departmentCode));
        List<Savings> ranked = new ArrayList<>();
        int rank = 0;
        BigDecimal previous = null;
        for (int i = 0; i < unranked.size(); i++) {
            Savings s = unranked.get(i);
            if (s.savingsRate() != null && (previous == null || s.savingsRate().compareTo(previous) != 0)) {
                rank = i + 1; // equal rates share a rank (1, 2, 2, 4)
            }
            previous = s.savingsRate();
            ranked.add(new Savings(s.savingsRate() == null ? null : rank, s.departmentCode(), s.departmentName(),
                    s.baselineAmount(), s.currentAmount(), s.savingsRate()));
        }
        return ranked;
    }

    /** (baseline − current) / baseline, four decimals; negative when spending grew; null without a positive baseline. */
    public static BigDecimal rate(BigDecimal baseline, BigDecimal current) {
        if (baseline == null || current == null || baseline.signum() <= 0) {
            return null;
        }
        return baseline.subtract(current).divide(baseline, 4, RoundingMode.HALF_UP);
    }
}
