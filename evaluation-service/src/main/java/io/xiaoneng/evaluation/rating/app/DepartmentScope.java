package io.xiaoneng.evaluation.rating.app;

import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.Set;

/**
 * Department scope of evaluation data: officials (clerk, approver, dept-head) see and act on their own department
 * only (the token's {@code department} claim); the efficiency office, the evaluation committee and administrators
 * county-wide. Used by ratings, window-post assessment and commitments.
 */
@RequestScoped
public class DepartmentScope {

    public static final Set<String> OFFICIAL_ROLES = Set.of(Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD);

    @Inject
    CurrentUser user;

    public String username() {
        return user.username();
    }

    public boolean countyWide() {
        return user.seesAllDepartments();
    }

    public boolean hasRole(String role) {
        return user.hasRole(role);
    }

    /**
     * Whether the caller is an applicant and nothing else here (no official or county-wide role): he reads only what
     * is his own — his ratings and the rectifications they opened — whatever department he asks for.
     */
    public boolean applicantOnly() {
        return !countyWide() && hasRole(Roles.APPLICANT) && OFFICIAL_ROLES.stream().noneMatch(this::hasRole);
    }

    /** Whether the caller may read the data of {@code department}. */
    public boolean sees(String department) {
        return countyWide() || user.department().map(d -> d.equals(department)).orElse(false);
    }

    /** Whether the caller is an official of {@code department} holding one of {@code roles}. */
    public boolean actsFor(String department, Set<String> roles) {
        return roles.stream().anyMatch(user::hasRole) && user.department().map(d -> d.equals(department)).orElse(false);
    }

    /**
     * The department a list or statistic is about: officials get their own (asking for another is 403); county-wide
     * roles the one asked for, or all of them (empty).
     */
    public Optional<String> listScope(String requested) {
        if (countyWide()) {
            return Optional.ofNullable(requested);
        }
        String own = user.department().orElseThrow(DepartmentScope::forbidden);
        if (requested != null && !requested.equals(own)) {
            throw forbidden();
        }
        return Optional.of(own);
    }

    public static ProblemException forbidden() {
        return new ProblemException(403, ProblemCodes.FORBIDDEN, "forbidden");
    }

    public static ProblemException forbidden(String detailKey, Object... args) {
        return new ProblemException(403, ProblemCodes.FORBIDDEN, detailKey, args);
    }
}
