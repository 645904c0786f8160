package io.xiaoneng.evaluation.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.problem.ProblemLeaks;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An administrator's redrive of dead letters (platform {@code DeadLetters}) through the real path: an event the
 * department projection could not apply (the database refused it, as a defect would) reaches the dead-letter topic;
 * the admin lists it, a redrive while the cause persists changes nothing, and after the fix the redrive applies it
 * once — audited, shown beside the dead letter, a second redrive a duplicate.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class DeadLetterRedriveTest {

    static final String PATH = "/api/v1/admin/evaluation/dead-letters";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry registry;

    KafkaProducer<String, byte[]> producer;
    final String admin = token("admin-1", null, "admin");

    @BeforeEach
    void producer() {
        producer = DepartmentProjectionTest.producer(bootstrap);
    }

    @AfterEach
    void close() {
        producer.close();
        sql("drop trigger if exists refuse_redrive_test on department_projection");
    }

    RecordMetadata publish(String id, String code, String name) throws Exception {
        return DepartmentProjectionTest.publish(producer, id, OrgEvents.DEPARTMENT_REGISTERED.type(), code, Instant.now(),
                DepartmentProjectionTest.department(code, name, true));
    }

    void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
    }

    long count(String sql, Object... args) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.setParameter(i + 1, args[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    String projectedName(String code) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> names = em.createNativeQuery("select name from department_projection where code = ?1")
                    .setParameter(1, code).getResultList();
            return names.isEmpty() ? null : (String) names.get(0);
        });
    }

    double deadLettered() {
        Counter c = registry.find("xiaoneng.inbox.dead.lettered").tag("consumer", DepartmentProjection.CONSUMER).counter();
        return c == null ? 0 : c.count();
    }

    /** The listed dead letter whose {@code field} (eventId, key) is {@code value}, once it is there. */
    Map<String, Object> awaitDeadLetter(String field, String value) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<Map<String, Object>> items = given().auth().oauth2(admin).queryParam("limit", 500).get(PATH)
                    .then().statusCode(200).extract().jsonPath().getList("items");
            return items.stream().filter(i -> value.equals(i.get(field))).findFirst().orElse(null);
        }, java.util.Objects::nonNull);
    }

    @Test
    void aDeadLetterIsRedrivenThroughItsChannelOnceItsCauseIsFixed() throws Exception {
        // The cause: the database refuses this department (as a defect or a missing migration would).
        sql("""
                create or replace function refuse_redrive_test() returns trigger language plpgsql as $$
                begin
                    if new.code = 'dl-refused' then raise exception 'refused for the test'; end if;
                    return new;
                end $$""");
        sql("create trigger refuse_redrive_test before insert or update on department_projection for each row execute function refuse_redrive_test()");
        String eventId = UUID.randomUUID().toString();
        RecordMetadata origin = publish(eventId, "dl-refused", "重审局");

        Map<String, Object> letter = awaitDeadLetter("eventId", eventId);
        assertThat(letter).containsEntry("channel", "org").containsEntry("originTopic", "xiaoneng.approval.org")
                .containsEntry("originPartition", origin.partition()).containsEntry("failure", "failed-after-retries")
                .containsEntry("eventType", OrgEvents.DEPARTMENT_REGISTERED.type()).containsEntry("subject", "dl-refused")
                .containsEntry("key", "dl-refused").containsEntry("redriven", null);
        assertThat(((Number) letter.get("originOffset")).longValue()).isEqualTo(origin.offset());
        int partition = (Integer) letter.get("partition");
        long offset = ((Number) letter.get("offset")).longValue();
        String one = PATH + "/" + partition + "/" + offset;
        given().auth().oauth2(admin).get(one).then().statusCode(200);
        assertThat(projectedName("dl-refused")).isNull();

        // Redriven while the cause persists: 422, nothing applied, no new dead letter counted, no internals shown.
        double before = deadLettered();
        Response again = given().auth().oauth2(admin).header("Accept-Language", "en").post(one + "/redrive");
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.jsonPath().getString("failure")).isEqualTo("failed-after-retries");
        assertThat(again.jsonPath().getString("detail")).contains("failed again");
        ProblemLeaks.assertNone(again.asString());
        assertThat(projectedName("dl-refused")).isNull();
        assertThat(count("select count(*) from inbox_event where event_id = ?1", eventId)).isZero();
        assertThat(deadLettered()).isEqualTo(before);
        assertThat(count("select count(*) from audit_record where aggregate_type = 'dead-letter' and aggregate_id like ?1",
                "%/" + partition + "/" + offset)).isZero();

        // Fixed: the redrive applies it once, audited, and the listing shows it.
        sql("drop trigger refuse_redrive_test on department_projection");
        JsonPath redriven = given().auth().oauth2(admin).post(one + "/redrive").then().statusCode(200).extract().jsonPath();
        assertThat(redriven.getString("outcome")).isEqualTo("APPLIED");
        assertThat(redriven.getString("channel")).isEqualTo("org");
        assertThat(redriven.getString("eventId")).isEqualTo(eventId);
        assertThat(projectedName("dl-refused")).isEqualTo("重审局");
        assertThat(count("select count(*) from inbox_event where event_id = ?1", eventId)).isEqualTo(1);
        assertThat(count("select count(*) from audit_record where aggregate_type = 'dead-letter' and action = 'redriven'"
                + " and actor = 'admin-1' and aggregate_id = ?1", "xiaoneng.evaluation.dlq/" + partition + "/" + offset)).isEqualTo(1);
        JsonPath shown = given().auth().oauth2(admin).get(one).then().statusCode(200).extract().jsonPath();
        assertThat(shown.getString("redriven.by")).isEqualTo("admin-1");
        assertThat(shown.getString("redriven.outcome")).isEqualTo("APPLIED");

        // Again: the inbox knows the event; nothing changes twice.
        assertThat(given().auth().oauth2(admin).post(one + "/redrive").then().statusCode(200).extract().jsonPath()
                .getString("outcome")).isEqualTo("DUPLICATE");
        assertThat(count("select count(*) from inbox_event where event_id = ?1", eventId)).isEqualTo(1);
    }

    @Test
    void manyDeadLettersOfAChannelAreRedrivenAtOnceOldestFirstAndOnlyOnce() throws Exception {
        sql("""
                create or replace function refuse_redrive_test() returns trigger language plpgsql as $$
                begin
                    if new.code like 'dl-bulk-%' then raise exception 'refused for the test'; end if;
                    return new;
                end $$""");
        sql("create trigger refuse_redrive_test before insert or update on department_projection for each row execute function refuse_redrive_test()");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        publish(first, "dl-bulk-1", "第一局");
        publish(second, "dl-bulk-2", "第二局");
        publish(null, "dl-bulk-invalid", "无标识"); // not a CloudEvent: never redrivable
        awaitDeadLetter("eventId", first);
        awaitDeadLetter("eventId", second);
        awaitDeadLetter("key", "dl-bulk-invalid");
        sql("drop trigger refuse_redrive_test on department_projection");

        JsonPath bulk = given().auth().oauth2(admin).queryParam("channel", "org").queryParam("limit", 500)
                .post(PATH + "/redrive").then().statusCode(200).extract().jsonPath();
        // Both refused departments applied; every other dead letter of the channel left is an invalid event (the
        // other tests' poison records), which fails again, counted, without stopping the rest.
        assertThat(bulk.getInt("outcomes.APPLIED")).isEqualTo(2);
        assertThat(bulk.getList("failed.failure", String.class)).isNotEmpty().containsOnly("invalid-event");
        assertThat(bulk.getInt("considered")).isEqualTo(2 + bulk.getList("failed").size());
        assertThat(projectedName("dl-bulk-1")).isEqualTo("第一局");
        assertThat(projectedName("dl-bulk-2")).isEqualTo("第二局");
        assertThat(count("select count(*) from audit_record where aggregate_type = 'dead-letter' and action = 'redriven'"
                + " and after_state ->> 'eventId' in (?1, ?2)", first, second)).isEqualTo(2);
        assertThat(count("select count(*) from audit_record a join audit_record b on a.id < b.id where a.aggregate_type ="
                + " 'dead-letter' and a.after_state ->> 'eventId' = ?1 and b.after_state ->> 'eventId' = ?2", first, second))
                .as("oldest first: the first event's redrive is recorded before the second's").isEqualTo(1);

        // Again: the two are redriven already and not taken again; the invalid ones fail again.
        JsonPath again = given().auth().oauth2(admin).queryParam("channel", "org").queryParam("limit", 500)
                .post(PATH + "/redrive").then().statusCode(200).extract().jsonPath();
        assertThat(again.getMap("outcomes")).isEmpty();
        assertThat(again.getInt("considered")).isEqualTo(again.getList("failed").size());
        given().auth().oauth2(token("sup-1", null, "supervisor")).post(PATH + "/redrive").then().statusCode(403);
        // A write refuses what it does not understand instead of guessing: nothing is redriven.
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("limit", 501), Map.of("limit", ""),
                Map.of("limit", "abc"), Map.of("channel", "no-such-channel"), Map.of("channel", ""))) {
            Response refused = given().auth().oauth2(admin).header("Accept-Language", "en").queryParams(bad).post(PATH + "/redrive");
            assertThat(refused.statusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.jsonPath().getString("errors[0].field")).isEqualTo(bad.keySet().iterator().next());
        }
        assertThat(given().auth().oauth2(admin).queryParam("channel", "no-such-channel").post(PATH + "/redrive")
                .jsonPath().getString("errors[0].message")).contains("org", "applications", "complaints");
    }

    @Test
    void anInvalidEventStaysADeadLetterAndUnknownOnesAreNotFound() throws Exception {
        String key = "dl-invalid-" + UUID.randomUUID().toString().substring(0, 8);
        publish(null, key, "无标识"); // not a CloudEvent: no ce_id
        Map<String, Object> letter = awaitDeadLetter("key", key);
        assertThat(letter).containsEntry("failure", "invalid-event").containsEntry("eventId", null);
        String one = PATH + "/" + letter.get("partition") + "/" + letter.get("offset");
        Response refused = given().auth().oauth2(admin).post(one + "/redrive");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.jsonPath().getString("failure")).isEqualTo("invalid-event");
        assertThat(projectedName(key)).isNull();

        Response missing = given().auth().oauth2(admin).post(PATH + "/0/999999999/redrive");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        given().auth().oauth2(admin).get(PATH + "/99/0").then().statusCode(404);
        given().auth().oauth2(admin).queryParam("limit", 0).get(PATH).then().statusCode(400);
    }

    @Test
    void onlyAdministratorsSeeOrRedriveDeadLetters() {
        given().get(PATH).then().statusCode(401);
        given().auth().oauth2(token("sup-1", null, "supervisor")).get(PATH).then().statusCode(403);
        given().auth().oauth2(token("clerk-1", "market", "clerk")).post(PATH + "/0/0/redrive").then().statusCode(403);
    }
}
