package io.xiaoneng.platform.events;

import java.util.List;

/**
 * The application lifecycle published by approval-service on {@link Topics#APPLICATIONS}, keyed by application id:
 * a published API, so evaluation-service, complaint-service and the gateway's outbound push name the same types the
 * producer records. The data of each type is described by its JSON Schema in {@code events/schemas/}; none carries
 * personal data.
 */
public final class ApplicationEventTypes {
    private ApplicationEventTypes() {}

    public static final EventType SUBMITTED = type("submitted");
    public static final EventType ACCEPTED = type("accepted");
    public static final EventType NOT_ACCEPTED = type("not-accepted");
    public static final EventType SUPPLEMENT_REQUESTED = type("supplement-requested");
    public static final EventType RESUBMITTED = type("resubmitted");
    public static final EventType REVIEW_STARTED = type("review-started");
    public static final EventType APPROVED = type("approved");
    public static final EventType DENIED = type("denied");
    public static final EventType SUB_CASE_DECIDED = type("sub-case-decided");
    public static final EventType CERTIFICATE_DELIVERED = type("certificate-delivered");
    public static final EventType COMPLETED = type("completed");
    public static final EventType WITHDRAWN = type("withdrawn");
    public static final EventType PAUSED = type("paused");
    public static final EventType RESUMED = type("resumed");
    public static final EventType EXTENDED = type("extended");
    /** The e-supervision light of a case changed (green / yellow / red); complaint-service opens supervision cases on red. */
    public static final EventType LIGHT_CHANGED = type("light-changed");
    /** The materials pledged at acceptance (容缺受理) arrived. */
    public static final EventType PLEDGE_FULFILLED = type("pledge-fulfilled");
    /** The pledge deadline passed without the materials: the case cannot be approved until they arrive. */
    public static final EventType PLEDGE_BROKEN = type("pledge-broken");

    public static final List<EventType> ALL = List.of(SUBMITTED, ACCEPTED, NOT_ACCEPTED, SUPPLEMENT_REQUESTED, RESUBMITTED,
            REVIEW_STARTED, APPROVED, DENIED, SUB_CASE_DECIDED, CERTIFICATE_DELIVERED, COMPLETED, WITHDRAWN, PAUSED, RESUMED,
            EXTENDED, LIGHT_CHANGED, PLEDGE_FULFILLED, PLEDGE_BROKEN);

    private static EventType type(String event) {
        return EventType.of("approval", "application", event, 1, Topics.APPLICATIONS);
    }
}
