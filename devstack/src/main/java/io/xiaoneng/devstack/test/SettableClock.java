package io.xiaoneng.devstack.test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A service's clock in tests: set to a Beijing-time day, so that deadlines across holidays, deemed acceptances and
 * overdue steps can be tested without waiting; unset, it is the system clock. Each service's tests declare their own
 * {@code @Singleton} subclass, which replaces the service's default clock bean (a class of this library jar is not
 * a bean of the application under test).
 */
public abstract class SettableClock extends Clock {

    /** The zone of every legal deadline. */
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private volatile Instant fixed;

    /** 10:00 Beijing time on {@code isoDate}. */
    public void set(String isoDate) {
        fixed = LocalDate.parse(isoDate).atTime(LocalTime.of(10, 0)).atZone(BEIJING).toInstant();
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
        return BEIJING;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
