package io.xiaoneng.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.platform.http.RequestTrace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The append-only audit trail ({@code audit_record}, migration {@code db/platform/V0_3}): every state change of an
 * aggregate leaves who, when, what, and the state before and after. Recorded in the caller's transaction, so the
 * record exists exactly when the change committed; the table's triggers refuse any update or delete.
 *
 * <p>Before/after are whatever the aggregate considers its state (a record or map serialized as JSON). Personal
 * data a role may not see must not be put there in clear: the trail is readable by supervisors.
 */
@ApplicationScoped
public class AuditTrail {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    Clock clock = Clock.systemUTC();

    /** Width of {@code audit_record.request_id}. */
    static final int REQUEST_ID_LENGTH = 100;

    /** One audited change. */
    public record Entry(long id, Instant at, String actor, String aggregateType, String aggregateId, String action,
                        JsonNode before, JsonNode after) {}

    /**
     * @param actor  the username of the official or client, {@code system} for scheduled effects, {@code anonymous}
     * @param before the state before the change, {@code null} for a creation
     * @param after  the state after the change, {@code null} for a removal
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String aggregateType, String aggregateId, String action, Object before, Object after) {
        em.createNativeQuery("""
                insert into audit_record (at, actor, aggregate_type, aggregate_id, action, before_state, after_state, request_id)
                values (?1, ?2, ?3, ?4, ?5, cast(?6 as jsonb), cast(?7 as jsonb), cast(?8 as text))""")
                .setParameter(1, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .setParameter(2, actor)
                .setParameter(3, aggregateType)
                .setParameter(4, aggregateId)
                .setParameter(5, action)
                .setParameter(6, toJson(before))
                .setParameter(7, toJson(after))
                .setParameter(8, requestId())
                .executeUpdate();
    }

    /** The id of the request behind the change (the gateway's X-Request-Id), to find its log lines and events. */
    private static String requestId() {
        return RequestTrace.current().map(RequestTrace::requestId)
                .filter(id -> id.length() <= REQUEST_ID_LENGTH) // the column's width; a longer one is left out, not cut
                .orElse(null);
    }

    /** The trail of one aggregate, oldest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Entry> of(String aggregateType, String aggregateId) {
        List<Object[]> rows = em.createNativeQuery("""
                select id, at, actor, aggregate_type, aggregate_id, action, cast(before_state as text), cast(after_state as text)
                from audit_record where aggregate_type = ?1 and aggregate_id = ?2 order by id""")
                .setParameter(1, aggregateType)
                .setParameter(2, aggregateId)
                .getResultList();
        return rows.stream().map(r -> new Entry(((Number) r[0]).longValue(), toInstant(r[1]), (String) r[2], (String) r[3],
                (String) r[4], (String) r[5], parse((String) r[6]), parse((String) r[7]))).toList();
    }

    private String toJson(Object state) {
        if (state == null) {
            return null;
        }
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit state is not serializable", e);
        }
    }

    private JsonNode parse(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit state is not JSON", e);
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
