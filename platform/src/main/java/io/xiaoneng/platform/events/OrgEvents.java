package io.xiaoneng.platform.events;

/**
 * Events of the organisation (departments, service-center windows, staff posts) published by approval-service: a
 * published API, so the consumers name the same types the producer records.
 *
 * <p>All of them share the log-compacted topic {@link Topics#ORG}, where compaction keeps the latest record
 * <em>per key</em> across the whole topic. Departments are keyed by their bare code; windows and posts by
 * {@link #windowKey} / {@link #postKey} ({@code window:<code>}, {@code post:<code>}), because their codes come from
 * separate namespaces: a window coded like a department ("market") would otherwise make compaction drop one of the
 * two. The colon cannot occur in a code, so the three key spaces never meet.
 */
public final class OrgEvents {
    private OrgEvents() {}

    public static final EventType DEPARTMENT_REGISTERED = EventType.of("approval", "department", "registered", 1, Topics.ORG);
    public static final EventType DEPARTMENT_CHANGED = EventType.of("approval", "department", "changed", 1, Topics.ORG);

    /** The data of both department events: the department's full current state. */
    public record DepartmentState(String code, String name, String kind, String parentCode, boolean active) {}

    public static final EventType WINDOW_REGISTERED = EventType.of("approval", "window", "registered", 1, Topics.ORG);
    public static final EventType WINDOW_CHANGED = EventType.of("approval", "window", "changed", 1, Topics.ORG);

    public static final EventType POST_REGISTERED = EventType.of("approval", "post", "registered", 1, Topics.ORG);
    public static final EventType POST_CHANGED = EventType.of("approval", "post", "changed", 1, Topics.ORG);
    /** The post no longer exists: the last record of its key, so consumers drop their copy. */
    public static final EventType POST_REMOVED = EventType.of("approval", "post", "removed", 1, Topics.ORG);

    /** The Kafka key (and CloudEvent subject) of a window's events. */
    public static String windowKey(String code) {
        return "window:" + code;
    }

    /** The Kafka key (and CloudEvent subject) of a post's events. */
    public static String postKey(String code) {
        return "post:" + code;
    }

    /** The data of both window events: the window's full current state; departmentCodes sorted. */
    public record WindowState(String code, String name, String number, java.util.List<String> departmentCodes,
                              String location, boolean extendedHours, boolean holidayService, boolean active) {}

    /** The data of the post registered/changed events: the post's full current state; assignees sorted. */
    public record PostState(String code, String windowCode, String title, String responsibilities,
                            java.util.List<String> assignees) {}

    /** The data of the post removed event. */
    public record PostRemoved(String code, String windowCode) {}
}
