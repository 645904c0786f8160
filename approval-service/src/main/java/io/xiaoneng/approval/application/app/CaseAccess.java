package io.xiaoneng.approval.application.app;

import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.application.domain.Command;
import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.Set;

/**
 * Who may see and do what with an application. Officials act only for their own department (the token's
 * {@code department} claim); applicants only on their own cases; the efficiency office reads everything.
 *
 * <table>
 *   <tr><th>command</th><th>who</th></tr>
 *   <tr><td>acceptance, rejection, supplement-request, review, pauses, resumption, certificate-delivery, completion,
 *       pledge-fulfilment</td>
 *       <td>clerk, approver or dept-head of the handling department</td></tr>
 *   <tr><td>approval, denial</td><td>approver or dept-head of the handling department</td></tr>
 *   <tr><td>sub-case approval/denial</td><td>approver or dept-head of that sub-case's department</td></tr>
 *   <tr><td>extension</td><td>dept-head of the handling department (art. 42: 本行政机关负责人批准)</td></tr>
 *   <tr><td>resubmission, withdrawal</td><td>the applicant, or an official of the handling department recording it at the window</td></tr>
 * </table>
 */
@RequestScoped
public class CaseAccess {

    private static final Set<String> OFFICIAL_ROLES = Set.of(Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD);
    private static final Set<String> DECIDING_ROLES = Set.of(Roles.APPROVER, Roles.DEPT_HEAD);

    @Inject
    CurrentUser user;

    public String username() {
        return user.username();
    }

    /** The official's department, when the caller is an official with one. */
    public Optional<String> officialDepartment() {
        return isOfficial() ? user.department() : Optional.empty();
    }

    public boolean isOfficial() {
        return OFFICIAL_ROLES.stream().anyMatch(user::hasRole) && user.department().isPresent();
    }

    public boolean isApplicant() {
        return user.hasRole(Roles.APPLICANT);
    }

    public boolean isPlatform() {
        return user.hasRole(Roles.INTEGRATION);
    }

    public boolean seesAll() {
        return user.seesAllDepartments();
    }

    public boolean hasRole(String role) {
        return user.hasRole(role);
    }

    /** The applicant of this case, signed in. */
    public boolean isOwner(Application a) {
        return isApplicant() && a.applicantAccount != null && a.applicantAccount.equals(user.username());
    }

    /** An official of a department that handles (part of) the case. */
    public boolean isInvolvedOfficial(Application a) {
        return officialDepartment().map(d -> a.departments().contains(d)).orElse(false);
    }

    private boolean isForwardingPlatform(Application a) {
        return isPlatform() && a.submittedBy.equals(user.username());
    }

    public boolean canRead(Application a) {
        return seesAll() || isInvolvedOfficial(a) || isOwner(a) || isForwardingPlatform(a);
    }

    /**
     * The full identifier and phone number: only for the applicant himself and the departments handling the case
     * (and the platform that forwarded it, which holds them anyway). Everyone else — the efficiency office
     * included — sees them masked.
     */
    public boolean seesPersonalData(Application a) {
        return isOwner(a) || isInvolvedOfficial(a) || isForwardingPlatform(a);
    }

    /** Whether the caller acts as the case's applicant (events then name the actor just "applicant"). */
    public boolean actsAsApplicant(Application a) {
        return isOwner(a) && !isInvolvedOfficial(a);
    }

    /** 403 unless the caller may issue {@code command} on the case ({@code department}: the sub-case's). */
    public void authorize(Application a, Command command, String department) {
        boolean allowed = switch (command) {
            case ACCEPTANCE, REJECTION, SUPPLEMENT_REQUEST, REVIEW, PAUSE, RESUMPTION, CERTIFICATE_DELIVERY, COMPLETION,
                 PLEDGE_FULFILMENT ->
                    officialOf(a.departmentCode, OFFICIAL_ROLES);
            case APPROVAL, DENIAL -> officialOf(a.departmentCode, DECIDING_ROLES);
            case SUB_CASE_APPROVAL, SUB_CASE_DENIAL -> department != null && officialOf(department, DECIDING_ROLES);
            case EXTENSION -> officialOf(a.departmentCode, Set.of(Roles.DEPT_HEAD));
            case RESUBMISSION, WITHDRAWAL -> isOwner(a) || officialOf(a.departmentCode, OFFICIAL_ROLES);
            case SUBMISSION, DEEMED_ACCEPTANCE, PLEDGE_BREACH -> false;
        };
        if (!allowed) {
            throw forbidden();
        }
    }

    private boolean officialOf(String department, Set<String> roles) {
        return roles.stream().anyMatch(user::hasRole) && user.department().map(department::equals).orElse(false);
    }

    public static ProblemException forbidden() {
        return new ProblemException(403, ProblemCodes.FORBIDDEN, "forbidden");
    }
}
