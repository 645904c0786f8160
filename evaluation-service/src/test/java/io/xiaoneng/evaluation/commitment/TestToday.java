package io.xiaoneng.evaluation.commitment;

import io.xiaoneng.evaluation.commitment.app.Today;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.LocalDate;

/**
 * Today as a test sets it (the real day when unset), for the commitment deadlines, the year end of reports, term
 * targets and investment-attraction outcomes. One bean for the whole test run: a test that sets it resets it afterwards.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestToday extends Today {

    private volatile LocalDate fixed;

    public void set(String isoDate) {
        fixed = LocalDate.parse(isoDate);
    }

    public void reset() {
        fixed = null;
    }

    @Override
    public LocalDate date() {
        LocalDate f = fixed;
        return f != null ? f : super.date();
    }
}
