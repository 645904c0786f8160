package io.xiaoneng.approval.application.domain;

/** Why the decision clock stops (Administrative License Law art. 45: these periods do not count toward the limit). */
public enum PauseReason {
    HEARING, INSPECTION, TESTING, QUARANTINE, APPRAISAL, EXPERT_REVIEW, BIDDING, AUCTION
}
