package io.xiaoneng.evaluation.survey.domain;

/** What the year-end survey means for a department once closed. */
public enum Outcome {
    /** Below the explanation threshold. */
    NONE,
    /** ≥ explanation threshold (20 %): the head investigates and makes a public self-criticism and statement. */
    EXPLANATION_REQUIRED,
    /** ≥ resignation threshold (30 %): the head resigns unless the committee accepts his justification. */
    RESIGNATION_REQUIRED,
    /** Fewer valid ballots than the minimum sample: no rate is judged, no case is opened. */
    INSUFFICIENT_SAMPLE
}
