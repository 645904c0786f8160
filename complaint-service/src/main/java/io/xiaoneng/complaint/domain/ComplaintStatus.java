package io.xiaoneng.complaint.domain;

/** Where a complaint stands in the four-step rule (受理 → 办理 → 办结 → 答复). */
public enum ComplaintStatus {
    RECEIVED,
    ACCEPTED,
    /** Outside the county's remit: referred to the competent body, still answered. */
    REFERRED,
    /** With the handling department; its clock runs from dispatch. */
    DISPATCHED,
    /** Bounced the configured number of times: the supervisor decides who handles it. */
    AWAITING_DECISION,
    HANDLED,
    REPLIED,
    /** The complainant said whether he is satisfied. */
    RATED,
    CLOSED,
    /** A duplicate merged into another case; it follows that case and receives its reply. */
    MERGED;

    /** Open311: only {@code open} and {@code closed}. */
    public boolean isOpen311Closed() {
        return this == CLOSED || this == MERGED;
    }
}
