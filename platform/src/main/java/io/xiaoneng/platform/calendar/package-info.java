/**
 * China's working-day calendar (工作日历) for legal time limits.
 *
 * <p>The Administrative License Law (行政许可法) art. 82 counts time limits in working days: statutory holidays are
 * excluded, and the make-up working days (调休上班) that the State Council places on weekends count. Which days those
 * are is decided every year by a State Council General Office notice, so the calendar is <em>data per year</em>
 * ({@link io.xiaoneng.platform.calendar.CalendarYear}), never a rule guessed from weekdays: asking about a year
 * without data throws {@link io.xiaoneng.platform.calendar.CalendarYearMissingException}.
 *
 * <p>Plain Java, no CDI: services build one {@link io.xiaoneng.platform.calendar.WorkingDayCalendar} (bundled years
 * or years an administrator loaded) and pass it around; it is immutable and thread-safe.
 */
package io.xiaoneng.platform.calendar;
