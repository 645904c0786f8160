package io.xiaoneng.evaluation.projection;

import io.xiaoneng.platform.events.InboundEvent;

import java.util.List;

/**
 * A local read model fed from one topic through the idempotent inbox. It knows what it consists of (tables, inbox
 * consumer name), so {@link ProjectionReplay} can empty it and rebuild it from the topic's beginning.
 *
 * <p>Every {@link #apply} must give the same rows whether an event arrives once or again (the inbox makes
 * redeliveries no-ops) and whether the live consumer or a replay applies it.
 */
public interface Projection {

    /** The name in the replay API, e.g. {@code applications}. */
    String name();

    /** The inbox consumer name (one inbox per projection). */
    String consumer();

    /** The topic the projection is built from. */
    String topic();

    /** The CloudEvent types it applies; others on the topic are ignored. */
    List<String> types();

    /** Its tables, emptied by a replay. */
    List<String> tables();

    /**
     * The monthly rollups (V41) summing facts of this projection only: emptied with its tables by a replay, refilled
     * as the replay re-applies the events, and recomputed from the raw facts at its end.
     */
    default List<String> rollups() {
        return List.of();
    }

    /** Applies one event, inside the inbox transaction. */
    void apply(InboundEvent event);
}
