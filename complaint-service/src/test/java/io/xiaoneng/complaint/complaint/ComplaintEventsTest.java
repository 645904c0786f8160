package io.xiaoneng.complaint.complaint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.TopicReader;
import io.xiaoneng.platform.events.ComplaintEventTypes;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.Topics;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every complaint event type is published through the outbox to {@code xiaoneng.complaint.complaints}, keyed by
 * complaint id, valid against its schema, in the order of the case's history, and without personal data or the
 * tracking code.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class ComplaintEventsTest {

    @Inject
    TestClock clock;

    @Inject
    EventSchemas schemas;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void everyEventTypeIsPublishedValidWithoutPersonalData() {
        clock.set("2026-03-02");
        String dept = department();
        String other = department();
        Map<String, Object> body = hotline(dept, "张三丰", "13812345678");
        body.put("post", "window-a01");
        body.put("applicationId", UUID.randomUUID().toString());
        Case a = register(intake(), body);
        a.ok(intake(), "accept", null);
        a.ok(intake(), "dispatch", Map.of("department", other));
        a.ok(official(other), "bounce", Map.of("reason", "非本单位职责"));
        a.ok(intake(), "dispatch", Map.of("department", dept));
        Case dup = register(null, web(dept));
        dup.ok(intake(), "merge", Map.of("into", a.id));
        a.get(intake());
        a.ok(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "已批评教育经办人"));
        a.ok(official(dept), "reply", Map.of("text", "经查属实，已整改。"));
        a.ok(intake(), "feedback", Map.of("satisfied", true, "note", "回访满意"));
        a.ok(intake(), "close", null);
        a.ok(supervisor(), "reopen", Map.of("reason", "复查"));
        given().contentType(ContentType.JSON).body(Map.of("satisfied", false))
                .when().post("/api/v1/complaint-tracking/" + dup.trackingCode + "/feedback").then().statusCode(200);
        Case referred = register(null, web(null));
        referred.ok(intake(), "refer", Map.of("referredTo", "省通信管理局"));
        // a duplicate's own duplicate follows it into the new master: a merged event of its own
        Case secondMaster = register(null, web(dept));
        Case middle = register(null, web(dept));
        Case follower = register(null, web(dept));
        follower.ok(intake(), "merge", Map.of("into", middle.id));
        middle.ok(intake(), "merge", Map.of("into", secondMaster.id));

        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put(a.id, List.of("received", "accepted", "dispatched", "bounced", "dispatched", "handled", "replied",
                "feedback-given", "closed", "reopened"));
        expected.put(dup.id, List.of("received", "merged", "feedback-given"));
        expected.put(referred.id, List.of("received", "referred"));
        expected.put(middle.id, List.of("received", "merged"));
        expected.put(follower.id, List.of("received", "merged", "merged"));

        Map<String, List<InboundEvent>> received = consume(expected);
        Set<String> seenTypes = new HashSet<>();
        for (var e : received.entrySet()) {
            List<String> names = e.getValue().stream().map(ev -> ev.type().replace("xiaoneng.complaint.complaint.", "").replace(".v1", "")).toList();
            assertThat(names).as("events of %s, in order", e.getKey()).containsExactlyElementsOf(expected.get(e.getKey()));
            for (InboundEvent event : e.getValue()) {
                seenTypes.add(event.type());
                assertThat(schemas.validate(event.type(), event.data())).as("%s: %s", event.type(), event.data()).isEmpty();
                assertThat(event.subject()).isEqualTo(e.getKey());
                assertThat(event.source()).isEqualTo("/xiaoneng/complaint");
                assertThat(event.dataschema()).isEqualTo(EventType.SCHEMA_BASE + event.type() + ".json");
                assertThat(event.data().get("complaintId").asText()).isEqualTo(e.getKey());
                String data = event.data().toString();
                assertThat(data).doesNotContain("张三丰").doesNotContain("13812345678").doesNotContain("幸福路")
                        .doesNotContain(a.trackingCode).doesNotContain(dup.trackingCode).doesNotContain(referred.trackingCode)
                        .doesNotContain("刁难").doesNotContain("经查属实");
            }
        }
        assertThat(seenTypes).containsExactlyInAnyOrderElementsOf(ComplaintEventTypes.ALL.stream().map(EventType::type).toList());

        var aEvents = received.get(a.id);
        assertThat(aEvents.get(0).data().get("actor").asText()).isEqualTo("intake-li");
        assertThat(aEvents.get(0).data().get("previousStatus").isNull()).isTrue();
        assertThat(aEvents.get(0).data().get("channel").asText()).isEqualTo("HOTLINE_12345");
        assertThat(aEvents.get(0).data().get("category").asText()).isEqualTo("attitude");
        assertThat(aEvents.get(0).data().get("department").asText()).isEqualTo(dept);
        assertThat(aEvents.get(0).data().get("post").asText()).isEqualTo("window-a01");
        assertThat(aEvents.get(0).data().get("applicationId").asText()).isEqualTo(body.get("applicationId"));
        assertThat(aEvents.get(3).data().get("bounceCount").asInt()).isEqualTo(1);
        assertThat(aEvents.get(5).data().get("finding").asText()).isEqualTo("SUBSTANTIATED");
        assertThat(aEvents.get(6).data().get("complainants").asInt()).as("master and duplicate").isEqualTo(2);
        assertThat(aEvents.get(7).data().get("satisfied").asBoolean()).isTrue();
        assertThat(aEvents.get(8).data().get("onTime").asBoolean()).isTrue();
        assertThat(aEvents.get(8).data().get("status").asText()).isEqualTo("CLOSED");
        assertThat(aEvents.get(8).data().get("previousStatus").asText()).isEqualTo("RATED");
        assertThat(aEvents.get(9).data().get("reopenCount").asInt()).isEqualTo(1);
        var dupEvents = received.get(dup.id);
        assertThat(dupEvents.get(0).data().get("actor").asText()).as("the complainant is never named").isEqualTo("complainant");
        assertThat(dupEvents.get(1).data().get("mergedInto").asText()).isEqualTo(a.id);
        assertThat(dupEvents.get(2).data().get("satisfied").asBoolean()).isFalse();
        assertThat(received.get(referred.id).get(1).data().get("referredTo").asText()).isEqualTo("省通信管理局");
        var followerEvents = received.get(follower.id);
        assertThat(followerEvents.get(1).data().get("mergedInto").asText()).isEqualTo(middle.id);
        assertThat(followerEvents.get(2).data().get("mergedInto").asText()).as("follows to the new master").isEqualTo(secondMaster.id);
        assertThat(followerEvents.get(2).data().get("previousStatus").asText()).isEqualTo("MERGED");
        assertThat(followerEvents.get(2).data().get("status").asText()).isEqualTo("MERGED");
        assertThat(followerEvents.get(2).data().get("actor").asText()).isEqualTo("intake-li");
    }

    private Map<String, List<InboundEvent>> consume(Map<String, List<String>> expected) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(bootstrap, Topics.COMPLAINTS,
                r -> expected.containsKey(r.key()), rs -> complete(rs, expected), Duration.ofSeconds(120));
        Map<String, List<InboundEvent>> received = new HashMap<>();
        expected.keySet().forEach(k -> received.put(k, new ArrayList<>()));
        records.forEach(r -> received.get(r.key()).add(InboundEvent.from(r, json)));
        for (var e : expected.entrySet()) {
            assertThat(received.get(e.getKey())).as("events of %s", e.getKey()).hasSize(e.getValue().size());
        }
        return received;
    }

    private static boolean complete(List<ConsumerRecord<String, byte[]>> records, Map<String, List<String>> expected) {
        Map<String, Long> counts = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        return expected.entrySet().stream().allMatch(e -> counts.getOrDefault(e.getKey(), 0L) >= e.getValue().size());
    }
}
