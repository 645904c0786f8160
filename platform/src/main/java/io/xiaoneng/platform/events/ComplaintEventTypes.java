package io.xiaoneng.platform.events;

import java.util.List;

/**
 * The complaint lifecycle published by complaint-service on {@link Topics#COMPLAINTS}, keyed by complaint id (UUID):
 * a published API, so evaluation-service names the same types the producer records. One event per transition of the
 * four-step rule (有投必受、有受必理、有理必果、有果必复). The data of each type is described by its JSON Schema in
 * {@code events/schemas/}; none carries personal data, nor the complainant's secret tracking code.
 *
 * <p>Every type carries {@code complaintId, channel, category, department} (the department complained about, or
 * null), {@code handlingDepartment, post, applicationId, status} (after), {@code previousStatus, occurredAt,
 * actor}; {@code handled} adds {@code finding}, {@code feedback-given} {@code satisfied}, {@code closed}
 * {@code onTime}.
 */
public final class ComplaintEventTypes {
    private ComplaintEventTypes() {}

    public static final EventType RECEIVED = type("received");
    public static final EventType ACCEPTED = type("accepted");
    /** Outside the county's remit: still registered, referred to the competent body, and answered. */
    public static final EventType REFERRED = type("referred");
    public static final EventType DISPATCHED = type("dispatched");
    /** The handling department sent the case back (jurisdiction dispute); bounces are counted. */
    public static final EventType BOUNCED = type("bounced");
    public static final EventType HANDLED = type("handled");
    public static final EventType REPLIED = type("replied");
    public static final EventType FEEDBACK_GIVEN = type("feedback-given");
    public static final EventType CLOSED = type("closed");
    public static final EventType REOPENED = type("reopened");
    /** A duplicate merged into another case (the master); its complainant still gets the master's reply. */
    public static final EventType MERGED = type("merged");

    public static final List<EventType> ALL = List.of(RECEIVED, ACCEPTED, REFERRED, DISPATCHED, BOUNCED, HANDLED, REPLIED,
            FEEDBACK_GIVEN, CLOSED, REOPENED, MERGED);

    private static EventType type(String event) {
        return EventType.of("complaint", "complaint", event, 1, Topics.COMPLAINTS);
    }
}
