package io.xiaoneng.evaluation.post.domain;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A month ({@code 2026-03}) or a year ({@code 2026}) of assessment: dates from {@link #start} to {@link #end} (exclusive). */
public record AssessmentPeriod(String label, LocalDate start, LocalDate end, boolean monthly) {

    public static Optional<AssessmentPeriod> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            if (text.matches("\\d{4}-\\d{2}")) {
                YearMonth m = YearMonth.parse(text);
                return Optional.of(new AssessmentPeriod(text, m.atDay(1), m.plusMonths(1).atDay(1), true));
            }
            if (text.matches("\\d{4}")) {
                int y = Integer.parseInt(text);
                return Optional.of(new AssessmentPeriod(text, LocalDate.of(y, 1, 1), LocalDate.of(y + 1, 1, 1), false));
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
