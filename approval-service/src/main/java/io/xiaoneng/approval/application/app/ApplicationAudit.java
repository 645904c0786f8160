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

    /**
     * @param publicActor the actor as events name him: the username of an official, {@code system}, or
     *                    {@code applicant} (the applicant's login is personal data and stays in the history)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Application a, Transition t, String publicActor) {
        em.flush(); // the application row exists before its history refers to it
        String details;
        try {
            details = json.writeValueAsString(t.details());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("transition details not serializable", e);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into application_history (application_id, at, actor, command, from_state, to_state, details)
                     values (?, ?, ?, ?, ?, ?, cast(? as jsonb))""")) {
            ps.setObject(1, a.id);
            ps.setObject(2, OffsetDateTime.ofInstant(t.at(), ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(3, t.actor());
            ps.setString(4, t.command().label());
            ps.setString(5, t.from() == null ? null : t.from().name());
            ps.setString(6, t.to().name());
            ps.setString(7, details);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Recording the history failed", e);
        }
        for (ApplicationEvents.Pending event : ApplicationEvents.of(a, t, publicActor)) {
            outbox.record(event.type(), a.id.toString(), event.data());
        }
    }
}
