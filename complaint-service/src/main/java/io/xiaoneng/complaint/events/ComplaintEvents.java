package io.xiaoneng.complaint.events;

import io.xiaoneng.complaint.domain.Command;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.platform.events.ComplaintEventTypes;
import io.xiaoneng.platform.events.EventType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data of the complaint lifecycle events (contract: {@link ComplaintEventTypes} and the schemas
 * {@code xiaoneng.complaint.complaint.*.v1.json}). Built from the case's non-personal fields only: no complainant,
 * no description, no tracking code, no reply text.
 */
public final class ComplaintEvents {
    private ComplaintEvents() {}

    public record Pending(EventType type, Map<String, Object> data) {}

    public static EventType typeOf(Command command) {
        if (command == null) {
            return ComplaintEventTypes.RECEIVED;
        }
        return switch (command) {
            case ACCEPT -> ComplaintEventTypes.ACCEPTED;
            case REFER -> ComplaintEventTypes.REFERRED;
            case DISPATCH, DECIDE -> ComplaintEventTypes.DISPATCHED;
            case BOUNCE -> ComplaintEventTypes.BOUNCED;
            case HANDLE -> ComplaintEventTypes.HANDLED;
            case REPLY -> ComplaintEventTypes.REPLIED;
            case FEEDBACK -> ComplaintEventTypes.FEEDBACK_GIVEN;
            case CLOSE -> ComplaintEventTypes.CLOSED;
            case REOPEN -> ComplaintEventTypes.REOPENED;
            case MERGE -> ComplaintEventTypes.MERGED;
        };
    }

    /** The event of a transition just made on {@code c}; {@code extra} is what the type adds (finding, satisfied, …). */
    public static Pending of(Complaint c, Complaint.Transition t, Map<String, Object> extra) {
        EventType type = typeOf(t.command());
        return new Pending(type, data(c, t.from(), t.to(), t.at(), t.actor(), extra));
    }

    public static Map<String, Object> data(Complaint c, ComplaintStatus from, ComplaintStatus to, Instant at, String actor,
                                           Map<String, Object> extra) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("complaintId", c.id.toString());
        d.put("channel", c.channel.name());
        d.put("category", c.category);
        d.put("department", c.targetDepartment);
        d.put("handlingDepartment", c.handlingDepartment);
        d.put("post", c.post);
        d.put("applicationId", c.applicationId == null ? null : c.applicationId.toString());
        d.put("status", to.name());
        d.put("previousStatus", from == null ? null : from.name());
        d.put("occurredAt", at.toString()); // ISO-8601 in UTC, always with seconds
        d.put("actor", actor);
        d.putAll(extra);
        return d;
    }
}
