package io.xiaoneng.platform.events;

import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The local copy of approval-service's departments that complaint- and evaluation-service keep in their own
 * {@code department_projection} table (code, name, kind, parent_code, active, as_of, event_id), from the
 * {@link OrgEvents department events}. Each event carries the department's full state; an older event (by ce_time)
 * never overwrites a newer state, so replays and reordering are harmless.
 */
public final class DepartmentProjections {
    private DepartmentProjections() {}

    /** The event types that change a department's row. */
    public static final List<String> TYPES = List.of(OrgEvents.DEPARTMENT_REGISTERED.type(), OrgEvents.DEPARTMENT_CHANGED.type());

    /** Inserts or updates the department's row, unless the row already holds a newer state. */
    public static void apply(EntityManager em, InboundEvent event) {
        var d = event.data();
        em.createNativeQuery("""
                insert into department_projection (code, name, kind, parent_code, active, as_of, event_id)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                on conflict (code) do update set name = excluded.name, kind = excluded.kind,
                    parent_code = excluded.parent_code, active = excluded.active, as_of = excluded.as_of,
                    event_id = excluded.event_id
                where department_projection.as_of <= excluded.as_of""")
                .setParameter(1, d.get("code").asText())
                .setParameter(2, d.get("name").asText())
                .setParameter(3, d.get("kind").asText())
                .setParameter(4, d.hasNonNull("parentCode") ? d.get("parentCode").asText() : null)
                .setParameter(5, d.get("active").asBoolean())
                .setParameter(6, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC))
                .setParameter(7, event.id())
                .executeUpdate();
    }
}
