package io.xiaoneng.approval.calendar.app;

import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The calendar's own 422 problems. */
public final class CalendarProblems {
    private CalendarProblems() {}

    /** "holidays[0].dates: '2027-02-30' is not a valid date" → field {@code holidays[0].dates} and the rest. */
    private static final Pattern FIELD_PREFIX = Pattern.compile("^([A-Za-z][A-Za-z0-9]*(?:\\[\\d+])?(?:\\.[A-Za-z][A-Za-z0-9]*)?): (.+)$", Pattern.DOTALL);

    /**
     * 422 {@code invalid-calendar-data}: the year's data broke the platform's rules; {@code errors} lists every
     * problem {@code CalendarYearParser} found. Those lines are the validator's own (English) words: they quote
     * the data (dates, field names) and are meant for whoever maintains the file.
     */
    public static final class InvalidData extends UnprocessableProblem {
        public InvalidData(int year, List<String> problems) {
            super("invalid-calendar-data", "calendar.invalid-data", year, problems.size());
            withProperty("year", year);
            for (String line : problems) {
                Matcher m = FIELD_PREFIX.matcher(line);
                String field = m.matches() ? m.group(1) : null;
                String message = m.matches() ? m.group(2) : line;
                // A key that exists in no bundle: the text is shown as it is (the fallback).
                withFieldError(new ProblemException.FieldErrorSpec(field, "-calendar-problem-", Map.of(), message));
            }
        }
    }
}
