package io.xiaoneng.evaluation.accountability.domain;

/** What opened the case. */
public enum CaseSource {
    /** The year-end survey's dissatisfaction rate. */
    SURVEY,
    /** A town head's three-year term target not met at the end of the term. */
    TERM_TARGET,
    /** The third consecutive missed investment-attraction year of a county department. */
    INVESTMENT_TARGET
}
