package io.xiaoneng.evaluation.accountability.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * <pre>
 * EXPLANATION_REQUIRED:  OPEN --statement (head)--> STATEMENT_SUBMITTED --closure (evaluator)--> CLOSED
 * RESIGNATION_REQUIRED:  OPEN --justification (head)--> JUSTIFICATION_SUBMITTED
 *                        JUSTIFICATION_SUBMITTED --justification-acceptance (evaluator)--> RESIGNATION_WAIVED
 *                        JUSTIFICATION_SUBMITTED --justification-rejection (evaluator)--> RESIGNATION_DUE
 *                        OPEN | RESIGNATION_DUE --resignation (evaluator records it)--> RESIGNED
 * </pre>
 */
public enum CaseStatus {
    OPEN, STATEMENT_SUBMITTED, CLOSED, JUSTIFICATION_SUBMITTED, RESIGNATION_WAIVED, RESIGNATION_DUE, RESIGNED;

    /** The final states: the case is decided, and its outcome is made public (通报). */
    public static final Set<CaseStatus> CONCLUDED = EnumSet.of(CLOSED, RESIGNATION_WAIVED, RESIGNED);
}
