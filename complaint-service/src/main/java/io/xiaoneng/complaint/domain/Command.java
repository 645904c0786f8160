package io.xiaoneng.complaint.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The commands that move a complaint. {@link #label()} is the last path segment of the command endpoint
 * ({@code POST /api/v1/complaints/{id}/<label>}), the name in an illegal-transition problem's {@code allowed} list and
 * the action in the audit trail.
 */
public enum Command {
    ACCEPT("accept"),
    REFER("refer"),
    DISPATCH("dispatch"),
    BOUNCE("bounce"),
    /** The supervisor's decision after too many bounces: who handles it. */
    DECIDE("decide"),
    HANDLE("handle"),
    REPLY("reply"),
    FEEDBACK("feedback"),
    CLOSE("close"),
    REOPEN("reopen"),
    MERGE("merge");

    private final String label;

    Command(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Command> byLabel(String label) {
        return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst();
    }
}
