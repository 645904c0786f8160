package io.xiaoneng.approval.application.domain;

/** A department's part of a parallel approval (并联审批). */
public enum SubCaseStatus {
    /** Filed; the department's clock starts when the lead department accepts the application. */
    WAITING,
    /** The department's clock runs; its decision is outstanding. */
    PENDING,
    APPROVED,
    DENIED,
    /** The case was decided (another department denied) or withdrawn before this department decided. */
    CLOSED
}
