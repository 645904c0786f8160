package io.xiaoneng.approval.application.domain;

import io.xiaoneng.platform.problem.IllegalTransitionProblem;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xiaoneng.approval.application.domain.ApplicationStatus.*;
import static io.xiaoneng.approval.application.domain.Command.*;

/**
 * The state machine of an application, as a table: which command each state allows and where it leads. Guards
 * that depend on the case (one extension only, parallel or not) are {@link Facts}. Plain Java: every rule here is
 * unit-tested without a database.
 */
public final class Lifecycle {
    private Lifecycle() {}

    /** What besides the state decides whether a command is allowed. */
    /**
     * @param pledgeOutstanding materials pledged at acceptance are still owed (open or broken pledge)
     * @param pledgeOpen        the pledge is open (not yet broken)
     */
    public record Facts(boolean composite, boolean extended, ApplicationStatus pausedFrom, boolean pledgeOutstanding,
                        boolean pledgeOpen) {
        public Facts(boolean composite, boolean extended, ApplicationStatus pausedFrom) {
            this(composite, extended, pausedFrom, false, false);
        }

        public static Facts of(boolean composite, boolean extended) {
            return new Facts(composite, extended, null);
        }
    }

    private static final Map<ApplicationStatus, Map<Command, ApplicationStatus>> TABLE = new EnumMap<>(ApplicationStatus.class);

    private static void on(ApplicationStatus from, Command command, ApplicationStatus to) {
        TABLE.computeIfAbsent(from, s -> new EnumMap<>(Command.class)).put(command, to);
    }

    static {
        on(SUBMITTED, ACCEPTANCE, ACCEPTED);
        on(SUBMITTED, REJECTION, NOT_ACCEPTED);
        on(SUBMITTED, SUPPLEMENT_REQUEST, SUPPLEMENT_REQUESTED);
        on(SUBMITTED, DEEMED_ACCEPTANCE, ACCEPTED);
        on(SUBMITTED, WITHDRAWAL, WITHDRAWN);

        on(SUPPLEMENT_REQUESTED, RESUBMISSION, RESUBMITTED);
        on(SUPPLEMENT_REQUESTED, WITHDRAWAL, WITHDRAWN);

        // No second supplement request: the one notice had to list everything missing (一次性告知, art. 32).
        on(RESUBMITTED, ACCEPTANCE, ACCEPTED);
        on(RESUBMITTED, REJECTION, NOT_ACCEPTED);
        on(RESUBMITTED, DEEMED_ACCEPTANCE, ACCEPTED);
        on(RESUBMITTED, WITHDRAWAL, WITHDRAWN);

        on(ACCEPTED, REVIEW, UNDER_REVIEW);
        on(ACCEPTED, PAUSE, PAUSED);
        on(ACCEPTED, EXTENSION, ACCEPTED);
        on(ACCEPTED, WITHDRAWAL, WITHDRAWN);

        on(UNDER_REVIEW, APPROVAL, APPROVED);
        on(UNDER_REVIEW, DENIAL, DENIED);
        // A sub-case decision keeps the case under review until the last department decides (see Application).
        on(UNDER_REVIEW, SUB_CASE_APPROVAL, UNDER_REVIEW);
        on(UNDER_REVIEW, SUB_CASE_DENIAL, DENIED);
        on(UNDER_REVIEW, PAUSE, PAUSED);
        on(UNDER_REVIEW, EXTENSION, UNDER_REVIEW);
        on(UNDER_REVIEW, WITHDRAWAL, WITHDRAWN);

        // Resumption returns to the state the case was paused in (Facts.pausedFrom).
        on(PAUSED, RESUMPTION, PAUSED);
        on(PAUSED, EXTENSION, PAUSED);
        on(PAUSED, WITHDRAWAL, WITHDRAWN);

        // A denial is delivered as a written decision (不予行政许可决定书), within the same limit as a licence.
        on(APPROVED, CERTIFICATE_DELIVERY, CERTIFICATE_DELIVERED);
        on(DENIED, CERTIFICATE_DELIVERY, CERTIFICATE_DELIVERED);

        on(CERTIFICATE_DELIVERED, COMPLETION, COMPLETED);

        // The pledge (容缺受理) runs beside the decision clock and changes no state: the materials arrive, or the
        // deadline passes, while the case is being decided.
        for (ApplicationStatus deciding : List.of(ACCEPTED, UNDER_REVIEW, PAUSED)) {
            on(deciding, PLEDGE_FULFILMENT, deciding);
            on(deciding, PLEDGE_BREACH, deciding);
        }
    }

    /** Commands that only a parallel (composite) case accepts, and those only a single-department case accepts. */
    private static final Set<Command> COMPOSITE_ONLY = EnumSet.of(SUB_CASE_APPROVAL, SUB_CASE_DENIAL);
    private static final Set<Command> SINGLE_ONLY = EnumSet.of(APPROVAL, DENIAL);

    /** Where {@code command} leads from {@code state}, or empty when the command is not allowed there. */
    public static Optional<ApplicationStatus> target(ApplicationStatus state, Command command, Facts facts) {
        ApplicationStatus to = TABLE.getOrDefault(state, Map.of()).get(command);
        if (to == null) {
            return Optional.empty();
        }
        if (facts.composite() ? SINGLE_ONLY.contains(command) : COMPOSITE_ONLY.contains(command)) {
            return Optional.empty();
        }
        if (command == EXTENSION && facts.extended()) {
            return Optional.empty(); // once only (art. 42)
        }
        if ((command == PLEDGE_FULFILMENT && !facts.pledgeOutstanding()) || (command == PLEDGE_BREACH && !facts.pledgeOpen())) {
            return Optional.empty();
        }
        if (command == RESUMPTION) {
            return Optional.of(facts.pausedFrom() == null ? ACCEPTED : facts.pausedFrom());
        }
        return Optional.of(to);
    }

    /** The commands a person may issue in {@code state}, in the order of {@link Command} (what a client may offer next). */
    public static List<Command> allowed(ApplicationStatus state, Facts facts) {
        List<Command> allowed = new ArrayList<>();
        for (Command command : TABLE.getOrDefault(state, Map.of()).keySet()) {
            if (command.isIssuedByPerson() && target(state, command, facts).isPresent()) {
                allowed.add(command);
            }
        }
        return allowed;
    }

    /**
     * The state {@code command} leads to.
     *
     * @throws IllegalTransitionProblem (409, naming the allowed commands) when the state does not allow it
     */
    public static ApplicationStatus next(String applicationId, ApplicationStatus state, Command command, Facts facts) {
        return target(state, command, facts).orElseThrow(() -> new IllegalTransitionProblem("application", applicationId,
                state.name(), command.label(), allowed(state, facts).stream().map(Command::label).toList()));
    }
}
