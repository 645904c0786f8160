package io.xiaoneng.evaluation.projection;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.Checks;
import io.xiaoneng.evaluation.Facts;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The complaint lifecycle as complaint-service publishes it (the platform's schemas, its statuses, its counters),
 * through real Kafka into {@code complaint_projection}.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class ComplaintProjectionTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EntityManager em;

    Object column(String column, Facts.Complaint c) {
        return Checks.single(em, "select " + column + " from complaint_projection where complaint_id = ?1", c.id);
    }

    @Test
    void handlingDepartmentCountersAndReopeningFollowComplaintService() {
        Instant t = Instant.parse("2026-05-11T01:00:00Z");
        try (Facts facts = new Facts(bootstrap)) {
            // Dispatched to the wrong department, which sends it back: with nobody now.
            Facts.Complaint bounced = facts.complaint("cp-bounced", "cp-market", "cp-p1", t)
                    .received().accepted().dispatched("cp-tax").bounced();
            // Handled (substantiated), answered, rated, closed — then reopened and handled again (unsubstantiated).
            Facts.Complaint reopened = facts.complaint("cp-reopened", "cp-market", "cp-p1", t)
                    .received().accepted().dispatched("cp-tax").bounced().dispatched("cp-market")
                    .handled("SUBSTANTIATED").replied().feedbackGiven(false).closed(false).reopened();
            // No department named by the complainant: only the handling department is known.
            Facts.Complaint master = facts.complaint("cp-master", null, null, t).received().accepted().dispatched("cp-market");
            Facts.Complaint duplicate = facts.complaint("cp-duplicate", null, null, t).received().mergedInto(master);

            // Each case's last event is in (a key's events are applied in order).
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Integer.valueOf(1).equals(column("bounce_count", bounced))
                            && Integer.valueOf(1).equals(column("reopen_count", reopened))
                            && "DISPATCHED".equals(column("status", master)) && "MERGED".equals(column("status", duplicate)));

            assertThat(column("handling_department", bounced)).as("a bounced case is with no department").isNull();
            assertThat(column("department", bounced)).isEqualTo("cp-market");
            assertThat(column("bounce_count", bounced)).isEqualTo(1);

            // Reopened: complaint-service's counters, and the old finding, rating and closing are gone with the reply.
            assertThat(column("handling_department", reopened)).isEqualTo("cp-market");
            assertThat(column("bounce_count", reopened)).isEqualTo(1);
            assertThat(column("reopen_count", reopened)).isEqualTo(1);
            assertThat(column("finding", reopened)).isNull();
            assertThat(column("handled_at", reopened)).isNull();
            assertThat(column("satisfied", reopened)).isNull();
            assertThat(column("closed_at", reopened)).isNull();
            assertThat(column("closed_on_time", reopened)).isNull();
            assertThat(column("received_at", reopened)).isNotNull();

            assertThat(column("department", master)).isNull();
            assertThat(column("handling_department", master)).isEqualTo("cp-market");

            reopened.handled("UNSUBSTANTIATED");
            await().atMost(Duration.ofSeconds(60)).until(() -> "HANDLED".equals(column("status", reopened)));
            assertThat(column("finding", reopened)).isEqualTo("UNSUBSTANTIATED");
            assertThat(column("handled_at", reopened)).isNotNull();
            assertThat(column("reopen_count", reopened)).isEqualTo(1);
        }
    }
}
