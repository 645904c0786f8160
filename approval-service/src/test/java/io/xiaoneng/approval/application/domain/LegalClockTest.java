package io.xiaoneng.approval.application.domain;

import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deadlines hand-counted on the 2026 calendar (State Council notice 2025-11, bundled with the platform). */
class LegalClockTest {

    static final WorkingDayCalendar CAL = WorkingDayCalendar.loadBundled();
    static final LightPolicy POLICY = new LightPolicy(25);

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void springFestival2026() {
        // Accepted Tue 10 Feb 2026, 10 working days: 11, 12, 13 Feb (3), Sat 14 Feb make-up day (4),
        // 15–23 Feb 春节 off, 24, 25, 26, 27 Feb (8), Sat 28 Feb make-up day (9), Mon 2 Mar (10).
        LegalClock clock = LegalClock.of(ClockKind.DECISION, d("2026-02-10"), 10);
        assertThat(clock.dueOn(CAL, d("2026-02-10"))).isEqualTo(d("2026-03-02"));

        LegalClock.Reading onHoliday = clock.read(CAL, d("2026-02-18"), POLICY);
        assertThat(onHoliday.elapsedDays()).as("11–14 Feb").isEqualTo(4);
        assertThat(onHoliday.remainingDays()).isEqualTo(6);
        assertThat(onHoliday.light()).isEqualTo(Light.GREEN);

        // Sat 28 Feb is a working day: one day left (Mon 2 Mar), 10 % → yellow.
        LegalClock.Reading makeUpSaturday = clock.read(CAL, d("2026-02-28"), POLICY);
        assertThat(makeUpSaturday.remainingDays()).isEqualTo(1);
        assertThat(makeUpSaturday.light()).isEqualTo(Light.YELLOW);

        LegalClock.Reading late = clock.read(CAL, d("2026-03-04"), POLICY);
        assertThat(late.overdue()).isTrue();
        assertThat(late.overdueDays()).as("3 and 4 Mar").isEqualTo(2);
        assertThat(late.light()).isEqualTo(Light.RED);
    }

    @Test
    void nationalDay2026() {
        // Accepted Fri 18 Sep 2026, 11 working days: Sun 20 Sep make-up (1), 21–24 Sep (5), Fri 25 Sep 中秋 off,
        // 28–30 Sep (8), 1–7 Oct 国庆 off, Thu 8 (9), Fri 9 (10), Sat 10 Oct make-up (11).
        LegalClock clock = LegalClock.of(ClockKind.DECISION, d("2026-09-18"), 11);
        assertThat(clock.dueOn(CAL, d("2026-09-18"))).isEqualTo(d("2026-10-10"));
        // one more working day: Mon 12 Oct
        assertThat(LegalClock.of(ClockKind.DECISION, d("2026-09-18"), 12).dueOn(CAL, d("2026-09-18"))).isEqualTo(d("2026-10-12"));
        // the due day is a Saturday, and it is still on time
        assertThat(clock.read(CAL, d("2026-10-10"), POLICY).overdue()).isFalse();
        LegalClock.Reading sunday = clock.read(CAL, d("2026-10-11"), POLICY);
        assertThat(sunday.overdue()).isTrue();
        assertThat(sunday.overdueDays()).as("overdue, but no working day lost yet").isZero();
        assertThat(sunday.light()).isEqualTo(Light.RED);
    }

    @Test
    void pausedWorkingDaysDoNotCount() {
        // Accepted Mon 2 Mar 2026, limit 10 → Mon 16 Mar without pauses.
        // Paused Wed 4 Mar, resumed Wed 11 Mar: 5, 6, 9, 10, 11 Mar do not count (5 working days) → Mon 23 Mar.
        LegalClock running = LegalClock.of(ClockKind.DECISION, d("2026-03-02"), 10);
        assertThat(running.dueOn(CAL, d("2026-03-02"))).isEqualTo(d("2026-03-16"));
        LegalClock resumed = new LegalClock(ClockKind.DECISION, d("2026-03-02"), 10, 0,
                List.of(new LegalClock.Interval(d("2026-03-04"), d("2026-03-11"))));
        assertThat(resumed.pausedDays(CAL, d("2026-03-20"))).isEqualTo(5);
        assertThat(resumed.dueOn(CAL, d("2026-03-20"))).isEqualTo(d("2026-03-23"));
        LegalClock.Reading r = resumed.read(CAL, d("2026-03-11"), POLICY);
        assertThat(r.elapsedDays()).as("3 and 4 Mar only").isEqualTo(2);
        assertThat(r.remainingDays()).isEqualTo(8);
    }

    @Test
    void anOpenPauseFreezesTheElapsedTime() {
        LegalClock paused = new LegalClock(ClockKind.DECISION, d("2026-03-02"), 10, 0,
                List.of(new LegalClock.Interval(d("2026-03-04"), null)));
        for (String day : List.of("2026-03-04", "2026-03-06", "2026-03-20", "2026-04-30")) {
            LegalClock.Reading r = paused.read(CAL, d(day), POLICY);
            assertThat(r.elapsedDays()).as(day).isEqualTo(2);
            assertThat(r.remainingDays()).as(day).isEqualTo(8);
            assertThat(r.light()).as(day).isEqualTo(Light.GREEN);
        }
        // the due day moves on with the pause: as if resumed today
        assertThat(paused.dueOn(CAL, d("2026-03-06"))).isEqualTo(CAL.addWorkingDays(d("2026-03-02"), 12));
    }

    @Test
    void anExtensionAddsToTheAllowedDays() {
        LegalClock extended = new LegalClock(ClockKind.DECISION, d("2026-03-02"), 10, 10, List.of());
        assertThat(extended.allowedDays()).isEqualTo(20);
        // 20 working days after Mon 2 Mar 2026 (no holiday in March): Mon 30 Mar
        assertThat(extended.dueOn(CAL, d("2026-03-02"))).isEqualTo(d("2026-03-30"));
    }

    @Test
    void lightsOverTwentyWorkingDays() {
        // Accepted Mon 2 Mar 2026, 20 working days → due Mon 30 Mar.
        LegalClock clock = LegalClock.of(ClockKind.DECISION, d("2026-03-02"), 20);
        assertThat(clock.read(CAL, d("2026-03-20"), POLICY).light()).as("6 of 20 left").isEqualTo(Light.GREEN);
        assertThat(clock.read(CAL, d("2026-03-23"), POLICY).light()).as("5 of 20 left").isEqualTo(Light.YELLOW);
        assertThat(clock.read(CAL, d("2026-03-30"), POLICY).light()).as("due day").isEqualTo(Light.YELLOW);
        LegalClock.Reading red = clock.read(CAL, d("2026-04-07"), POLICY);
        assertThat(red.light()).isEqualTo(Light.RED);
        // 31 Mar, 1, 2, 3 Apr, (4–6 Apr 清明 off), 7 Apr
        assertThat(red.overdueDays()).isEqualTo(5);
    }

    @Test
    void beforeTheStartNothingHasElapsed() {
        LegalClock clock = LegalClock.of(ClockKind.DECISION, d("2026-03-02"), 20);
        LegalClock.Reading r = clock.read(CAL, d("2026-02-27"), POLICY);
        assertThat(r.elapsedDays()).isZero();
        assertThat(r.remainingDays()).isEqualTo(20);
    }

    @Test
    void aYearWithoutCalendarDataIsNotGuessed() {
        LegalClock clock = LegalClock.of(ClockKind.DECISION, d("2026-12-21"), 20);
        assertThatThrownBy(() -> clock.dueOn(CAL, d("2026-12-21"))).isInstanceOf(CalendarYearMissingException.class);
    }
}
