package io.xiaoneng.approval.appointment.app;

import io.xiaoneng.approval.window.domain.ServiceWindow;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who asks, as the appointment rules need it. Built from {@link CurrentUser} in the resources; {@link #system()}
 * for work without a request (demo data), so the services stay callable outside a request scope.
 */
public record Caller(String username, Optional<String> department, Set<String> roles) {

    private static final List<String> ROLES = List.of(Roles.APPLICANT, Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD,
            Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN, Roles.INTEGRATION);

    public static Caller of(CurrentUser user) {
        Set<String> roles = new LinkedHashSet<>();
        for (String role : ROLES) {
            if (user.hasRole(role)) {
                roles.add(role);
            }
        }
        return new Caller(user.username(), user.department(), Set.copyOf(roles));
    }

    public static Caller system() {
        return new Caller("system", Optional.empty(), Set.of(Roles.ADMIN));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Supervisor, evaluator and admin see every department's data. */
    public boolean countyWide() {
        return has(Roles.SUPERVISOR) || has(Roles.EVALUATOR) || has(Roles.ADMIN);
    }

    /** An official whose department is one the window serves: its staff, approvers and heads. */
    public boolean worksAt(ServiceWindow window) {
        return department.map(window::serves).orElse(false)
                && (has(Roles.CLERK) || has(Roles.APPROVER) || has(Roles.DEPT_HEAD));
    }

    /** May define the window's slots: an administrator, or the head of a department the window serves. */
    public boolean managesSlotsOf(ServiceWindow window) {
        return has(Roles.ADMIN) || (has(Roles.DEPT_HEAD) && department.map(window::serves).orElse(false));
    }

    /** Window staff of the window: books on an applicant's behalf, marks attendance and no-shows. */
    public boolean isClerkOf(ServiceWindow window) {
        return has(Roles.CLERK) && department.map(window::serves).orElse(false);
    }

    /** Reads the window's bookings. */
    public boolean seesBookingsOf(ServiceWindow window) {
        return countyWide() || worksAt(window);
    }
}
