package io.xiaoneng.approval.application.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.application.domain.Transition;
import io.xiaoneng.approval.application.events.ApplicationEvents;
import io.xiaoneng.platform.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every transition, in the transaction that makes it: one row in the append-only {@code application_history}
 * (who, when, command, from, to, details) and its events in the outbox. Both commit with the change or not at all.
 */
@ApplicationScoped
public class ApplicationAudit {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    @Inject
    DataSource dataSource;

    /** One transition to record: the case, the transition, the actor as events name him. */
    public record Recorded(Application application, Transition transition, String publicActor) {}

    /**
     * {@link #record} for many transitions (a sweep): the history rows in one JDBC batch, the events in one bulk
     * insert per event type, in the order of the list (per case in order, since each case appears once here).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(List<Recorded> all) {
        if (all.isEmpty()) {
            return;
        }
        em.flush();
        Map<io.xiaoneng.platform.events.EventType, List<Outbox.Keyed>> events = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(HISTORY_INSERT)) {
            for (Recorded r : all) {
                bindHistory(ps, r.application(), r.transition());
                ps.addBatch();
                for (ApplicationEvents.Pending event : ApplicationEvents.of(r.application(), r.transition(), r.publicActor())) {
                    events.computeIfAbsent(event.type(), k -> new ArrayList<>())
                            .add(new Outbox.Keyed(r.application().id.toString(), event.data()));
                }
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Recording the history failed", e);
        }
        events.forEach(outbox::recordAll);
    }

    private static final String HISTORY_INSERT = """
            insert into application_history (application_id, at, actor, command, from_state, to_state, details)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb))""";

    private void bindHistory(PreparedStatement ps, Application a, Transition t) throws SQLException {
        String details;
        try {
            details = json.writeValueAsString(t.details());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("transition details not serializable", e);
        }
        ps.setObject(1, a.id);
        ps.setObject(2, OffsetDateTime.ofInstant(t.at(), ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setString(3, t.actor());
        ps.setString(4, t.command().label());
        ps.setString(5, t.from() == null ? null : t.from().name());
        ps.setString(6, t.to().name());
        ps.setString(7, details);
    }

    /**
     * @param publicActor the actor as events name him: the username of an official, {@code system}, or
     *                    {@code applicant} (the applicant's login is personal data and stays in the history)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Application a, Transition t, String publicActor) {
        outbox.recordEvents(history(a, t, publicActor));
    }

    /**
     * The history row of a transition, written now; its events returned for the caller to record (with others of
     * the same request, in one statement: {@link Outbox#recordEvents}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Outbox.Entry> history(Application a, Transition t, String publicActor) {
        em.flush(); // the application row exists before its history refers to it
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(HISTORY_INSERT)) {
            bindHistory(ps, a, t);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Recording the history failed", e);
        }
        List<Outbox.Entry> events = new ArrayList<>();
        for (ApplicationEvents.Pending event : ApplicationEvents.of(a, t, publicActor)) {
            events.add(new Outbox.Entry(event.type(), a.id.toString(), event.data()));
        }
        return events;
    }
}
