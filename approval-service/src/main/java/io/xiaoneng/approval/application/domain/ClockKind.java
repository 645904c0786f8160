package io.xiaoneng.approval.application.domain;

/** The legal time limits an application runs under, one at a time. */
public enum ClockKind {
    /** Art. 32: decide on acceptance within the acceptance limit of receiving the materials, else deemed accepted. */
    ACCEPTANCE,
    /** Art. 42: decide within the committed limit (承诺时限) of acceptance, extended once; pauses do not count (art. 45). */
    DECISION,
    /** Art. 44: deliver the licence (or the written decision) within the delivery limit of the decision. */
    DELIVERY,
    /** No limit runs (the applicant's turn, or the case is closed). */
    NONE
}
