package io.xiaoneng.integration.delivery;

/** Where a delivery stands. */
public enum DeliveryStatus {
    /** Waiting for its (next) attempt. */
    PENDING,
    /** The subscriber answered 2xx. */
    DELIVERED,
    /** Every configured attempt failed (or the subscriber was deactivated): waits for an administrator's replay. */
    DEAD
}
