package io.xiaoneng.evaluation.commitment.app;

import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;

/**
 * Today in Beijing, for the commitment calendar (submission deadline, year end). A bean of its own so that tests can
 * put the service on a given day (an {@code @Alternative} in the tests).
 */
@ApplicationScoped
public class Today {

    public LocalDate date() {
        return LocalDate.now(WorkingDayCalendar.ZONE);
    }
}
