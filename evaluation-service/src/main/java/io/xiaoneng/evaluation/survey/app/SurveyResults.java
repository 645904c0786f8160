package io.xiaoneng.evaluation.survey.app;

import io.xiaoneng.evaluation.org.Departments;
import io.xiaoneng.evaluation.survey.domain.DepartmentTally;
import io.xiaoneng.evaluation.survey.domain.Outcome;
import io.xiaoneng.evaluation.survey.domain.Thresholds;
import io.xiaoneng.evaluation.survey.domain.WilsonInterval;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The survey's figures per department, always computed from the raw ballots (the published report recomputes them
 * the same way), ranked: departments with enough valid ballots first, highest dissatisfaction first, then those
 * below the minimum sample.
 */
@ApplicationScoped
public class SurveyResults {

    public record DepartmentResult(String departmentCode, String departmentName, long ballots, long validBallots,
                                   long satisfied, long basicallySatisfied, long dissatisfied, BigDecimal dissatisfactionRate,
                                   BigDecimal wilsonLow, BigDecimal wilsonHigh, boolean sufficientSample, Outcome outcome) {}

    static final Comparator<DepartmentResult> RANKING = Comparator
            .comparing((DepartmentResult r) -> !r.sufficientSample())
            .thenComparing(r -> r.dissatisfactionRate() == null ? BigDecimal.valueOf(-1) : r.dissatisfactionRate(), Comparator.reverseOrder())
            .thenComparing(DepartmentResult::validBallots, Comparator.reverseOrder())
            .thenComparing(DepartmentResult::departmentCode);

    @Inject
    EntityManager em;

    @Inject
    Departments departments;

    @SuppressWarnings("unchecked")
    public List<DepartmentTally> tallies(int year) {
        List<Object[]> rows = em.createNativeQuery("""
                select department_code, count(*),
                       count(*) filter (where verdict = 'SATISFIED'),
                       count(*) filter (where verdict = 'BASICALLY_SATISFIED'),
                       count(*) filter (where verdict = 'DISSATISFIED')
                from survey_ballot where survey_year = ?1
                group by department_code order by department_code""")
                .setParameter(1, year).getResultList();
        return rows.stream().map(r -> new DepartmentTally((String) r[0], n(r[1]), n(r[2]), n(r[3]), n(r[4]))).toList();
    }

    public List<DepartmentResult> compute(int year, Thresholds rules) {
        List<DepartmentTally> tallies = tallies(year);
        Map<String, String> names = departments.names(tallies.stream().map(DepartmentTally::departmentCode).toList());
        return tallies.stream().map(t -> {
            WilsonInterval ci = t.interval(rules);
            Outcome outcome = t.outcome(rules);
            return new DepartmentResult(t.departmentCode(), names.get(t.departmentCode()), t.ballots(), t.valid(),
                    t.satisfied(), t.basicallySatisfied(), t.dissatisfied(), t.rate(), DepartmentTally.rounded(ci.low()),
                    DepartmentTally.rounded(ci.high()), outcome != Outcome.INSUFFICIENT_SAMPLE, outcome);
        }).sorted(RANKING).toList();
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }
}
