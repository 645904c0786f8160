package io.xiaoneng.complaint.complaint;

import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/** The service's clock in tests (replaces the default system clock bean); unset, it is the system clock. */
@Singleton
public class TestClock extends Clock {

    private volatile Instant fixed;

    /** 10:00 Beijing time on {@code isoDate}. */
    public void set(String isoDate) {
        fixed = LocalDate.parse(isoDate).atTime(LocalTime.of(10, 0)).atZone(WorkingDayCalendar.ZONE).toInstant();
    }

    public void reset() {
        fixed = null;
    }

    @Override
    public Instant instant() {
        Instant f = fixed;
        return f != null ? f : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return WorkingDayCalendar.ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
