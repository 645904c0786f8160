package io.xiaoneng.complaint.domain;

/**
 * Step limits of a category in working days (accept, dispatch, handle, reply) and its reopen window in calendar days.
 * Defaults come from configuration ({@code xiaoneng.complaint.deadlines.*}); a category may override each.
 */
public record StepLimits(int acceptDays, int dispatchDays, int handleDays, int replyDays, int reopenDays) {

    public StepLimits {
        if (acceptDays < 0 || dispatchDays < 0 || handleDays < 1 || replyDays < 0 || reopenDays < 0) {
            throw new IllegalArgumentException("step limits must be non-negative (handling at least 1 day)");
        }
    }

    /** The working days allowed for the step that {@code status} is, or -1 when no clock runs in it. */
    public int daysFor(ComplaintStatus status) {
        return switch (status) {
            case RECEIVED -> acceptDays;
            case ACCEPTED, AWAITING_DECISION -> dispatchDays;
            case DISPATCHED -> handleDays;
            case HANDLED, REFERRED -> replyDays;
            default -> -1;
        };
    }
}
