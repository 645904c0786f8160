package io.xiaoneng.platform.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Working days in mainland China for counting legal time limits, built from the {@link CalendarYear}s loaded.
 *
 * <p>A day is a working day when it is a make-up working day (调休上班), or a Monday to Friday that is not a listed
 * holiday. Every question about a date whose year has no data throws {@link CalendarYearMissingException}: there is no
 * weekday-only fallback.
 *
 * <h2>Counting convention</h2>
 * 行政许可法 art. 82 says the time limits are counted in working days; how a period is counted is the general rule of
 * 民法典 art. 201: the day of the event is not counted, counting starts the next day. Hence
 * {@link #addWorkingDays(LocalDate, int) addWorkingDays(start, n)} is the n-th working day strictly after
 * {@code start}, whatever kind of day {@code start} is, and the limit expires at the end of that day. Because the
 * result is always a working day, the rule of 民法典 art. 203 (a period whose last day is a holiday ends on the day
 * after the holiday) needs no extra handling.
 *
 * <p>Instants are turned into dates in {@link #ZONE} (Asia/Shanghai): an application received at 00:30 Beijing time
 * on a Saturday was received on that Saturday, even though it is still Friday in UTC.
 *
 * <p>Immutable and thread-safe.
 */
public final class WorkingDayCalendar {

    /** The zone every instant is read in: Beijing time, the legal time of the whole country. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** Classpath folder of the bundled data; {@code index.json} there lists the years. */
    public static final String BUNDLED_DIRECTORY = "calendar/cn/";

    private final NavigableMap<Integer, CalendarYear> years;

    private WorkingDayCalendar(NavigableMap<Integer, CalendarYear> years) {
        this.years = Collections.unmodifiableNavigableMap(years);
    }

    /** A calendar of the given years; each year may appear once. */
    public static WorkingDayCalendar of(CalendarYear... years) {
        return of(Arrays.asList(years));
    }

    /** A calendar of the given years; each year may appear once. */
    public static WorkingDayCalendar of(Collection<CalendarYear> years) {
        NavigableMap<Integer, CalendarYear> byYear = new TreeMap<>();
        for (CalendarYear year : years) {
            Objects.requireNonNull(year, "calendar year");
            if (byYear.putIfAbsent(year.year(), year) != null) {
                throw new IllegalArgumentException("Calendar data for " + year.year() + " given twice");
            }
        }
        return new WorkingDayCalendar(byYear);
    }

    /**
     * The years shipped with the platform, from {@code calendar/cn/index.json} and {@code calendar/cn/<year>.json}
     * on the classpath. Fails loudly if the index or a listed year is missing or invalid.
     */
    public static WorkingDayCalendar loadBundled() {
        ClassLoader loader = WorkingDayCalendar.class.getClassLoader();
        List<Integer> listed = CalendarYearParser.parseIndex(readResource(loader, BUNDLED_DIRECTORY + "index.json"));
        List<CalendarYear> loaded = listed.stream()
                .map(year -> CalendarYearParser.parse(
                        readResource(loader, BUNDLED_DIRECTORY + year + ".json"), year))
                .toList();
        return of(loaded);
    }

    private static String readResource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Bundled calendar resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bundled calendar resource " + name, e);
        }
    }

    /** This calendar with {@code year} added, or replacing the data already held for that year. */
    public WorkingDayCalendar with(CalendarYear year) {
        NavigableMap<Integer, CalendarYear> copy = new TreeMap<>(years);
        copy.put(year.year(), year);
        return new WorkingDayCalendar(copy);
    }

    /** The years with data, ascending. Years in between that are missing are not covered. */
    public NavigableSet<Integer> coveredYears() {
        return years.navigableKeySet();
    }

    /** The data of one year, if loaded. */
    public Optional<CalendarYear> year(int year) {
        return Optional.ofNullable(years.get(year));
    }

    /** Whether the date's year has data, i.e. whether the other methods can answer for it. */
    public boolean covers(LocalDate date) {
        return years.containsKey(date.getYear());
    }

    /**
     * Whether {@code date} is a working day.
     *
     * @throws CalendarYearMissingException if the date's year has no data
     */
    public boolean isWorkingDay(LocalDate date) {
        Objects.requireNonNull(date, "date");
        CalendarYear data = years.get(date.getYear());
        if (data == null) {
            throw new CalendarYearMissingException(date.getYear());
        }
        if (data.isHoliday(date)) {
            return false;
        }
        if (data.isMakeUpWorkday(date)) {
            return true;
        }
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
    }

    /**
     * The {@code n}-th working day after {@code start}: the start day itself is never counted, whether or not it
     * is a working day, and {@code n == 0} returns {@code start} unchanged. Only the days after {@code start} are
     * looked up, so {@code start} may be the last day of an uncovered year.
     *
     * <p>Example (2025, 春节 28 Jan–4 Feb off, Sunday 26 Jan a make-up day): 3 working days after Friday 24 Jan 2025
     * are Sun 26, Mon 27, Wed 5 Feb, so the result is 5 Feb 2025.
     *
     * @throws IllegalArgumentException     if {@code n} is negative (time limits only run forward)
     * @throws CalendarYearMissingException if a day that has to be looked at lies in a year without data
     */
    public LocalDate addWorkingDays(LocalDate start, int n) {
        Objects.requireNonNull(start, "start");
        if (n < 0) {
            throw new IllegalArgumentException("Working days to add must not be negative: " + n);
        }
        LocalDate day = start;
        int remaining = n;
        while (remaining > 0) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                remaining--;
            }
        }
        return day;
    }

    /**
     * {@link #addWorkingDays(LocalDate, int)} for the Beijing-time date of {@code start}.
     */
    public LocalDate addWorkingDays(Instant start, int n) {
        return addWorkingDays(dateOf(start), n);
    }

    /**
     * How many working days lie after {@code fromExclusive} up to and including {@code toInclusive}: the elapsed
     * working days of a time limit started on {@code fromExclusive}, counted by the same convention as
     * {@link #addWorkingDays(LocalDate, int)}, so that
     * {@code workingDaysBetween(s, addWorkingDays(s, n)) == n}.
     *
     * <p>If {@code toInclusive} is before {@code fromExclusive} the result is negative:
     * {@code -workingDaysBetween(toInclusive, fromExclusive)}. That makes "working days left until the deadline"
     * ({@code workingDaysBetween(today, deadline)}) turn negative once overdue, counting the overdue working days.
     *
     * @throws CalendarYearMissingException if a day in the range lies in a year without data
     */
    public int workingDaysBetween(LocalDate fromExclusive, LocalDate toInclusive) {
        Objects.requireNonNull(fromExclusive, "fromExclusive");
        Objects.requireNonNull(toInclusive, "toInclusive");
        if (toInclusive.isBefore(fromExclusive)) {
            return -workingDaysBetween(toInclusive, fromExclusive);
        }
        int count = 0;
        for (LocalDate day = fromExclusive.plusDays(1); !day.isAfter(toInclusive); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }

    /**
     * {@link #workingDaysBetween(LocalDate, LocalDate)} for the Beijing-time dates of the two instants; the time of
     * day does not matter, only the dates.
     */
    public int workingDaysBetween(Instant fromExclusive, Instant toInclusive) {
        return workingDaysBetween(dateOf(fromExclusive), dateOf(toInclusive));
    }

    /** The Beijing-time date of an instant. */
    public static LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(Objects.requireNonNull(instant, "instant"), ZONE);
    }

    @Override
    public String toString() {
        return "WorkingDayCalendar" + years.keySet();
    }
}
