package io.xiaoneng.approval.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.approval.application.app.SupervisionJob;
import io.xiaoneng.approval.application.events.ApplicationEvents;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.TopicReader;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.InboundEvent;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every application event type is published through the outbox to Kafka, as a CloudEvent whose data is valid
 * against its JSON Schema, in the order of the case's history, and without personal data.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class ApplicationEventsTest {

    @Inject
    TestClock clock;

    @Inject
    SupervisionJob job;

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
    void everyEventTypeIsPublishedValidAgainstItsSchema() {
        clock.set("2026-03-02");
        String dept = department();
        String item = item(dept, 10, false);
        String personId = personId();

        // 容缺受理: accepted on a pledge on Mon 2 Mar (deadline by default 5 working days: Mon 9 Mar), broken by the
        // sweep on 10 Mar, made good on 12 Mar
        Case pledged = fileOnline("applicant-ev", item(dept, 10, true));
        pledged.ok(clerk(dept), "acceptance", Map.of("pledge", Map.of("missingMaterials", List.of("消防安全检查意见书"))));

        // the full course: supplement, acceptance, extension, review, pause, resumption, approval, delivery, completion
        Case full = file(applicant("applicant-ev"), body(item, person(personId)));
        full.ok(clerk(dept), "supplement-request", Map.of("missingMaterials", List.of("营业执照副本")));
        full.ok(applicant("applicant-ev"), "resubmission", null);
        full.ok(clerk(dept), "acceptance", null);
        full.ok(head(dept), "extension", Map.of("reason", "需专家评审"));
        full.ok(approver(dept), "review", null);
        full.ok(approver(dept), "pauses", Map.of("reason", "EXPERT_REVIEW"));
        clock.set("2026-03-04");
        full.ok(approver(dept), "resumption", null);
        full.ok(approver(dept), "approval", null);
        full.ok(clerk(dept), "certificate-delivery", Map.of("method", "MAIL", "certificateNumber", "C-1"));
        full.ok(clerk(dept), "completion", null);

        Case rejected = fileOnline("applicant-ev", item);
        rejected.ok(clerk(dept), "rejection", Map.of("reason", "不属于本机关职权范围", "remedy", "向县自然资源局申请"));
        Case withdrawn = fileOnline("applicant-ev", item);
        withdrawn.ok(applicant("applicant-ev"), "withdrawal", null);

        String housing = department();
        Case parallel = file(clerk(dept), body(parallelItem(dept, List.of(housing), 10),
                Map.of("kind", "ENTERPRISE", "name", "某某有限公司", "idNumber", enterpriseCode())));
        parallel.ok(clerk(dept), "acceptance", null);
        parallel.ok(clerk(dept), "review", null);
        given().auth().oauth2(approver(dept)).contentType("application/json").header("If-Match", parallel.etag).body(Map.of())
                .when().post(APPLICATIONS + "/" + parallel.id + "/sub-cases/" + dept + "/approval").then().statusCode(200);
        parallel.get(clerk(dept));
        given().auth().oauth2(approver(housing)).contentType("application/json").header("If-Match", parallel.etag)
                .body(Map.of("reasons", "不符合规划")).when().post(APPLICATIONS + "/" + parallel.id + "/sub-cases/" + housing + "/denial")
                .then().statusCode(200);

        clock.set("2026-03-04");
        Case deemed = fileOnline("applicant-ev", item); // acceptance due 5 working days after Wed 4 Mar: Wed 11 Mar
        clock.set("2026-03-10");                         // 1 of 5 days left: yellow
        job.runOnce();
        clock.set("2026-03-12");                         // deemed accepted; the decision clock is green
        job.runOnce();
        pledged.get(clerk(dept));
        pledged.ok(clerk(dept), "pledge-fulfilment", Map.of("materials", List.of("消防安全检查意见书")));

        Map<String, List<String>> expected = new LinkedHashMap<>();
        // A light event only when the colour changes: none while it is the applicant's turn (no clock), none when
        // acceptance turns a green acceptance clock into a green decision clock.
        expected.put(full.id, List.of("submitted", "light-changed", "supplement-requested", "resubmitted", "light-changed",
                "accepted", "extended", "review-started", "paused", "resumed", "approved", "certificate-delivered", "completed"));
        expected.put(rejected.id, List.of("submitted", "light-changed", "not-accepted"));
        expected.put(withdrawn.id, List.of("submitted", "light-changed", "withdrawn"));
        expected.put(parallel.id, List.of("submitted", "light-changed", "accepted", "review-started",
                "sub-case-decided", "sub-case-decided", "denied"));
        expected.put(deemed.id, List.of("submitted", "light-changed", "light-changed", "accepted", "light-changed"));
        // decision due Mon 16 Mar; yellow from Thu 12 Mar (2 of 10 days left)
        expected.put(pledged.id, List.of("submitted", "light-changed", "accepted", "pledge-broken", "light-changed", "pledge-fulfilled"));

        Map<String, List<InboundEvent>> received = consume(expected);
        Set<String> seenTypes = new java.util.HashSet<>();
        for (Map.Entry<String, List<InboundEvent>> e : received.entrySet()) {
            List<String> names = e.getValue().stream().map(ev -> ev.type().replace("xiaoneng.approval.application.", "").replace(".v1", "")).toList();
            assertThat(names).as("events of %s, in order", e.getKey()).containsExactlyElementsOf(expected.get(e.getKey()));
            for (InboundEvent event : e.getValue()) {
                seenTypes.add(event.type());
                assertThat(schemas.validate(event.type(), event.data())).as("%s: %s", event.type(), event.data()).isEmpty();
                assertThat(event.subject()).isEqualTo(e.getKey());
                assertThat(event.source()).isEqualTo("/xiaoneng/approval");
                assertThat(event.dataschema()).isEqualTo(EventType.SCHEMA_BASE + event.type() + ".json");
                String data = event.data().toString();
                assertThat(data).doesNotContain(personId).doesNotContain("张三丰").doesNotContain("applicant-ev");
            }
        }
        assertThat(seenTypes).containsExactlyInAnyOrderElementsOf(ApplicationEvents.ALL.stream().map(EventType::type).toList());

        assertThat(received.get(deemed.id).get(2).data().get("light").asText()).isEqualTo("YELLOW");
        assertThat(received.get(deemed.id).get(4).data().get("previousLight").asText()).isEqualTo("YELLOW");
        InboundEvent deemedAccepted = received.get(deemed.id).get(3);
        assertThat(deemedAccepted.data().get("deemed").asBoolean()).isTrue();
        assertThat(deemedAccepted.data().get("actor").asText()).isEqualTo("system");
        assertThat(deemedAccepted.data().get("acceptedOn").asText()).isEqualTo("2026-03-04");
        InboundEvent denied = received.get(parallel.id).get(6);
        assertThat(denied.data().get("deniedBy").asText()).isEqualTo(housing);
        assertThat(denied.data().get("reasons").asText()).isEqualTo("不符合规划");
        InboundEvent resubmitted = received.get(full.id).get(3);
        assertThat(resubmitted.data().get("actor").asText()).as("the applicant is not named").isEqualTo("applicant");
        InboundEvent broken = received.get(pledged.id).get(3);
        assertThat(broken.data().get("actor").asText()).isEqualTo("system");
        assertThat(broken.data().get("deadline").asText()).isEqualTo("2026-03-09");
        assertThat(broken.data().get("brokenOn").asText()).isEqualTo("2026-03-10");
        assertThat(received.get(pledged.id).get(5).data().get("late").asBoolean()).isTrue();
        InboundEvent light = received.get(full.id).get(1);
        assertThat(light.data().get("light").asText()).isEqualTo("GREEN");
        assertThat(light.data().get("clock").asText()).isEqualTo("ACCEPTANCE");
    }

    private Map<String, List<InboundEvent>> consume(Map<String, List<String>> expected) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(bootstrap, ApplicationEvents.TOPIC,
                r -> expected.containsKey(r.key()), rs -> complete(rs, expected), Duration.ofSeconds(120));
        Map<String, List<InboundEvent>> received = new HashMap<>();
        expected.keySet().forEach(k -> received.put(k, new ArrayList<>()));
        records.forEach(r -> received.get(r.key()).add(InboundEvent.from(r, json)));
        assertThat(received.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())))
                .isEqualTo(expected.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())));
        return received;
    }

    private static boolean complete(List<ConsumerRecord<String, byte[]>> records, Map<String, List<String>> expected) {
        Map<String, Long> counts = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        return expected.entrySet().stream().allMatch(e -> counts.getOrDefault(e.getKey(), 0L) >= e.getValue().size());
    }
}
