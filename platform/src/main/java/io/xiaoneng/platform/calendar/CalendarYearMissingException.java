package io.xiaoneng.platform.calendar;

/**
 * A date was asked about whose year has no calendar data loaded.
 *
 * <p>Thrown instead of falling back to "Monday to Friday": a deadline computed without the year's holiday notice
 * would be silently wrong by up to a week (Spring Festival, National Day), which is worse than no answer.
 */
public final class CalendarYearMissingException extends RuntimeException {

    private final int year;

    public CalendarYearMissingException(int year) {
        super("No working-day calendar data for year " + year
                + ": load the State Council holiday notice for " + year + " before computing dates in it");
        this.year = year;
    }

    /** The year whose data is missing. */
    public int year() {
        return year;
    }
}
