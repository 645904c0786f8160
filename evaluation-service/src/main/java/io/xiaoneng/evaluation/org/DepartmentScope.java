package io.xiaoneng.evaluation.org;

import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Who may see and act for which department in the evaluation: the evaluation committee (evaluator), the efficiency
 * office (supervisor) and administrators county-wide; a department head (and the department's other officials, for
 * reading) only for the department of his token's {@code department} claim.
 */
@RequestScoped
public class DepartmentScope {

    @Inject
    CurrentUser user;

    public String username() {
        return user.username();
    }

    public boolean countyWide() {
        return user.seesAllDepartments();
    }

    public boolean isEvaluator() {
        return user.hasRole(Roles.EVALUATOR);
    }

    /** The caller's own department when he is not county-wide: lists are then restricted to it. */
    public Optional<String> restriction() {
        return countyWide() ? Optional.empty() : Optional.of(user.department().orElse("~no-department~"));
    }

    public boolean canRead(String department) {
        return countyWide() || user.department().map(department::equals).orElse(false);
    }

    /** 403 unless the caller reads county-wide or belongs to {@code department}. */
    public void requireRead(String department) {
        if (!canRead(department)) {
            throw forbidden();
        }
    }

    /** Whether the caller is the head (dept-head) of {@code department}. */
    public boolean isHeadOf(String department) {
        return user.hasRole(Roles.DEPT_HEAD) && user.department().map(department::equals).orElse(false);
    }

    public void requireHeadOf(String department) {
        if (!isHeadOf(department)) {
            throw forbidden();
        }
    }

    /** 403 unless the caller is county-wide with a writing role (evaluator, admin) or the head of {@code department}. */
    public void requireEvaluatorOrHeadOf(String department) {
        if (!(user.hasRole(Roles.EVALUATOR) || user.hasRole(Roles.ADMIN) || isHeadOf(department))) {
            throw forbidden();
        }
    }

    public static ProblemException forbidden() {
        return new ProblemException(403, ProblemCodes.FORBIDDEN, "forbidden");
    }
}
