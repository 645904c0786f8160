package io.xiaoneng.platform.calendar;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Days that one notice item declares together, e.g. {@code 春节} with its eight days off, or {@code 春节} with its two
 * make-up working days. The name is kept so that a deadline can be explained ("extended by 春节").
 */
public record NamedDates(String name, List<LocalDate> dates) {

    public NamedDates {
        Objects.requireNonNull(name, "name");
        dates = List.copyOf(dates); // immutable, and rejects null elements
    }

    public static NamedDates of(String name, LocalDate... dates) {
        return new NamedDates(name, List.of(dates));
    }
}
