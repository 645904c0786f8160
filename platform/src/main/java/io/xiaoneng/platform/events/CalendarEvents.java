package io.xiaoneng.platform.events;

import io.xiaoneng.platform.calendar.CalendarYear;
import io.xiaoneng.platform.calendar.NamedDates;

import java.util.List;

/**
 * The working-day calendar published by approval-service, which owns it: one event per loaded or corrected year,
 * keyed by the year on the log-compacted topic {@link Topics#CALENDAR}, so the latest record per key is the year
 * as it is now and a new consumer reads every year from the beginning of the topic.
 *
 * <p>The data is exactly the platform's calendar format ({@code calendar/cn/<year>.json}): a consumer hands it to
 * {@code CalendarYearParser.parse(json, year)} and adds the result to its {@code WorkingDayCalendar}.
 */
public final class CalendarEvents {
    private CalendarEvents() {}

    public static final EventType YEAR_PUBLISHED = EventType.of("approval", "calendar-year", "published", 1, Topics.CALENDAR);

    /** One year in the platform format; {@link NamedDates} serializes as {@code {"name", "dates": ["yyyy-MM-dd"]}}. */
    public record YearData(int year, List<String> sources, List<NamedDates> holidays, List<NamedDates> makeUpWorkdays) {

        public static YearData of(CalendarYear year) {
            return new YearData(year.year(), year.sources(), year.holidays(), year.makeUpWorkdays());
        }

        /** Validated as every calendar year is (throws {@code InvalidCalendarDataException} listing the problems). */
        public CalendarYear toCalendarYear() {
            return new CalendarYear(year, sources, holidays, makeUpWorkdays);
        }
    }
}
