package io.xiaoneng.complaint.complaint;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.events.ApplicationEventTypes;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

/**
 * Red e-supervision lights of approval-service, published for real on {@code xiaoneng.approval.applications}, open one
 * supervision case per overdue application against its department; redelivery and a second red light do not
 * duplicate it; other lights open nothing.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class SupervisionCaseTest {

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry registry;

    @Test
    void oneSupervisionCasePerOverdueApplication() {
        String dept = department();
        String red = UUID.randomUUID().toString();
        String yellow = UUID.randomUUID().toString();
        String first = UUID.randomUUID().toString();
        String again = UUID.randomUUID().toString();
        publish(ApplicationEventTypes.LIGHT_CHANGED, red, light(red, dept, "RED", "YELLOW", "ACCEPTANCE"), first);
        publish(ApplicationEventTypes.LIGHT_CHANGED, red, light(red, dept, "RED", "YELLOW", "ACCEPTANCE"), first); // redelivery
        publish(ApplicationEventTypes.LIGHT_CHANGED, red, light(red, dept, "RED", "GREEN", "DECISION"), again);   // red again later
        String yellowId = UUID.randomUUID().toString();
        double unchangedBefore = counter("xiaoneng.inbox.ignored", ApplicationEventTypes.LIGHT_CHANGED.type());
        publish(ApplicationEventTypes.LIGHT_CHANGED, yellow, light(yellow, dept, "YELLOW", "GREEN", "DECISION"), yellowId);

        await().atMost(Duration.ofSeconds(60)).until(() -> processed(first) && processed(again)
                && counter("xiaoneng.inbox.ignored", ApplicationEventTypes.LIGHT_CHANGED.type()) > unchangedBefore);
        assertThat(count(red)).isEqualTo(1);
        assertThat(count(yellow)).isZero();
        // A light that is not red changes nothing, so it is acknowledged without an inbox row (no write, no flush).
        assertThat(processed(yellowId)).isFalse();
        assertThat(counter("xiaoneng.inbox.ignored", ApplicationEventTypes.LIGHT_CHANGED.type())).isEqualTo(unchangedBefore + 1);

        var list = given().auth().oauth2(official(dept)).when().get(COMPLAINTS + "?channel=E_SUPERVISION").then().statusCode(200)
                .body("items", hasSize(1)).extract();
        String id = list.path("items[0].id");
        given().auth().oauth2(official(dept)).when().get(COMPLAINTS + "/" + id).then().statusCode(200)
                .body("status", equalTo("DISPATCHED"))
                .body("handlingDepartment", equalTo(dept))
                .body("targetDepartment", equalTo(dept))
                .body("applicationId", equalTo(red))
                .body("category", equalTo("delay"))
                .body("description", containsString("XN20260302000042"))
                .body("allowed", contains("bounce", "handle", "merge"));
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + id + "/history").then().statusCode(200)
                .body("action", contains("receive", "accept", "dispatch"))
                .body("actor", everyItem(equalTo("system")));
    }

    @Test
    void otherApplicationEventsAreIgnoredByTheirTypeWithoutReadingTheirData() {
        String application = UUID.randomUUID().toString();
        double ignoredBefore = counter("xiaoneng.inbox.ignored", ApplicationEventTypes.SUBMITTED.type());
        double deadBefore = counter("xiaoneng.inbox.dead.lettered", null);
        // data that is not JSON: read, it would be a poison record for the dead-letter topic
        publishRaw(ApplicationEventTypes.SUBMITTED, application, "not json {".getBytes(StandardCharsets.UTF_8),
                UUID.randomUUID().toString());
        String after = UUID.randomUUID().toString(); // same key, same partition: consumed after the one above
        publish(ApplicationEventTypes.LIGHT_CHANGED, application, light(application, department(), "RED", "YELLOW", "DECISION"), after);

        await().atMost(Duration.ofSeconds(60)).until(() -> processed(after));
        assertThat(counter("xiaoneng.inbox.ignored", ApplicationEventTypes.SUBMITTED.type())).isEqualTo(ignoredBefore + 1);
        assertThat(counter("xiaoneng.inbox.dead.lettered", null)).isEqualTo(deadBefore);
        assertThat(count(application)).as("the red light's supervision case, nothing of the unreadable record").isEqualTo(1);
    }

    private double counter(String name, String type) {
        var search = registry.find(name).tag("consumer", "complaint.supervision-cases");
        var c = (type == null ? search : search.tag("type", type)).counter();
        return c == null ? 0 : c.count();
    }

    private boolean processed(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(
                "select 1 from inbox_event where event_id = ?1").setParameter(1, eventId).getResultList().isEmpty());
    }

    private long count(String applicationId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from complaint where application_id = ?1").setParameter(1, UUID.fromString(applicationId))
                .getSingleResult()).longValue());
    }

    static Map<String, Object> light(String applicationId, String dept, String light, String previous, String clock) {
        Map<String, Object> d = new HashMap<>();
        d.put("applicationId", applicationId);
        d.put("trackingNumber", "XN20260302000042");
        d.put("itemCode", "330100-001");
        d.put("itemVersion", 1);
        d.put("department", dept);
        d.put("composite", false);
        d.put("status", "ACCEPTED");
        d.put("occurredAt", Instant.now().toString());
        d.put("clock", clock);
        d.put("light", light);
        d.put("previousLight", previous);
        d.put("dueOn", "2026-03-09");
        d.put("allowedWorkingDays", 5);
        d.put("remainingWorkingDays", 0);
        d.put("overdueWorkingDays", "RED".equals(light) ? 2 : 0);
        return d;
    }
}
