package io.xiaoneng.platform.http;

import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.problem.ProblemException;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * Dates and months in query parameters, the same in every service. ISO dates parse up to year ±999,999,999: such a
 * day overflows date arithmetic (the day after {@code to}) or the database's date range, a server error for bad
 * input. So a date a client sends must lie in the years {@value #MIN_YEAR}–{@value #MAX_YEAR}; otherwise 400
 * {@code validation-failed} with a field error {@code date-out-of-range} for every parameter out of range.
 *
 * <pre>{@code
 * QueryDates.check().date("from", from).date("to", to).orThrow();
 * LocalDate day = QueryDates.required("day", text);   // a date parameter read as text: 400 date-required when absent
 * }</pre>
 */
public final class QueryDates {

    public static final int MIN_YEAR = 2000;
    public static final int MAX_YEAR = 2100;

    private QueryDates() {
    }

    /** A required date parameter (yyyy-MM-dd) in range; 400 naming the parameter when it is absent, malformed or out of range. */
    public static LocalDate required(String name, String value) {
        LocalDate date;
        try {
            if (value == null) {
                throw new DateTimeParseException("missing", "", 0);
            }
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw BadRequestProblem.validationFailed().withFieldError(name, "date-required");
        }
        check().date(name, date).orThrow();
        return date;
    }

    /** Collects every parameter out of range, so that one answer names them all. */
    public static Check check() {
        return new Check();
    }

    public static final class Check {

        private ProblemException problem;

        private Check() {
        }

        /** {@code date} may be null (an optional parameter left out). */
        public Check date(String name, LocalDate date) {
            return date == null ? this : year(name, date.getYear());
        }

        public Check month(String name, YearMonth month) {
            return month == null ? this : year(name, month.getYear());
        }

        public Check year(String name, int year) {
            if (year < MIN_YEAR || year > MAX_YEAR) {
                problem = problem == null ? BadRequestProblem.validationFailed() : problem;
                // the bounds as text: MessageFormat would print 2000 as "2,000"
                problem.withFieldError(name, "date-out-of-range", String.valueOf(MIN_YEAR), String.valueOf(MAX_YEAR));
            }
            return this;
        }

        public void orThrow() {
            if (problem != null) {
                throw problem;
            }
        }
    }
}
