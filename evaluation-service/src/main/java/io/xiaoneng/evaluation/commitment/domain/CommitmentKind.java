package io.xiaoneng.evaluation.commitment.domain;

/**
 * What a service commitment promises. The first three are measurable and checked at year end against the facts;
 * a free-text commitment (e.g. "extended hours on Saturdays") is assessed manually by the evaluation committee.
 */
public enum CommitmentKind {
    /** Every case of the item decided within {@code target} working days (承诺时限). */
    TIME_LIMIT,
    /** At least {@code target} % of the department's decisions on time. */
    ON_TIME_RATE,
    /** At least {@code target} % of the valid ratings satisfied (the top three levels). */
    SATISFACTION,
    FREE_TEXT;

    public boolean measurable() {
        return this != FREE_TEXT;
    }
}
