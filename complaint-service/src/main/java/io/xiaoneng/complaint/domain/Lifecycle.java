package io.xiaoneng.complaint.domain;

import io.xiaoneng.platform.problem.IllegalTransitionProblem;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xiaoneng.complaint.domain.Command.*;
import static io.xiaoneng.complaint.domain.ComplaintStatus.*;

/**
 * The four-step rule as a table: which command each state allows and where it leads. Guards that depend on the case
 * (bounce limit, reopen window, whether a department handles it) are {@link Facts}. There is deliberately no edge into
 * {@link ComplaintStatus#CLOSED} from a state before {@link ComplaintStatus#REPLIED}: "every result gets a reply"
 * (有果必复) is a property of the table, proven exhaustively in {@code LifecycleExhaustiveTest}.
 */
public final class Lifecycle {
    private Lifecycle() {}

    /**
     * @param bounceCount      bounces so far
     * @param maxBounces       after this many bounces the supervisor decides
     * @param withinReopenWindow the last reply is no older than the category's reopen window
     * @param handled          a department handled the case (so a reopening goes back to it)
     */
    public record Facts(int bounceCount, int maxBounces, boolean withinReopenWindow, boolean handled) {}

    private static final Map<ComplaintStatus, Map<Command, ComplaintStatus>> TABLE = new EnumMap<>(ComplaintStatus.class);

    private static void on(ComplaintStatus from, Command command, ComplaintStatus to) {
        TABLE.computeIfAbsent(from, s -> new EnumMap<>(Command.class)).put(command, to);
    }

    static {
        on(RECEIVED, ACCEPT, ACCEPTED);
        on(RECEIVED, REFER, REFERRED);
        on(RECEIVED, MERGE, MERGED);

        on(ACCEPTED, DISPATCH, DISPATCHED);
        on(ACCEPTED, REFER, REFERRED);
        on(ACCEPTED, MERGE, MERGED);

        // BOUNCE leads back to ACCEPTED, or to AWAITING_DECISION once the limit is reached (see target()).
        on(DISPATCHED, BOUNCE, ACCEPTED);
        on(DISPATCHED, HANDLE, HANDLED);
        on(DISPATCHED, MERGE, MERGED);

        on(AWAITING_DECISION, DECIDE, DISPATCHED);
        on(AWAITING_DECISION, REFER, REFERRED);

        on(HANDLED, REPLY, REPLIED);
        on(REFERRED, REPLY, REPLIED);

        on(REPLIED, FEEDBACK, RATED);
        on(REPLIED, CLOSE, CLOSED);
        on(REPLIED, REOPEN, DISPATCHED);
        on(RATED, CLOSE, CLOSED);
        on(RATED, REOPEN, DISPATCHED);
        on(CLOSED, REOPEN, DISPATCHED);
    }

    /** Where {@code command} leads from {@code state}, or empty when it is not allowed there. */
    public static Optional<ComplaintStatus> target(ComplaintStatus state, Command command, Facts facts) {
        ComplaintStatus to = TABLE.getOrDefault(state, Map.of()).get(command);
        if (to == null) {
            return Optional.empty();
        }
        return switch (command) {
            case BOUNCE -> Optional.of(facts.bounceCount() + 1 >= facts.maxBounces() ? AWAITING_DECISION : ACCEPTED);
            // A referred case was never with a department: reopened, it goes back to the intake.
            case REOPEN -> facts.withinReopenWindow() ? Optional.of(facts.handled() ? DISPATCHED : ACCEPTED) : Optional.empty();
            default -> Optional.of(to);
        };
    }

    /** The commands allowed in {@code state}, in the order of {@link Command}. */
    public static List<Command> allowed(ComplaintStatus state, Facts facts) {
        List<Command> allowed = new ArrayList<>();
        for (Command c : TABLE.getOrDefault(state, Map.of()).keySet()) {
            if (target(state, c, facts).isPresent()) {
                allowed.add(c);
            }
        }
        return allowed;
    }

    /** @throws IllegalTransitionProblem (409, naming the allowed commands) when the state does not allow it */
    public static ComplaintStatus next(Object id, ComplaintStatus state, Command command, Facts facts) {
        return target(state, command, facts).orElseThrow(() -> new IllegalTransitionProblem("complaint", id, state.name(),
                command.label(), allowed(state, facts).stream().map(Command::label).toList()));
    }
}
