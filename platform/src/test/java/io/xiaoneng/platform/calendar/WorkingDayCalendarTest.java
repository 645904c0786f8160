package io.xiaoneng.platform.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rules of the working-day calendar, with answers counted by hand from the State Council notices (the counting is
 * written out in the comments, so a reviewer can redo it with a paper calendar).
 *
 * <p>2025 special days used below: 春节 off Tue 28 Jan – Tue 4 Feb, make-up Sun 26 Jan and Sat 8 Feb;
 * 国庆节/中秋节 off Wed 1 – Wed 8 Oct, make-up Sun 28 Sep and Sat 11 Oct. 2026: 元旦 off Thu 1 – Sat 3 Jan, make-up
 * Sun 4 Jan.
 */
class WorkingDayCalendarTest {

    private static final WorkingDayCalendar CALENDAR = WorkingDayCalendar.loadBundled();

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Nested
    class IsWorkingDay {

        @Test
        void makeUpSaturdayAndSundayAreWorkingDays() {
            assertThat(CALENDAR.isWorkingDay(d("2025-02-08"))).as("Sat 8 Feb 2025, 春节 make-up").isTrue();
            assertThat(CALENDAR.isWorkingDay(d("2025-01-26"))).as("Sun 26 Jan 2025, 春节 make-up").isTrue();
            assertThat(CALENDAR.isWorkingDay(d("2025-10-11"))).as("Sat 11 Oct 2025, 国庆 make-up").isTrue();
        }

        @Test
        void ordinaryWeekendIsNotAWorkingDay() {
            assertThat(CALENDAR.isWorkingDay(d("2025-02-15"))).as("Sat 15 Feb 2025").isFalse();
            assertThat(CALENDAR.isWorkingDay(d("2025-02-16"))).as("Sun 16 Feb 2025").isFalse();
        }

        @Test
        void holidayOnAWeekdayIsNotAWorkingDay() {
            assertThat(CALENDAR.isWorkingDay(d("2025-01-28"))).as("Tue 28 Jan 2025, 除夕").isFalse();
            assertThat(CALENDAR.isWorkingDay(d("2025-10-08"))).as("Wed 8 Oct 2025, last day off").isFalse();
            assertThat(CALENDAR.isWorkingDay(d("2025-05-02"))).as("Fri 2 May 2025, new statutory day").isFalse();
        }

        @Test
        void ordinaryWeekdayIsAWorkingDay() {
            assertThat(CALENDAR.isWorkingDay(d("2025-03-12"))).as("Wed 12 Mar 2025").isTrue();
            assertThat(CALENDAR.isWorkingDay(d("2025-10-09"))).as("Thu 9 Oct 2025, first day back").isTrue();
        }

        @Test
        void eveOfSpringFestival2024IsAWorkingDay() {
            // The 2024 notice only "encourages" giving 除夕 (Fri 9 Feb) off; legally it is a working day.
            assertThat(CALENDAR.isWorkingDay(d("2024-02-09"))).isTrue();
        }

        @ParameterizedTest(name = "{0}: {1} working days")
        @CsvSource({
                // Mon-Fri days, minus holidays falling on Mon-Fri, plus make-up days.
                // 2024 (leap, starts Mon): 262 weekdays; holidays on weekdays 元旦 1, 春节 5, 清明 2, 劳动 3, 端午 1,
                //   中秋 2, 国庆 5 = 19; make-up days 8. 262 - 19 + 8 = 251.
                "2024, 251",
                // 2025 (starts Wed): 261; 元旦 1, 春节 6, 清明 1, 劳动 3, 端午 1, 国庆中秋 6 = 18; make-up 5. = 248.
                "2025, 248",
                // 2026 (starts Thu): 261; 元旦 2, 春节 6, 清明 1, 劳动 3, 端午 1, 中秋 1, 国庆 5 = 19; make-up 6. = 248.
                "2026, 248"})
        void workingDaysPerYear(int year, int expected) {
            // From 31 Dec of the year before (exclusive, so that year need not be loaded) to 31 Dec inclusive.
            assertThat(CALENDAR.workingDaysBetween(LocalDate.of(year - 1, 12, 31), LocalDate.of(year, 12, 31)))
                    .isEqualTo(expected);
        }
    }

    @Nested
    class AddWorkingDays {

        @Test
        void twentyWorkingDaysAcrossSpringFestival2025() {
            // From Mon 20 Jan 2025 (not counted):
            //  1-4  Tue 21 – Fri 24 Jan
            //  5    Sun 26 Jan (make-up)        6  Mon 27 Jan
            //       Tue 28 Jan – Tue 4 Feb off
            //  7-9  Wed 5 – Fri 7 Feb           10 Sat 8 Feb (make-up)
            // 11-15 Mon 10 – Fri 14 Feb         16-20 Mon 17 – Fri 21 Feb
            // A weekday-only count would give Mon 17 Feb, two make-up days and six holidays off.
            assertThat(CALENDAR.addWorkingDays(d("2025-01-20"), 20)).isEqualTo(d("2025-02-21"));
        }

        @Test
        void twentyWorkingDaysAcrossNationalDay2025() {
            // From Mon 22 Sep 2025 (not counted):
            //  1-4  Tue 23 – Fri 26 Sep         5  Sun 28 Sep (make-up)
            //  6-7  Mon 29, Tue 30 Sep          Wed 1 – Wed 8 Oct off
            //  8-9  Thu 9, Fri 10 Oct           10 Sat 11 Oct (make-up)
            // 11-15 Mon 13 – Fri 17 Oct         16-20 Mon 20 – Fri 24 Oct
            assertThat(CALENDAR.addWorkingDays(d("2025-09-22"), 20)).isEqualTo(d("2025-10-24"));
        }

        @Test
        void fiveWorkingDayAcceptanceLimitOverNationalDay2025() {
            // Materials received Fri 26 Sep 2025; art. 32's 5 working days:
            // Sun 28 Sep (1), Mon 29 (2), Tue 30 (3), [1–8 Oct off], Thu 9 Oct (4), Fri 10 Oct (5).
            assertThat(CALENDAR.addWorkingDays(d("2025-09-26"), 5)).isEqualTo(d("2025-10-10"));
        }

        @Test
        void makeUpSaturdayCounts() {
            // Fri 7 Feb 2025 + 1 working day is the make-up Saturday, not Mon 10 Feb.
            assertThat(CALENDAR.addWorkingDays(d("2025-02-07"), 1)).isEqualTo(d("2025-02-08"));
        }

        @Test
        void startDayIsNotCounted() {
            // Tue 4 Mar 2025 is a working day, yet 1 working day from it is Wed 5 Mar.
            assertThat(CALENDAR.addWorkingDays(d("2025-03-04"), 1)).isEqualTo(d("2025-03-05"));
        }

        @Test
        void startOnAHolidayCountsFromTheNextWorkingDay() {
            // Received on Wed 1 Oct 2025 (holiday): the first working day after it is Thu 9 Oct.
            assertThat(CALENDAR.addWorkingDays(d("2025-10-01"), 1)).isEqualTo(d("2025-10-09"));
        }

        @Test
        void zeroReturnsTheStartEvenOnAHoliday() {
            assertThat(CALENDAR.addWorkingDays(d("2025-10-01"), 0)).isEqualTo(d("2025-10-01"));
            assertThat(CALENDAR.addWorkingDays(d("2025-03-04"), 0)).isEqualTo(d("2025-03-04"));
        }

        @Test
        void crossesIntoTheNextYearsData() {
            // From Thu 25 Dec 2025: Fri 26 (1), Mon 29 (2), Tue 30 (3), Wed 31 (4), [Thu 1 – Sat 3 Jan 2026 off],
            // Sun 4 Jan (make-up, 5), Mon 5 – Fri 9 Jan (6-10).
            assertThat(CALENDAR.addWorkingDays(d("2025-12-25"), 10)).isEqualTo(d("2026-01-09"));
        }

        @Test
        void negativeIsRefused() {
            assertThatThrownBy(() -> CALENDAR.addWorkingDays(d("2025-03-04"), -1))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void instantIsReadInBeijingTime() {
            // 2025-02-07T16:30Z is Sat 8 Feb 00:30 in Beijing: start Sat 8 Feb, next working day Mon 10 Feb.
            // Read in UTC it would be Fri 7 Feb, giving Sat 8 Feb.
            assertThat(CALENDAR.addWorkingDays(Instant.parse("2025-02-07T16:30:00Z"), 1)).isEqualTo(d("2025-02-10"));
            // 15:59Z is still Fri 7 Feb 23:59 in Beijing.
            assertThat(CALENDAR.addWorkingDays(Instant.parse("2025-02-07T15:59:00Z"), 1)).isEqualTo(d("2025-02-08"));
        }

        @Test
        void resultIsAlwaysAWorkingDayAndTheDaysBeforeItAddUp() {
            // Property over every start day of 2025: the n-th day is a working day, and exactly n working days lie in
            // (start, result]; checked with a plain day-by-day count independent of workingDaysBetween.
            for (LocalDate start = d("2025-01-01"); start.getYear() == 2025; start = start.plusDays(1)) {
                for (int n : new int[] {1, 2, 5, 10, 20, 45}) {
                    LocalDate result = CALENDAR.addWorkingDays(start, n);
                    assertThat(CALENDAR.isWorkingDay(result)).as("%s + %d = %s", start, n, result).isTrue();
                    int counted = 0;
                    for (LocalDate day = start.plusDays(1); !day.isAfter(result); day = day.plusDays(1)) {
                        if (CALENDAR.isWorkingDay(day)) {
                            counted++;
                        }
                    }
                    assertThat(counted).as("%s + %d", start, n).isEqualTo(n);
                }
            }
        }
    }

    @Nested
    class WorkingDaysBetween {

        @Test
        void countsAfterFromUpToAndIncludingTo() {
            assertThat(CALENDAR.workingDaysBetween(d("2025-01-20"), d("2025-02-21"))).isEqualTo(20);
            // Fri 10 Oct -> Sat 11 Oct (make-up): one working day.
            assertThat(CALENDAR.workingDaysBetween(d("2025-10-10"), d("2025-10-11"))).isEqualTo(1);
            // Tue 30 Sep -> Wed 8 Oct: only holidays in between.
            assertThat(CALENDAR.workingDaysBetween(d("2025-09-30"), d("2025-10-08"))).isZero();
            assertThat(CALENDAR.workingDaysBetween(d("2025-03-04"), d("2025-03-04"))).isZero();
        }

        @Test
        void isTheInverseOfAddWorkingDays() {
            for (LocalDate start = d("2025-01-01"); start.getYear() == 2025; start = start.plusDays(1)) {
                for (int n : new int[] {0, 1, 3, 20, 45}) {
                    assertThat(CALENDAR.workingDaysBetween(start, CALENDAR.addWorkingDays(start, n)))
                            .as("%s + %d", start, n).isEqualTo(n);
                }
            }
        }

        @Test
        void isNegativeWhenToIsBeforeFrom() {
            // Deadline Fri 21 Feb 2025, today Tue 25 Feb: Mon 24 and Tue 25 are the two overdue working days.
            assertThat(CALENDAR.workingDaysBetween(d("2025-02-25"), d("2025-02-21"))).isEqualTo(-2);
            assertThat(CALENDAR.workingDaysBetween(d("2025-02-21"), d("2025-01-20"))).isEqualTo(-20);
        }

        @Test
        void instantsAreReadInBeijingTime() {
            // Fri 7 Feb 2025 16:30Z = Sat 8 Feb (make-up) in Beijing; to Mon 10 Feb 01:00Z: Mon 10 only.
            assertThat(CALENDAR.workingDaysBetween(Instant.parse("2025-02-07T16:30:00Z"),
                    Instant.parse("2025-02-10T01:00:00Z"))).isEqualTo(1);
            // The same instants read in UTC (Fri 7 -> Mon 10) would count Sat 8 and Mon 10.
            assertThat(CALENDAR.workingDaysBetween(d("2025-02-07"), d("2025-02-10"))).isEqualTo(2);
        }
    }

    @Nested
    class MissingYears {

        @Test
        void dateInAYearWithoutDataThrowsWithTheYear() {
            assertThatThrownBy(() -> CALENDAR.isWorkingDay(d("2027-03-03")))
                    .isInstanceOfSatisfying(CalendarYearMissingException.class, e -> assertThat(e.year()).isEqualTo(2027))
                    .hasMessageContaining("2027");
            assertThatThrownBy(() -> CALENDAR.isWorkingDay(d("2023-12-29")))
                    .isInstanceOfSatisfying(CalendarYearMissingException.class, e -> assertThat(e.year()).isEqualTo(2023));
        }

        @Test
        void addingPastTheLastLoadedYearThrowsInsteadOfGuessing() {
            // Mon 28 Dec 2026: Tue 29, Wed 30, Thu 31 are 3 working days; the 4th needs 2027's notice.
            assertThat(CALENDAR.addWorkingDays(d("2026-12-28"), 3)).isEqualTo(d("2026-12-31"));
            assertThatThrownBy(() -> CALENDAR.addWorkingDays(d("2026-12-28"), 4))
                    .isInstanceOfSatisfying(CalendarYearMissingException.class, e -> assertThat(e.year()).isEqualTo(2027));
        }

        @Test
        void gapBetweenLoadedYearsIsNotCovered() {
            WorkingDayCalendar gappy = WorkingDayCalendar.of(
                    CALENDAR.year(2024).orElseThrow(), CALENDAR.year(2026).orElseThrow());
            assertThat(gappy.coveredYears()).containsExactly(2024, 2026);
            assertThatThrownBy(() -> gappy.addWorkingDays(d("2024-12-30"), 5))
                    .isInstanceOfSatisfying(CalendarYearMissingException.class, e -> assertThat(e.year()).isEqualTo(2025));
            assertThatThrownBy(() -> gappy.workingDaysBetween(d("2024-06-01"), d("2026-06-01")))
                    .isInstanceOf(CalendarYearMissingException.class);
        }

        @Test
        void startDayItselfIsNotLookedUp() {
            // Counting starts the next day, so a start on 31 Dec 2023 needs no 2023 data.
            // Tue 2 Jan 2024 is the first working day after it (Mon 1 Jan is 元旦).
            assertThat(CALENDAR.addWorkingDays(d("2023-12-31"), 1)).isEqualTo(d("2024-01-02"));
        }
    }

    @Nested
    class Construction {

        @Test
        void bundledYearsAreCovered() {
            assertThat(CALENDAR.coveredYears()).containsExactly(2024, 2025, 2026);
            assertThat(CALENDAR.covers(d("2026-12-31"))).isTrue();
            assertThat(CALENDAR.covers(d("2027-01-01"))).isFalse();
        }

        @Test
        void sameYearTwiceIsRefused() {
            CalendarYear y2025 = CALENDAR.year(2025).orElseThrow();
            assertThatThrownBy(() -> WorkingDayCalendar.of(y2025, y2025))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2025");
        }

        @Test
        void withAddsOrReplacesAYearWithoutChangingTheOriginal() {
            WorkingDayCalendar only2025 = WorkingDayCalendar.of(CALENDAR.year(2025).orElseThrow());
            WorkingDayCalendar both = only2025.with(CALENDAR.year(2026).orElseThrow());
            assertThat(both.coveredYears()).containsExactly(2025, 2026);
            assertThat(only2025.coveredYears()).containsExactly(2025);

            // An amended 2025 in which Mon 3 Mar is a holiday replaces the old data.
            CalendarYear old = CALENDAR.year(2025).orElseThrow();
            List<NamedDates> holidays = new java.util.ArrayList<>(old.holidays());
            holidays.add(NamedDates.of("test", d("2025-03-03")));
            WorkingDayCalendar amended = both.with(new CalendarYear(2025, old.sources(), holidays, old.makeUpWorkdays()));
            assertThat(amended.isWorkingDay(d("2025-03-03"))).isFalse();
            assertThat(both.isWorkingDay(d("2025-03-03"))).isTrue();
        }

        @Test
        void coveredYearsCannotBeModified() {
            assertThatThrownBy(() -> CALENDAR.coveredYears().add(2030))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void holidayNamesExplainTheDays() {
            CalendarYear y2025 = CALENDAR.year(2025).orElseThrow();
            assertThat(y2025.holidayName(d("2025-01-29"))).contains("春节");
            assertThat(y2025.makeUpWorkdayName(d("2025-09-28"))).contains("国庆节、中秋节");
            assertThat(y2025.holidayName(d("2025-03-04"))).isEmpty();
        }
    }
}
