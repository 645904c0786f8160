package io.xiaoneng.evaluation.commitment.app;

import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;

/**
 * Today in Beijing: the service's clock for every rule that depends on the date — the commitment calendar (submission
 * deadline, year end), and whether a year is over before its report is approved, a term year is evaluated or an
 * investment-attraction outcome is recorded. A bean of its own so that tests can put the service on a given day (an
 * {@code @Alternative} in the tests).
 */
@ApplicationScoped
public class Today {

    public LocalDate date() {
        return LocalDate.now(WorkingDayCalendar.ZONE);
    }
}
