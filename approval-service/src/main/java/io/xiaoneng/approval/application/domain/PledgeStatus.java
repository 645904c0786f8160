package io.xiaoneng.approval.application.domain;

/** Where a pledge (容缺受理) stands. */
public enum PledgeStatus {
    /** The pledged materials are owed; the deadline has not passed. */
    OPEN,
    /** The materials arrived (on time or late). */
    FULFILLED,
    /** The deadline passed without them; still owed: the case cannot be approved until they arrive. */
    BROKEN
}
