package io.xiaoneng.evaluation.survey.domain;

/** What a respondent says about one department on the year-end ballot. */
public enum Verdict {
    SATISFIED,            // 满意
    BASICALLY_SATISFIED,  // 基本满意
    DISSATISFIED,         // 不满意
    /** A spoiled or blank entry (废票): counted as cast, not as valid. */
    INVALID;

    public boolean valid() {
        return this != INVALID;
    }
}
