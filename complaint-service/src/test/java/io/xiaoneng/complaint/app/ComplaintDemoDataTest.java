package io.xiaoneng.complaint.app;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo complaints: one in each typical state, loaded once. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class ComplaintDemoDataTest {

    @Inject
    DemoData points;

    @Inject
    ComplaintDemoData demo;

    @Inject
    EntityManager em;

    @Test
    void demoComplaintsCoverTheStatesAndLoadOnce() {
        points.load();
        demo.load();
        demo.load();
        List<String> states = states();
        assertThat(states).containsExactlyInAnyOrder("RECEIVED", "DISPATCHED", "REPLIED", "REFERRED", "CLOSED");
    }

    @SuppressWarnings("unchecked")
    List<String> states() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select c.status from complaint c
                where c.id in (select cast(a.aggregate_id as uuid) from audit_record a
                               where a.aggregate_type = 'complaint' and a.actor = 'demo' and a.action = 'receive')""")
                .getResultList());
    }
}
