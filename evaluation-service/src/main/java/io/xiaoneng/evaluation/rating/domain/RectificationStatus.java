package io.xiaoneng.evaluation.rating.domain;

/**
 * Where a rectification (整改) stands: OPEN (the department must fix the cause) → FIXED (measures recorded) →
 * CALLED_BACK (the rater was reached) → CLOSED (the rater re-rated the fix); CANCELLED when an appeal found the
 * review malicious.
 */
public enum RectificationStatus {
    OPEN, FIXED, CALLED_BACK, CLOSED, CANCELLED;

    public boolean isOpen() {
        return this == OPEN || this == FIXED || this == CALLED_BACK;
    }
}
