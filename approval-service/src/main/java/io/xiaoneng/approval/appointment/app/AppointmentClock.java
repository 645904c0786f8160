package io.xiaoneng.approval.appointment.app;

import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * "Now" for the appointment rules (book and cancel until the slot starts, no-show only after it ended). Slots are
 * local times of the service center, so the zone is the calendar's, Asia/Shanghai. A bean of its own so that tests
 * can move time (an {@code @Alternative} in the test sources) instead of waiting for a slot to pass.
 */
@ApplicationScoped
public class AppointmentClock {

    public static final ZoneId ZONE = WorkingDayCalendar.ZONE;

    public Instant now() {
        return Instant.now();
    }

    public OffsetDateTime nowAtCenter() {
        return OffsetDateTime.ofInstant(now(), ZONE);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(now(), ZONE);
    }
}
