package io.xiaoneng.complaint.events;

import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.Topics;

/**
 * Links between related cases, on the complaint topic next to the lifecycle types of the platform's
 * {@code ComplaintEventTypes} (schemas {@code xiaoneng.complaint.complaint.linked|unlinked.v1.json}). A link is no
 * transition: {@code status} and {@code previousStatus} are equal; {@code linkedWith} names the other case. One event
 * per case of the pair, each on its own key, so a consumer following one case sees all its links.
 */
public final class ComplaintLinkEvents {
    private ComplaintLinkEvents() {}

    public static final EventType LINKED = EventType.of("complaint", "complaint", "linked", 1, Topics.COMPLAINTS);
    public static final EventType UNLINKED = EventType.of("complaint", "complaint", "unlinked", 1, Topics.COMPLAINTS);
}
