package io.xiaoneng.approval.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.audit.AuditTrail;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platform's audit trail on a real PostgreSQL: recorded with the change, read back in order, never rewritten. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class AuditTrailTest {

    @Inject
    AuditTrail audit;

    @Inject
    EntityManager em;

    @Test
    void recordsBeforeAndAfterInOrderAndRefusesEveryRewrite() {
        String id = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            audit.record("head-market", "test-aggregate", id, "created", null, Map.of("status", "OPEN"));
            audit.record("system", "test-aggregate", id, "closed", Map.of("status", "OPEN"), Map.of("status", "CLOSED"));
        });

        var trail = audit.of("test-aggregate", id);
        assertThat(trail).extracting(AuditTrail.Entry::action).containsExactly("created", "closed");
        assertThat(trail.get(0).actor()).isEqualTo("head-market");
        assertThat(trail.get(0).before()).isNull();
        assertThat(trail.get(1).before().get("status").asText()).isEqualTo("OPEN");
        assertThat(trail.get(1).after().get("status").asText()).isEqualTo("CLOSED");
        assertThat(trail.get(1).at()).isAfterOrEqualTo(trail.get(0).at());

        for (String rewrite : new String[] {
                "update audit_record set actor = 'someone-else' where aggregate_id = '" + id + "'",
                "delete from audit_record where aggregate_id = '" + id + "'",
                "truncate audit_record"}) {
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(rewrite).executeUpdate()))
                    .as(rewrite).hasStackTraceContaining("append-only");
        }
        assertThat(audit.of("test-aggregate", id)).hasSize(2);
        assertThat(audit.of("test-aggregate", id).get(0).actor()).isEqualTo("head-market");
    }

    @Test
    void outsideATransactionNothingIsRecorded() {
        assertThatThrownBy(() -> audit.record("x", "test-aggregate", "y", "created", null, Map.of()))
                .isInstanceOf(TransactionalException.class);
    }
}
