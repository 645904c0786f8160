package io.xiaoneng.complaint.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.TopicReader;
import io.xiaoneng.platform.events.CloudEventHeaders;
import io.xiaoneng.platform.events.ComplaintEventTypes;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.Topics;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo complaints: one in each typical state, loaded once, their events valid against the published schemas. */
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

    @Inject
    EventSchemas schemas;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void demoComplaintsCoverTheStatesAndLoadOnce() throws Exception {
        points.load();
        demo.load();
        demo.load();
        List<String> states = states();
        assertThat(states).containsExactlyInAnyOrder("RECEIVED", "DISPATCHED", "REPLIED", "REFERRED", "CLOSED");

        // Every event the demo cases published is valid against its schema: consumers dead-letter one that is not
        // (a reply recorded without its number of complainants once went to evaluation's and integration's DLQs).
        Set<String> ids = Set.copyOf(demoIds());
        int expected = 1 + 3 + 5 + 2 + 7; // received; +accepted, dispatched; +handled, replied; referred; +feedback, closed
        List<ConsumerRecord<String, byte[]>> events = TopicReader.read(bootstrap, Topics.COMPLAINTS, ids::contains,
                expected, Duration.ofSeconds(30));
        assertThat(events).hasSize(expected);
        int replies = 0;
        for (ConsumerRecord<String, byte[]> event : events) {
            String type = TopicReader.header(event, CloudEventHeaders.TYPE);
            JsonNode data = json.readTree(event.value());
            assertThat(schemas.validate(type, data)).as(type + " " + data).isEmpty();
            if (ComplaintEventTypes.REPLIED.type().equals(type)) {
                replies++;
                assertThat(data.path("complainants").asInt()).isEqualTo(1);
            }
        }
        assertThat(replies).isEqualTo(2);
    }

    @SuppressWarnings("unchecked")
    List<String> demoIds() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select a.aggregate_id from audit_record a
                where a.aggregate_type = 'complaint' and a.actor = 'demo' and a.action = 'receive'""").getResultList());
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
