package io.xiaoneng.complaint.app;

import io.quarkus.arc.DefaultBean;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The system clock in Beijing time, unless another {@link Clock} bean is present (tests move time with one). */
@Singleton
public class SystemClock {

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.system(WorkingDayCalendar.ZONE);
    }
}
