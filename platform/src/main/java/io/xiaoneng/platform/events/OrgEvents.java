package io.xiaoneng.platform.events;

/**
 * Events of the organisation (departments) published by approval-service: a published API, so the consumers
 * name the same types the producer records.
 */
public final class OrgEvents {
    private OrgEvents() {}

    public static final EventType DEPARTMENT_REGISTERED = EventType.of("approval", "department", "registered", 1, Topics.ORG);
    public static final EventType DEPARTMENT_CHANGED = EventType.of("approval", "department", "changed", 1, Topics.ORG);

    /** The data of both department events: the department's full current state. */
    public record DepartmentState(String code, String name, String kind, String parentCode, boolean active) {}
}
