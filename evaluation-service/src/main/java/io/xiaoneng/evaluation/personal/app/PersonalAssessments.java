package io.xiaoneng.evaluation.personal.app;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.xiaoneng.evaluation.org.DepartmentScope;
import io.xiaoneng.evaluation.org.Departments;
import io.xiaoneng.evaluation.personal.domain.Grade;
import io.xiaoneng.evaluation.personal.domain.GradingRules;
import io.xiaoneng.evaluation.personal.domain.PersonalAssessment;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Entering officials' annual scores (the head of their department or the committee) and grading a department's year:
 * the band grades, capped for 优秀. Every change audited.
 */
@ApplicationScoped
public class PersonalAssessments {

    @Inject
    PersonalConfig config;

    @Inject
    Departments departments;

    @Inject
    DepartmentScope scope;

    @Inject
    AuditTrail audit;

    public GradingRules rules() {
        return config.rules();
    }

    @Transactional
    public PersonalAssessment create(int year, String department, String staffRef, String name, Map<GradingRules.Dimension, BigDecimal> scores) {
        departments.requireActive(department, "departmentCode");
        scope.requireEvaluatorOrHeadOf(department);
        requireScores(scores);
        if (PersonalAssessment.count("year = ?1 and staffRef = ?2", year, staffRef) > 0) {
            throw ConflictProblem.alreadyExists(PersonalAssessment.KIND, staffRef + "/" + year);
        }
        PersonalAssessment a = new PersonalAssessment();
        a.id = UUID.randomUUID();
        a.year = year;
        a.departmentCode = department;
        a.staffRef = staffRef;
        a.name = name;
        a.score(scores, rules());
        a.persistAndFlush();
        audit.record(scope.username(), PersonalAssessment.KIND, a.id.toString(), "scored", null, a.state());
        return a;
    }

    @Transactional
    public PersonalAssessment rescore(UUID id, IfMatch ifMatch, Map<GradingRules.Dimension, BigDecimal> scores) {
        PersonalAssessment a = PersonalAssessment.<PersonalAssessment>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(PersonalAssessment.KIND, id));
        if (!scope.canRead(a.departmentCode)) {
            throw new NotFoundProblem(PersonalAssessment.KIND, id);
        }
        scope.requireEvaluatorOrHeadOf(a.departmentCode);
        ifMatch.check(a.version);
        requireScores(scores);
        PersonalAssessment.State before = a.state();
        a.score(scores, rules());
        a.persistAndFlush();
        audit.record(scope.username(), PersonalAssessment.KIND, a.id.toString(), "rescored", before, a.state());
        return a;
    }

    private void requireScores(Map<GradingRules.Dimension, BigDecimal> scores) {
        for (GradingRules.Dimension d : rules().dimensions()) {
            if (scores.get(d) == null) {
                String field = "scores." + d.name().toLowerCase();
                throw new UnprocessableProblem("personal.score-missing", field).withFieldError(field, "personal.score-missing", field);
            }
        }
    }

    public PersonalAssessment get(UUID id) {
        PersonalAssessment a = PersonalAssessment.<PersonalAssessment>findByIdOptional(id)
                .orElseThrow(() -> new NotFoundProblem(PersonalAssessment.KIND, id));
        if (!scope.canRead(a.departmentCode)) {
            throw new NotFoundProblem(PersonalAssessment.KIND, id);
        }
        return a;
    }

    public PageOf<PersonalAssessment> list(int year, String department, PageRequest page) {
        Optional<String> only = scope.restriction();
        if (only.isPresent() && department != null && !department.equals(only.get())) {
            return PageOf.empty(page);
        }
        Optional<String> d = only.or(() -> Optional.ofNullable(department));
        // staffRef is unique within a year: the order is stable from page to page.
        Sort sort = Sort.by("departmentCode").and("total", Sort.Direction.Descending).and("staffRef");
        PanacheQuery<PersonalAssessment> query = d
                .map(code -> PersonalAssessment.<PersonalAssessment>find("year = ?1 and departmentCode = ?2", sort, year, code))
                .orElseGet(() -> PersonalAssessment.find("year", sort, year));
        return PageOf.of(query, page);
    }

    /** Grades every assessment of the department's year in one transaction (rows locked), the cap applied. */
    @Transactional
    public List<PersonalAssessment> grade(int year, String department) {
        departments.requireActive(department, "departmentCode");
        scope.requireEvaluatorOrHeadOf(department);
        List<PersonalAssessment> staff = PersonalAssessment.<PersonalAssessment>find("year = ?1 and departmentCode = ?2",
                        Sort.by("total", Sort.Direction.Descending).and("staffRef"), year, department)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        if (staff.isEmpty()) {
            throw new UnprocessableProblem("personal.nothing-to-grade", department, year);
        }
        Map<String, Grade> grades = rules().grade(staff.stream().map(a -> new GradingRules.Scored(a.id.toString(), a.total)).toList());
        Instant now = Instant.now();
        Map<String, Object> summary = new LinkedHashMap<>();
        for (PersonalAssessment a : staff) {
            a.grade = grades.get(a.id.toString());
            a.gradedBy = scope.username();
            a.gradedAt = now;
            summary.put(a.staffRef, a.grade.name());
        }
        PersonalAssessment.flush();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("year", year);
        after.put("departmentCode", department);
        after.put("excellentCap", rules().excellentCap(staff.size()));
        after.put("grades", summary);
        audit.record(scope.username(), PersonalAssessment.KIND, department + "/" + year, "graded", null, after);
        return staff;
    }
}
