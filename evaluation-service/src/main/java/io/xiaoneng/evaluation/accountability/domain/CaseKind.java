package io.xiaoneng.evaluation.accountability.domain;

public enum CaseKind {
    /** The head investigates and makes a public self-criticism and statement (自查说明、公开检讨). */
    EXPLANATION_REQUIRED,
    /** The head resigns (引咎辞职) unless the evaluation committee accepts his justification. */
    RESIGNATION_REQUIRED
}
