package io.xiaoneng.evaluation.domain;

import io.xiaoneng.platform.problem.UnprocessableProblem;

import java.time.LocalDate;

/**
 * 422 {@code basis-not-final}: a decision that rests on a year's figures — publishing the yearly report, evaluating a
 * year of a term target and so deciding the term, recording a department's investment-attraction outcome and so
 * deciding its sanction — was asked for while those figures may still change. Nothing is changed; the request can be
 * repeated once the basis is final. A code of its own so that a client can tell "not yet" from a request that can
 * never succeed; {@code reason} says what is still missing.
 */
public class BasisNotFinalProblem extends UnprocessableProblem {

    public static final String CODE = "basis-not-final";

    /** The year is not over (Beijing time): ratings, cases and revenue of its last days may still come in. */
    public static final String YEAR_NOT_OVER = "year-not-over";
    /** The year-end survey of the year still takes ballots. */
    public static final String SURVEY_OPEN = "survey-open";
    /** The draft was computed from other facts than today's final ones (before the year end, or before a correction). */
    public static final String DRAFT_OUTDATED = "draft-outdated";

    private BasisNotFinalProblem(String reason, int year, String detailKey, Object... args) {
        super(CODE, detailKey, args);
        withProperty("reason", reason);
        withProperty("year", year);
    }

    /** The first day on which the figures of {@code year} are final: the next new year's day. */
    public static LocalDate finalFrom(int year) {
        return LocalDate.of(year + 1, 1, 1);
    }

    /** Whether {@code year} is over on {@code today}. */
    public static boolean yearOver(int year, LocalDate today) {
        return !today.isBefore(finalFrom(year));
    }

    public static BasisNotFinalProblem reportYearNotOver(int year) {
        return yearNotOver(year, "report.year-not-over");
    }

    public static BasisNotFinalProblem reportSurveyOpen(int year) {
        return new BasisNotFinalProblem(SURVEY_OPEN, year, "report.survey-open", year);
    }

    public static BasisNotFinalProblem reportDraftOutdated(int year) {
        return new BasisNotFinalProblem(DRAFT_OUTDATED, year, "report.draft-outdated", year);
    }

    /** A year of a term evaluated before it is over; for the term's last year that would decide the term. */
    public static BasisNotFinalProblem termYearNotOver(int year, boolean lastOfTerm) {
        return yearNotOver(year, lastOfTerm ? "term.term-not-over" : "term.year-not-over");
    }

    /**
     * An investment-attraction outcome recorded before its year is over: the amount attracted is not final, and a miss
     * would decide a sanction (at the top of the ladder a resignation case) for good.
     */
    public static BasisNotFinalProblem investmentYearNotOver(int year) {
        return yearNotOver(year, "investment.year-not-over");
    }

    private static BasisNotFinalProblem yearNotOver(int year, String detailKey) {
        BasisNotFinalProblem problem = new BasisNotFinalProblem(YEAR_NOT_OVER, year, detailKey, year, finalFrom(year));
        problem.withProperty("finalFrom", finalFrom(year).toString());
        return problem;
    }
}
