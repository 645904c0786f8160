package io.xiaoneng.evaluation.report.app;

import io.xiaoneng.evaluation.indicator.app.HospitalityIndicator;
import io.xiaoneng.evaluation.org.Departments;
import io.xiaoneng.evaluation.personal.app.PersonalConfig;
import io.xiaoneng.evaluation.personal.domain.GradeDistribution;
import io.xiaoneng.evaluation.survey.app.SurveyConfig;
import io.xiaoneng.evaluation.survey.app.SurveyResults;
import io.xiaoneng.evaluation.survey.domain.Survey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The report sections computed from part B's facts (survey ballots, cases, targets, sanctions, assessments,
 * hospitality spending). Each reads the raw tables of the year with a stable order.
 */
public final class PartBSections {
    private PartBSections() {}

    static List<Object> row(Object... cells) {
        return new ArrayList<>(Arrays.asList(cells));
    }

    /** Dissatisfaction per department with the valid-ballot count and Wilson interval, ranked (年终评议). */
    @ApplicationScoped
    public static class SurveyDissatisfaction implements ReportSection {
        @Inject
        SurveyResults results;

        @Inject
        SurveyConfig config;

        public String key() {
            return "survey-dissatisfaction";
        }

        public int order() {
            return 10;
        }

        public ReportTable build(int year) {
            List<List<Object>> rows = new ArrayList<>();
            Survey survey = Survey.findById(year);
            if (survey != null) {
                // Judged departments come first, highest rate first; equal (published) rates share a rank (1, 2, 2, 4) —
                // the order among them (more valid ballots first, then the code) is only a stable row order.
                int position = 0;
                Integer rank = null;
                java.math.BigDecimal previous = null;
                for (SurveyResults.DepartmentResult r : results.compute(year, survey.rules(config.thresholds()))) {
                    Integer shown = null;
                    if (r.sufficientSample()) {
                        position++;
                        if (rank == null || previous == null || r.dissatisfactionRate() == null
                                || r.dissatisfactionRate().compareTo(previous) != 0) {
                            rank = position;
                        }
                        previous = r.dissatisfactionRate();
                        shown = rank;
                    }
                    rows.add(row(shown, r.departmentCode(), r.departmentName(), r.ballots(), r.validBallots(),
                            r.dissatisfied(), r.dissatisfactionRate(), r.wilsonLow(), r.wilsonHigh(), r.sufficientSample(), r.outcome().name()));
                }
            }
            return new ReportTable(key(), "年终评议不满意率排名", List.of("rank", "departmentCode", "departmentName", "ballots", "validBallots",
                    "dissatisfied", "dissatisfactionRate", "wilsonLow", "wilsonHigh", "sufficientSample", "outcome"), rows);
        }
    }

    /** Accountability cases of the year (问责), whatever opened them, with their state at publication. */
    @ApplicationScoped
    public static class AccountabilityCasesSection implements ReportSection {
        @Inject
        EntityManager em;

        @Inject
        Departments departments;

        public String key() {
            return "accountability-cases";
        }

        public int order() {
            return 20;
        }

        @SuppressWarnings("unchecked")
        public ReportTable build(int year) {
            List<Object[]> found = em.createNativeQuery("""
                    select department_code, kind, source, status, dissatisfaction_rate, valid_ballots, cast(id as text)
                    from accountability_case where year = ?1 order by department_code, source, kind, id""")
                    .setParameter(1, year).getResultList();
            Map<String, String> names = departments.names(found.stream().map(r -> (String) r[0]).toList());
            List<List<Object>> rows = found.stream().map(r -> row(r[0], names.get((String) r[0]), r[1], r[2], r[3], r[4], r[5], r[6])).toList();
            return new ReportTable(key(), "问责案件", List.of("departmentCode", "departmentName", "kind", "source", "status",
                    "dissatisfactionRate", "validBallots", "caseId"), rows);
        }
    }

    /** Town heads' terms ending this year: met with the reward, or not met (任期目标). */
    @ApplicationScoped
    public static class TermTargets implements ReportSection {
        @Inject
        EntityManager em;

        public String key() {
            return "term-targets";
        }

        public int order() {
            return 30;
        }

        @SuppressWarnings("unchecked")
        public ReportTable build(int year) {
            List<Object[]> found = em.createNativeQuery("""
                    select t.department_code, t.head_name, t.first_year, t.last_year, t.baseline_revenue, y.target_revenue,
                           y.actual_revenue, t.status, t.reward
                    from term_target t join term_target_year y on y.target_id = t.id and y.year = t.last_year
                    where t.last_year = ?1 order by t.department_code, t.id""")
                    .setParameter(1, year).getResultList();
            return new ReportTable(key(), "乡镇长任期目标", List.of("departmentCode", "headName", "firstYear", "lastYear",
                    "baselineRevenue", "finalTarget", "finalActual", "status", "reward"),
                    found.stream().map(r -> row((Object[]) r)).toList());
        }
    }

    /** Sanctions imposed for missed investment-attraction years (一岗双责). */
    @ApplicationScoped
    public static class Sanctions implements ReportSection {
        @Inject
        EntityManager em;

        @Inject
        Departments departments;

        public String key() {
            return "sanctions";
        }

        public int order() {
            return 40;
        }

        @SuppressWarnings("unchecked")
        public ReportTable build(int year) {
            List<Object[]> found = em.createNativeQuery("""
                    select s.department_code, t.target_amount, t.attracted_amount, s.consecutive_misses, s.sanction,
                           cast(s.case_id as text)
                    from sanction s join investment_target t on t.id = s.target_id
                    where s.year = ?1 order by s.department_code""")
                    .setParameter(1, year).getResultList();
            Map<String, String> names = departments.names(found.stream().map(r -> (String) r[0]).toList());
            return new ReportTable(key(), "招商引资目标未完成的处理", List.of("departmentCode", "departmentName", "targetAmount",
                    "attractedAmount", "consecutiveMisses", "sanction", "caseId"),
                    found.stream().map(r -> row(r[0], names.get((String) r[0]), r[1], r[2], r[3], r[4], r[5])).toList());
        }
    }

    /**
     * Distribution of the annual grades per department, and the county total (年度考核等次) — without the counts of a
     * group smaller than {@code xiaoneng.evaluation.personal.minimum-cell-size}, which would tell who got which grade
     * ({@link GradeDistribution#publishable}); the title says so and {@code suppressed} marks such a row.
     */
    @ApplicationScoped
    public static class PersonalGrades implements ReportSection {
        @Inject
        EntityManager em;

        @Inject
        PersonalConfig config;

        public String key() {
            return "personal-grades";
        }

        public int order() {
            return 50;
        }

        @SuppressWarnings("unchecked")
        public ReportTable build(int year) {
            List<Object[]> found = em.createNativeQuery("""
                    select department_code, count(*),
                           count(*) filter (where grade = 'EXCELLENT'), count(*) filter (where grade = 'COMPETENT'),
                           count(*) filter (where grade = 'BASICALLY_COMPETENT'), count(*) filter (where grade = 'INCOMPETENT'),
                           count(*) filter (where grade is null), grouping(department_code)
                    from personal_assessment where year = ?1
                    group by rollup (department_code) order by department_code nulls last""")
                    .setParameter(1, year).getResultList();
            List<GradeDistribution> departments = new ArrayList<>();
            GradeDistribution county = null;
            for (Object[] r : found) {
                boolean total = n(r[7]) == 1;
                GradeDistribution d = GradeDistribution.counted(total ? GradeDistribution.COUNTY : (String) r[0],
                        n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]), n(r[6]));
                if (total) {
                    county = d;
                } else {
                    departments.add(d);
                }
            }
            int minimum = config.minimumCellSize();
            return new ReportTable(key(), "个人年度考核等次分布（不足 " + minimum + " 人的单位不公布等次）", List.of("departmentCode",
                    "assessed", "excellent", "competent", "basicallyCompetent", "incompetent", "ungraded", "suppressed"),
                    GradeDistribution.publishable(departments, county, minimum).stream().map(d -> row(d.group(), d.assessed(),
                            d.excellent(), d.competent(), d.basicallyCompetent(), d.incompetent(), d.ungraded(), d.suppressed())).toList());
        }
    }

    /** Hospitality spending savings against the year before, ranked (公务接待费节约率). */
    @ApplicationScoped
    public static class HospitalitySavings implements ReportSection {
        @Inject
        HospitalityIndicator indicator;

        public String key() {
            return "hospitality-savings";
        }

        public int order() {
            return 60;
        }

        public ReportTable build(int year) {
            return new ReportTable(key(), "公务接待费节约率排名（对比上一年）", List.of("rank", "departmentCode", "departmentName",
                    "baselineAmount", "currentAmount", "savingsRate"),
                    indicator.ranking(year, year - 1).stream().map(s -> row(s.rank(), s.departmentCode(), s.departmentName(),
                            s.baselineAmount(), s.currentAmount(), s.savingsRate())).toList());
        }
    }

    static long n(Object o) {
        return ((Number) o).longValue();
    }
}
