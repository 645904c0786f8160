package io.xiaoneng.platform.calendar;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The special days of one calendar year: statutory holidays (法定节假日, with the weekend days inside each break) and
 * make-up working days (调休上班日) on weekends, with the official notice(s) they come from.
 *
 * <p>A {@code CalendarYear} describes <em>all</em> special days of its year and only those: every date lies in
 * {@link #year()}. If a later notice moves a day of this year (it has happened for New Year's Day: the notice for
 * year Y+1 made 31 December of year Y a make-up working day), that day belongs in this year's data, and the later
 * notice is added to {@link #sources()}. This keeps "which data decides a date" trivial: the data of the date's year.
 *
 * <p>Immutable; the constructor refuses data that breaks the rules listed in {@link #problemsOf}.
 */
public final class CalendarYear {

    /** Years before this are out of scope: the fixed-date holiday rule checked below holds from 2000 on. */
    public static final int FIRST_SUPPORTED_YEAR = 2000;

    private final int year;
    private final List<String> sources;
    private final List<NamedDates> holidays;
    private final List<NamedDates> makeUpWorkdays;
    private final Map<LocalDate, String> holidayNames;
    private final Map<LocalDate, String> makeUpWorkdayNames;

    /**
     * @param year           the calendar year described
     * @param sources        URLs of the official notices (at least one), so anyone can check the data
     * @param holidays       the days off of each holiday break, weekend days inside the break included
     * @param makeUpWorkdays the weekend days declared working days
     * @throws InvalidCalendarDataException listing every rule broken
     */
    public CalendarYear(int year, List<String> sources, List<NamedDates> holidays, List<NamedDates> makeUpWorkdays) {
        List<String> problems = problemsOf(year, sources, holidays, makeUpWorkdays);
        if (!problems.isEmpty()) {
            throw new InvalidCalendarDataException("year " + year, problems);
        }
        this.year = year;
        this.sources = List.copyOf(sources);
        this.holidays = List.copyOf(holidays);
        this.makeUpWorkdays = List.copyOf(makeUpWorkdays);
        this.holidayNames = index(holidays);
        this.makeUpWorkdayNames = index(makeUpWorkdays);
    }

    /**
     * Every rule the given data breaks, one line each; empty when the data is usable.
     *
     * <ul>
     *   <li>at least one source, each an absolute http(s) URL;</li>
     *   <li>every group has a name and at least one date, every date lies in {@code year};</li>
     *   <li>no date is listed twice, and no date is both a holiday and a make-up working day;</li>
     *   <li>make-up working days are Saturdays or Sundays (a weekday is a working day anyway, so listing one means
     *       a typo in the data);</li>
     *   <li>the fixed-date statutory holidays of the 全国年节及纪念日放假办法 are present: 1 January, 1 May,
     *       1–3 October, and from 2025 (State Council Order No. 795) also 2 May. The lunar ones (春节, 清明, 端午,
     *       中秋) cannot be checked without a lunar calendar. This also refuses an empty placeholder year, which
     *       would otherwise quietly act as "weekends only".</li>
     * </ul>
     */
    public static List<String> problemsOf(int year, List<String> sources, List<NamedDates> holidays,
                                          List<NamedDates> makeUpWorkdays) {
        List<String> problems = new ArrayList<>();
        if (year < FIRST_SUPPORTED_YEAR || year > 9999) {
            problems.add("year " + year + " is out of the supported range " + FIRST_SUPPORTED_YEAR + "..9999");
            return problems; // the date checks below would only repeat this
        }
        if (sources == null || sources.isEmpty()) {
            problems.add("sources: at least one official notice URL is required");
        } else {
            for (String source : sources) {
                if (!isHttpUrl(source)) {
                    problems.add("sources: '" + source + "' is not an absolute http(s) URL");
                }
            }
        }
        Map<LocalDate, String> seenHolidays = checkGroups(year, "holidays", holidays, problems);
        Map<LocalDate, String> seenMakeUps = checkGroups(year, "makeUpWorkdays", makeUpWorkdays, problems);
        seenMakeUps.keySet().stream().sorted().forEach(date -> {
            if (seenHolidays.containsKey(date)) {
                problems.add(date + " is listed both as a holiday (" + seenHolidays.get(date)
                        + ") and as a make-up working day (" + seenMakeUps.get(date) + ")");
            }
            DayOfWeek dow = date.getDayOfWeek();
            if (dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY) {
                problems.add("makeUpWorkdays: " + date + " is a " + dow
                        + "; make-up working days are weekend days (a weekday is a working day anyway)");
            }
        });
        for (LocalDate fixed : fixedDateStatutoryHolidays(year)) {
            if (!seenHolidays.containsKey(fixed)) {
                problems.add("holidays: statutory holiday " + fixed + " is missing");
            }
        }
        return problems;
    }

    /** The holidays fixed by date in the 全国年节及纪念日放假办法 for the given year. */
    static List<LocalDate> fixedDateStatutoryHolidays(int year) {
        List<LocalDate> fixed = new ArrayList<>(List.of(
                LocalDate.of(year, Month.JANUARY, 1),
                LocalDate.of(year, Month.MAY, 1),
                LocalDate.of(year, Month.OCTOBER, 1),
                LocalDate.of(year, Month.OCTOBER, 2),
                LocalDate.of(year, Month.OCTOBER, 3)));
        if (year >= 2025) {
            fixed.add(LocalDate.of(year, Month.MAY, 2)); // Order No. 795 made Labour Day two days
        }
        return fixed;
    }

    private static Map<LocalDate, String> checkGroups(int year, String field, List<NamedDates> groups,
                                                      List<String> problems) {
        Map<LocalDate, String> seen = new HashMap<>();
        if (groups == null) {
            problems.add(field + ": missing (use an empty list when there are none)");
            return seen;
        }
        for (NamedDates group : groups) {
            if (group.name().isBlank()) {
                problems.add(field + ": a group has no name");
            }
            if (group.dates().isEmpty()) {
                problems.add(field + ": group '" + group.name() + "' has no dates");
            }
            for (LocalDate date : group.dates()) {
                if (date.getYear() != year) {
                    problems.add(field + ": " + date + " (" + group.name() + ") is not in " + year
                            + "; put it in the data of " + date.getYear() + " and add this notice to its sources");
                } else if (seen.containsKey(date)) {
                    problems.add(field + ": " + date + " is listed twice (" + seen.get(date) + ", " + group.name()
                            + ")");
                } else {
                    seen.put(date, group.name());
                }
            }
        }
        return seen;
    }

    private static boolean isHttpUrl(String source) {
        if (source == null) {
            return false;
        }
        try {
            URI uri = new URI(source);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Map<LocalDate, String> index(List<NamedDates> groups) {
        Map<LocalDate, String> names = new HashMap<>();
        groups.forEach(g -> g.dates().forEach(d -> names.put(d, g.name())));
        return Map.copyOf(names);
    }

    public int year() {
        return year;
    }

    /** URLs of the official notices this data was taken from. */
    public List<String> sources() {
        return sources;
    }

    public List<NamedDates> holidays() {
        return holidays;
    }

    public List<NamedDates> makeUpWorkdays() {
        return makeUpWorkdays;
    }

    /** The holiday name ({@code 春节}, ...) if the date is a listed day off. */
    public Optional<String> holidayName(LocalDate date) {
        return Optional.ofNullable(holidayNames.get(date));
    }

    /** The holiday name the make-up working day belongs to, if the date is one. */
    public Optional<String> makeUpWorkdayName(LocalDate date) {
        return Optional.ofNullable(makeUpWorkdayNames.get(date));
    }

    boolean isHoliday(LocalDate date) {
        return holidayNames.containsKey(date);
    }

    boolean isMakeUpWorkday(LocalDate date) {
        return makeUpWorkdayNames.containsKey(date);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalendarYear other
                && year == other.year
                && sources.equals(other.sources)
                && holidays.equals(other.holidays)
                && makeUpWorkdays.equals(other.makeUpWorkdays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(year, sources, holidays, makeUpWorkdays);
    }

    @Override
    public String toString() {
        return "CalendarYear[" + year + ", " + holidayNames.size() + " holidays, " + makeUpWorkdayNames.size()
                + " make-up working days, sources=" + sources + "]";
    }
}
