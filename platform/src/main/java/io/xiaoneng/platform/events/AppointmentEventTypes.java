package io.xiaoneng.platform.events;

import java.util.List;

/**
 * What the service center does to appointment slots once they exist, published by approval-service on
 * {@link Topics#APPOINTMENTS}, keyed {@code slot:<id>} (so a slot's changes, its removal and the cancellations of its
 * bookings are read in order). A cancellation carries the appointment id, never the applicant: a notification
 * service resolves the recipient through approval-service, as for every event without personal data.
 */
public final class AppointmentEventTypes {
    private AppointmentEventTypes() {}

    /** A slot's time or capacity changed (its full state after the change). */
    public static final EventType SLOT_CHANGED = EventType.of("approval", "appointment-slot", "changed", 1, Topics.APPOINTMENTS);
    /** A slot was removed (withdrawn from booking); bookings it had were cancelled first, each with its own event. */
    public static final EventType SLOT_REMOVED = EventType.of("approval", "appointment-slot", "removed", 1, Topics.APPOINTMENTS);
    /** A booking was cancelled by the service center (its slot removed), with the reason to tell the applicant. */
    public static final EventType APPOINTMENT_CANCELLED = EventType.of("approval", "appointment", "cancelled", 1, Topics.APPOINTMENTS);

    public static final List<EventType> ALL = List.of(SLOT_CHANGED, SLOT_REMOVED, APPOINTMENT_CANCELLED);

    public static String slotKey(long slotId) {
        return "slot:" + slotId;
    }
}
