package io.xiaoneng.evaluation.report.app;

/**
 * Where the growing sections of the report (ratings, rectification rates, window ranking) take their figures from.
 * Both give the same tables; the verification of a published report recomputes from the raw facts, so that it checks
 * the rollups too.
 */
public enum ReportSource {
    /** The monthly rollups (V41): a few rows per department and post — drafts and redrafts. */
    ROLLUPS,
    /** Every case, rating, rectification and complaint of the year — the verification. */
    FACTS
}
