package io.xiaoneng.evaluation.report.app;

/**
 * <b>Extension point</b> of the yearly report: every CDI bean implementing this interface contributes one section,
 * computed from the raw facts of the year. The report orders sections by {@link #order()}; a section must be
 * deterministic (same facts → same table, rows in a stable order, no clock) so that a published report reproduces.
 *
 * <p>Sections of part B: {@code survey-dissatisfaction} (10), {@code accountability-cases} (20), {@code term-targets}
 * (30), {@code sanctions} (40), {@code personal-grades} (50), {@code hospitality-savings} (60). Reserved for the
 * sections part A provides — listed as pending in a report until a bean with that key exists
 * ({@link ReportBuilder#EXPECTED_SECTIONS}): {@code ratings} (satisfaction and response rate per department),
 * {@code rectification-rates}, {@code commitments} (commitments met), {@code window-posts}.
 */
public interface ReportSection {

    String key();

    /** Position in the report, ascending. */
    int order();

    ReportTable build(int year);

    /**
     * The section from the given source. Sections whose figures are rolled up (ratings, rectification rates, window
     * ranking) read the monthly rollups for {@link ReportSource#ROLLUPS} and the raw facts for
     * {@link ReportSource#FACTS}; the others always read their facts.
     */
    default ReportTable build(int year, ReportSource source) {
        return build(year);
    }
}
