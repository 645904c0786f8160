package io.xiaoneng.platform.calendar;

import java.util.List;

/**
 * Calendar data that must not be used, with every problem found (not only the first), so whoever maintains the file
 * can fix it in one go.
 */
public final class InvalidCalendarDataException extends RuntimeException {

    private final List<String> problems;

    public InvalidCalendarDataException(String what, List<String> problems) {
        super(message(what, problems));
        this.problems = List.copyOf(problems);
    }

    /** One human-readable line per problem. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String what, List<String> problems) {
        StringBuilder sb = new StringBuilder("Invalid calendar data for ").append(what).append(':');
        problems.forEach(p -> sb.append("\n - ").append(p));
        return sb.toString();
    }
}
