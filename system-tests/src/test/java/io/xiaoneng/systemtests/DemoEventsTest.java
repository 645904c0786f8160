package io.xiaoneng.systemtests;

import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run command's stack with its demo data, before any other test touches it: every event the services published
 * about the demo cases is consumed by every service that reads it, and none of them ends as a dead letter — a
 * producer whose event breaks its own schema (as complaint-service's demo replies once did) shows here.
 */
@Order(8)
class DemoEventsTest {

    static final List<String> CONSUMING_SERVICES = List.of("complaint", "evaluation", "integration");
    /** Every consumer group of the services (their application.properties); each reads topics the demo data fills. */
    static final List<String> GROUPS = List.of("complaint-service.department-projection",
            "complaint-service.supervision-cases", "complaint-service.calendar-projection",
            "evaluation-service.department-projection", "evaluation-service.org-unit-projection",
            "evaluation-service.calendar-projection", "evaluation-service.application-projection",
            "evaluation-service.complaint-projection", "integration-service.push");

    @Test
    void everyEventOfTheDemoDataIsConsumedAndNoneIsADeadLetter() throws Exception {
        SystemStack.get();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + (9092 + RunningStack.PORT_OFFSET)))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            Map<String, Long> lag = lag(admin);
            while (!GROUPS.stream().allMatch(g -> lag.getOrDefault(g, -1L) == 0) && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                lag.clear();
                lag.putAll(lag(admin));
            }
            assertThat(lag).as("records not yet consumed per group (none committed: missing)")
                    .containsOnlyKeys(GROUPS).allSatisfy((group, behind) -> assertThat(behind).as(group).isZero());
        }
        String admin = Tokens.of("admin");
        for (String service : CONSUMING_SERVICES) {
            JsonPath deadLetters = given().baseUri(RunningStack.gatewayUrl()).auth().oauth2(admin)
                    .get("/api/v1/admin/" + service + "/dead-letters").then().statusCode(200).extract().jsonPath();
            assertThat(deadLetters.getLong("retained")).as(service + "'s dead letters: " + deadLetters.getList("items"))
                    .isZero();
        }
    }

    /**
     * Consumer group → records it has not committed yet over every partition of the topics it committed on; a group
     * that has committed nothing yet is left out (not caught up).
     */
    private static Map<String, Long> lag(Admin admin) throws Exception {
        Map<String, Long> lag = new HashMap<>();
        for (String group : GROUPS) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            if (committed.isEmpty()) {
                continue;
            }
            Map<String, List<TopicPartition>> topics = committed.keySet().stream()
                    .collect(Collectors.groupingBy(TopicPartition::topic));
            List<TopicPartition> partitions = admin.describeTopics(topics.keySet()).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
            var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get();
            long behind = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata at = committed.get(p);
                behind += Math.max(0, ends.get(p).offset() - (at == null ? 0 : at.offset()));
            }
            lag.put(group, behind);
        }
        return lag;
    }
}
