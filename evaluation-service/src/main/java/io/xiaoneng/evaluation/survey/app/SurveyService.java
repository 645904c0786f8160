package io.xiaoneng.evaluation.survey.app;

import io.quarkus.panache.common.Sort;
import io.xiaoneng.evaluation.accountability.app.AccountabilityCases;
import io.xiaoneng.evaluation.accountability.domain.AccountabilityCase;
import io.xiaoneng.evaluation.accountability.domain.CaseKind;
import io.xiaoneng.evaluation.accountability.domain.CaseSource;
import io.xiaoneng.evaluation.org.DepartmentScope;
import io.xiaoneng.evaluation.org.Departments;
import io.xiaoneng.evaluation.report.app.ReportService;
import io.xiaoneng.evaluation.survey.app.SurveyResults.DepartmentResult;
import io.xiaoneng.evaluation.survey.domain.Outcome;
import io.xiaoneng.evaluation.survey.domain.Survey;
import io.xiaoneng.evaluation.survey.domain.Thresholds;
import io.xiaoneng.evaluation.survey.domain.Verdict;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The year-end survey: opening it, entering the returned sheets (one ballot per respondent and department), and
 * closing it, which judges each department's dissatisfaction rate and opens the accountability cases.
 */
@ApplicationScoped
public class SurveyService {

    /**
     * The rule of the 409 refusing a survey for a year whose report is published (property {@code rule}, beside
     * {@code year}): for clients to branch on, the code being the generic {@code conflict}.
     */
    public static final String REPORT_ALREADY_PUBLISHED = "report-already-published";

    public record Ballot(String departmentCode, Verdict verdict) {}

    public record Sheet(String reference, String respondentType, List<Ballot> ballots) {}

    public record Registered(int sheets, int ballots) {}

    /** Per department what the closing decided, and the case it opened. */
    public record Closing(Survey survey, List<DepartmentResult> results, Map<String, UUID> cases) {}

    @Inject
    EntityManager em;

    @Inject
    SurveyConfig config;

    @Inject
    SurveyResults results;

    @Inject
    Departments departments;

    @Inject
    DepartmentScope scope;

    @Inject
    AuditTrail audit;

    @Inject
    AccountabilityCases cases;

    @Inject
    ReportService reports;

    /**
     * Opens the survey of a year — unless the year's report is published: its figures (the survey section, the cases
     * at approval) were published as final, and a survey opened now would change that basis afterwards. There is no
     * retraction of a published report, so that is a 409 for good. A draft does not stand in the way: its approval
     * then waits for the survey's closing (basis-not-final {@code survey-open}).
     */
    @Transactional
    public Survey open(int year) {
        if (Survey.findById(year) != null) {
            throw ConflictProblem.alreadyExists(Survey.KIND, year);
        }
        if (reports.publishedUnderLock(year)) {
            throw reportAlreadyPublished(year);
        }
        Survey s = new Survey(year, scope.username(), Instant.now());
        s.persistAndFlush();
        audit.record(scope.username(), Survey.KIND, String.valueOf(year), "opened", null, s.state());
        return s;
    }

    private static ConflictProblem reportAlreadyPublished(int year) {
        ConflictProblem problem = new ConflictProblem("survey.report-already-published", year);
        problem.withProperty("rule", REPORT_ALREADY_PUBLISHED).withProperty("year", year);
        return problem;
    }

    public Survey get(int year) {
        return Survey.<Survey>findByIdOptional(year).orElseThrow(() -> new NotFoundProblem(Survey.KIND, year));
    }

    public List<Survey> list() {
        return Survey.listAll(Sort.descending("year"));
    }

    /**
     * Registers returned sheets all or nothing. Every problem of the batch is reported at once (422 with one field
     * error per bad entry); a reference already registered is a 409 (the respondent has voted).
     */
    @Transactional
    public Registered register(int year, List<Sheet> sheets) {
        Survey survey = Survey.<Survey>findByIdOptional(year, LockModeType.PESSIMISTIC_READ)
                .orElseThrow(() -> new NotFoundProblem(Survey.KIND, year));
        survey.requireOpen("sheets");
        validate(sheets);
        @SuppressWarnings("unchecked")
        List<String> taken = em.createNativeQuery("select reference from survey_respondent where survey_year = ?1 and reference = any(?2)")
                .setParameter(1, year).setParameter(2, sheets.stream().map(Sheet::reference).toArray(String[]::new)).getResultList();
        if (!taken.isEmpty()) {
            ConflictProblem conflict = new ConflictProblem("survey.already-voted", taken.get(0));
            conflict.withProperty("references", taken);
            throw conflict;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int ballots = 0;
        for (Sheet sheet : sheets) {
            UUID respondent = UUID.randomUUID();
            em.createNativeQuery("""
                    insert into survey_respondent (id, survey_year, reference, respondent_type, registered_by, registered_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6)""")
                    .setParameter(1, respondent).setParameter(2, year).setParameter(3, sheet.reference())
                    .setParameter(4, sheet.respondentType()).setParameter(5, scope.username()).setParameter(6, now)
                    .executeUpdate();
            StringBuilder insert = new StringBuilder("insert into survey_ballot (respondent_id, department_code, survey_year, verdict) values ");
            for (int i = 0; i < sheet.ballots().size(); i++) {
                insert.append(i == 0 ? "" : ", ").append("(?1, ?").append(2 * i + 3).append(", ?2, ?").append(2 * i + 4).append(")");
            }
            var query = em.createNativeQuery(insert.toString()).setParameter(1, respondent).setParameter(2, year);
            for (int i = 0; i < sheet.ballots().size(); i++) {
                Ballot b = sheet.ballots().get(i);
                query.setParameter(2 * i + 3, b.departmentCode()).setParameter(2 * i + 4, b.verdict().name());
            }
            ballots += query.executeUpdate();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("sheets", sheets.size());
        summary.put("ballots", ballots);
        summary.put("references", sheets.stream().map(Sheet::reference).toList());
        audit.record(scope.username(), Survey.KIND, String.valueOf(year), "sheets-registered", null, summary);
        return new Registered(sheets.size(), ballots);
    }

    private void validate(List<Sheet> sheets) {
        if (sheets.size() > config.maxSheetsPerRequest()) {
            throw new UnprocessableProblem("survey.too-many-sheets", config.maxSheetsPerRequest())
                    .withFieldError("sheets", "survey.too-many-sheets", config.maxSheetsPerRequest());
        }
        List<ProblemException.FieldErrorSpec> errors = new ArrayList<>();
        Set<String> references = new HashSet<>();
        Map<String, Boolean> known = new HashMap<>();
        for (int s = 0; s < sheets.size(); s++) {
            Sheet sheet = sheets.get(s);
            if (!references.add(sheet.reference())) {
                errors.add(error("sheets[" + s + "].reference", "survey.duplicate-reference", sheet.reference()));
            }
            if (!config.respondentTypes().contains(sheet.respondentType())) {
                errors.add(error("sheets[" + s + "].respondentType", "survey.unknown-respondent-type",
                        String.join(", ", config.respondentTypes())));
            }
            Set<String> voted = new HashSet<>();
            for (int b = 0; b < sheet.ballots().size(); b++) {
                String department = sheet.ballots().get(b).departmentCode();
                String field = "sheets[" + s + "].ballots[" + b + "].departmentCode";
                if (!voted.add(department)) {
                    errors.add(error(field, "survey.one-ballot-per-department", department));
                } else if (!known.computeIfAbsent(department, d -> departments.find(d).map(Departments.Department::active).orElse(false))) {
                    errors.add(error(field, "reference-not-found", new ProblemException.Msg("kind.department", "department"), department));
                }
            }
        }
        if (!errors.isEmpty()) {
            UnprocessableProblem problem = new UnprocessableProblem("survey.sheets-rejected", errors.size());
            errors.forEach(problem::withFieldError);
            throw problem;
        }
    }

    private static ProblemException.FieldErrorSpec error(String field, String key, Object... args) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            named.put(String.valueOf(i), args[i]);
        }
        return new ProblemException.FieldErrorSpec(field, "field." + key, named, key);
    }

    /** The figures: frozen rules once closed, the current configuration while open. */
    public List<DepartmentResult> results(int year) {
        Survey s = get(year);
        List<DepartmentResult> all = results.compute(year, s.rules(config.thresholds()));
        return all.stream().filter(r -> scope.canRead(r.departmentCode())).toList();
    }

    public Thresholds rules(Survey s) {
        return s.rules(config.thresholds());
    }

    /** The accountability case opened per department by the closing (read from the stored results). */
    @SuppressWarnings("unchecked")
    public Map<String, UUID> closingCases(int year) {
        Map<String, UUID> map = new HashMap<>();
        List<Object[]> rows = em.createNativeQuery("select department_code, case_id from survey_result where survey_year = ?1 and case_id is not null")
                .setParameter(1, year).getResultList();
        rows.forEach(r -> map.put((String) r[0], (UUID) r[1]));
        return map;
    }

    /**
     * Closes the survey: freezes the rules, judges every department with ballots and opens an explanation- or
     * resignation-required case where the rate reaches a threshold with enough valid ballots. All in one transaction
     * with the audit records and the case events.
     */
    @Transactional
    public Closing close(int year, IfMatch ifMatch) {
        Survey survey = Survey.<Survey>findByIdOptional(year, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(Survey.KIND, year));
        ifMatch.check(survey.version);
        Survey.State before = survey.state();
        Thresholds rules = config.thresholds();
        survey.close(rules, scope.username(), Instant.now());
        survey.persistAndFlush();
        List<DepartmentResult> figures = results.compute(year, rules);
        Map<String, UUID> opened = new LinkedHashMap<>();
        for (DepartmentResult r : figures) {
            UUID caseId = null;
            if (r.outcome() == Outcome.EXPLANATION_REQUIRED || r.outcome() == Outcome.RESIGNATION_REQUIRED) {
                AccountabilityCase c = cases.open(CaseKind.valueOf(r.outcome().name()), CaseSource.SURVEY, r.departmentCode(),
                        year, r.dissatisfactionRate(), (int) r.validBallots(), null, scope.username());
                caseId = c.id;
                opened.put(r.departmentCode(), caseId);
            }
            em.createNativeQuery("""
                    insert into survey_result (survey_year, department_code, ballots, valid_ballots, satisfied, basically_satisfied,
                        dissatisfied, rate, wilson_low, wilson_high, outcome, case_id)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)""")
                    .setParameter(1, year).setParameter(2, r.departmentCode()).setParameter(3, r.ballots())
                    .setParameter(4, r.validBallots()).setParameter(5, r.satisfied()).setParameter(6, r.basicallySatisfied())
                    .setParameter(7, r.dissatisfied()).setParameter(8, new TypedParameterValue<>(StandardBasicTypes.BIG_DECIMAL, r.dissatisfactionRate())).setParameter(9, r.wilsonLow())
                    .setParameter(10, r.wilsonHigh()).setParameter(11, r.outcome().name()).setParameter(12, new TypedParameterValue<>(StandardBasicTypes.UUID, caseId))
                    .executeUpdate();
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("survey", survey.state());
        after.put("outcomes", figures.stream().collect(LinkedHashMap::new,
                (m, r) -> m.put(r.departmentCode(), r.outcome().name()), Map::putAll));
        after.put("cases", opened);
        audit.record(scope.username(), Survey.KIND, String.valueOf(year), "closed", before, after);
        return new Closing(survey, figures, opened);
    }
}
