package io.xiaoneng.complaint.app;

import io.xiaoneng.complaint.domain.Channel;
import io.xiaoneng.complaint.domain.Command;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.complaint.integration.PlatformClient;
import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.Set;

/**
 * Who may see and do what with a complaint.
 *
 * <ul>
 *   <li><b>Intake staff</b> — a clerk or dept-head of the complaint center
 *       ({@code xiaoneng.complaint.intake-department}, default {@code complaint-center}, the 12345 center): registers
 *       complaints from every channel, accepts, refers, dispatches, merges, replies, records feedback from the
 *       follow-up call, closes and reopens; sees the complainant in clear (it has to call back).</li>
 *   <li><b>Handling department</b> — clerk, approver or dept-head of the department the case is dispatched to: sees
 *       only its own cases, bounces or handles them and may write the reply; never sees who complained.</li>
 *   <li><b>Supervisor</b> (efficiency office) — reads everything county-wide with the complainant masked, may accept,
 *       dispatch and merge as the intake does, decides after the bounce limit (and refers a case awaiting that
 *       decision), may reopen and close. Admin and evaluator read county-wide, masked.</li>
 *   <li><b>Provincial/city platform</b> (role integration) — forwards complaints and reads those it forwarded itself
 *       ({@code forwardedBy} = its client id), never the other platform's nor any other case.</li>
 *   <li>Whoever belongs to the department complained about ({@code targetDepartment}) or the handling department
 *       gets no complainant data at all, whatever his roles.</li>
 * </ul>
 */
@RequestScoped
public class ComplaintAccess {

    private static final Set<String> OFFICIAL_ROLES = Set.of(Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD);

    /** How much of the complainant a caller sees. */
    public enum IdentityView { FULL, MASKED, NONE }

    @Inject
    CurrentUser user;

    @Inject
    ComplaintRules rules;

    @Inject
    PlatformClient platformClient;

    public String username() {
        return user.username();
    }

    public boolean isAnonymous() {
        return user.isAnonymous();
    }

    public Optional<String> department() {
        return user.department();
    }

    public boolean isIntake() {
        return (user.hasRole(Roles.CLERK) || user.hasRole(Roles.DEPT_HEAD))
                && user.department().map(rules.intakeDepartment()::equals).orElse(false);
    }

    public boolean isSupervisor() {
        return user.hasRole(Roles.SUPERVISOR);
    }

    public boolean isPlatform() {
        return user.hasRole(Roles.INTEGRATION);
    }

    public boolean seesAll() {
        return isIntake() || user.seesAllDepartments();
    }

    /** An official of a department (not the intake), for department-scoped lists. */
    public Optional<String> officialDepartment() {
        boolean official = OFFICIAL_ROLES.stream().anyMatch(user::hasRole);
        return official && !isIntake() ? user.department() : Optional.empty();
    }

    public boolean isHandlingOfficial(Complaint c) {
        return c.handlingDepartment != null && officialDepartment().map(c.handlingDepartment::equals).orElse(false);
    }

    public boolean canRead(Complaint c) {
        return seesAll() || isHandlingOfficial(c) || isForwardingPlatform(c);
    }

    /** The platform client's id (azp, else user name): what a forwarded complaint records as {@code forwardedBy}. */
    public String platformClient() {
        return platformClient.id();
    }

    /** A platform reads only what it forwarded itself: the other platform's cases are none of its business. */
    private boolean isForwardingPlatform(Complaint c) {
        return isPlatform() && c.channel.isForwarded() && c.forwardedBy != null && c.forwardedBy.equals(platformClient.id());
    }

    /** The complained-about and the handling department never see the complainant, whatever the caller's roles. */
    public IdentityView identityView(Complaint c) {
        Optional<String> dept = user.department();
        if (dept.isPresent() && (dept.get().equals(c.targetDepartment) || dept.get().equals(c.handlingDepartment))) {
            return IdentityView.NONE;
        }
        if (isIntake()) {
            return IdentityView.FULL;
        }
        if (user.seesAllDepartments()) {
            return IdentityView.MASKED;
        }
        return IdentityView.NONE;
    }

    /** 403 unless the caller may issue {@code command} on the case. */
    public void authorize(Complaint c, Command command) {
        boolean supervisionCase = c.channel == Channel.E_SUPERVISION;
        boolean allowed = switch (command) {
            case ACCEPT, DISPATCH, MERGE -> isIntake() || isSupervisor();
            case REFER -> isIntake() || (isSupervisor() && c.status == ComplaintStatus.AWAITING_DECISION);
            case BOUNCE, HANDLE -> isHandlingOfficial(c);
            case DECIDE -> isSupervisor();
            case REPLY -> isIntake() || isHandlingOfficial(c) || (supervisionCase && isSupervisor());
            case FEEDBACK -> isIntake() || (supervisionCase && isSupervisor());
            case CLOSE, REOPEN -> isIntake() || isSupervisor();
        };
        if (!allowed) {
            throw forbidden();
        }
    }

    public static ProblemException forbidden() {
        return new ProblemException(403, ProblemCodes.FORBIDDEN, "forbidden");
    }
}
