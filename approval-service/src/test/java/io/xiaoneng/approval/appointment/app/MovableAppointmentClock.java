package io.xiaoneng.approval.appointment.app;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Test time for the appointment rules: tests put "now" where a rule needs it (before a slot, after it) instead of
 * waiting; when nothing is set it is the real time. Replaces {@link AppointmentClock} in every @QuarkusTest of
 * the module; tests that move it put it back after each test.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class MovableAppointmentClock extends AppointmentClock {

    private volatile Instant fixed;

    @Override
    public Instant now() {
        Instant f = fixed;
        return f != null ? f : super.now();
    }

    /** Sets "now" to a local time of the service center (Asia/Shanghai). */
    public void setCenterTime(LocalDateTime atCenter) {
        fixed = atCenter.atZone(ZONE).toInstant();
    }

    public void reset() {
        fixed = null;
    }
}
