package io.xiaoneng.approval.application.domain;

/**
 * Where an application stands (Administrative License Law arts. 32, 42, 44, 45). Which clock runs in a state is
 * {@link #clock()}; which commands a state allows is {@link Lifecycle}.
 */
public enum ApplicationStatus {
    /** Materials received; the acceptance clock (art. 32, 5 working days) runs from the day of receipt. */
    SUBMITTED,
    /** One notice listing every missing material was given (一次性告知); the applicant's turn, no clock. */
    SUPPLEMENT_REQUESTED,
    /** The supplement arrived; a new acceptance clock runs from its receipt. */
    RESUBMITTED,
    /** Not accepted, with reason and remedy (terminal). */
    NOT_ACCEPTED,
    /** Accepted (on a decision, with a pledge, or deemed by law); the decision clock runs. */
    ACCEPTED,
    UNDER_REVIEW,
    /** Hearing, inspection, testing, … (art. 45): the decision clock stops until resumption. */
    PAUSED,
    APPROVED,
    DENIED,
    /** The licence or the written decision was delivered to the applicant (art. 44). */
    CERTIFICATE_DELIVERED,
    COMPLETED,
    WITHDRAWN;

    /** The legal clock running in this state. */
    public ClockKind clock() {
        return switch (this) {
            case SUBMITTED, RESUBMITTED -> ClockKind.ACCEPTANCE;
            case ACCEPTED, UNDER_REVIEW, PAUSED -> ClockKind.DECISION;
            case APPROVED, DENIED -> ClockKind.DELIVERY;
            default -> ClockKind.NONE;
        };
    }

    /** No command leads out of a terminal state. */
    public boolean isTerminal() {
        return this == NOT_ACCEPTED || this == COMPLETED || this == WITHDRAWN;
    }

    /** Before the decision on the merits: the only states the applicant may withdraw from. */
    public boolean isBeforeDecision() {
        return switch (this) {
            case SUBMITTED, SUPPLEMENT_REQUESTED, RESUBMITTED, ACCEPTED, UNDER_REVIEW, PAUSED -> true;
            default -> false;
        };
    }
}
