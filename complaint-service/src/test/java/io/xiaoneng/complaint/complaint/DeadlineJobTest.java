package io.xiaoneng.complaint.complaint;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.complaint.app.DeadlineJob;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** Reminders before a step's deadline, escalation once overdue, closing after the reopen window — once, with replicas. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class DeadlineJobTest {

    static final String ALERTS = "/api/v1/complaint-alerts";

    @Inject
    TestClock clock;

    @Inject
    DeadlineJob job;

    @Inject
    EntityManager em;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void reminderBeforeTheDeadlineEscalationAfterItEachOnce() {
        clock.set("2026-03-02");
        String dept = department();
        Case c = register(null, web(dept));
        c.ok(intake(), "accept", null);
        c.ok(intake(), "dispatch", Map.of("department", dept)); // handling due Mon 16 March
        String etag = c.etag;

        clock.set("2026-03-12"); // 2 working days left: nothing yet
        job.runOnce();
        assertThat(alerts(c.id)).isEmpty();
        clock.set("2026-03-13"); // 1 working day left: reminder
        job.runOnce();
        job.runOnce();
        assertThat(alerts(c.id)).containsExactly("REMINDER");
        given().auth().oauth2(official(dept)).when().get(ALERTS + "?kind=REMINDER").then().statusCode(200)
                .body("items.complaintId", hasItem(c.id)).body("items.department", everyItem(equalTo(dept))).body("total", equalTo(1));
        given().auth().oauth2(official(department())).when().get(ALERTS).then().statusCode(200)
                .body("items.complaintId", not(hasItem(c.id)));
        assertThat(c.get(intake()).header("ETag")).as("a daily check is no change of the case").isEqualTo(etag);

        clock.set("2026-03-17"); // overdue
        job.runOnce();
        assertThat(alerts(c.id)).containsExactlyInAnyOrder("REMINDER", "OVERDUE");
        // the county's whole escalation queue: the largest page, as other tests' cases are overdue on this day too
        given().auth().oauth2(supervisor()).when().get(ALERTS + "?kind=OVERDUE&size=100").then().statusCode(200)
                .body("items.complaintId", hasItem(c.id)).body("items.kind", everyItem(equalTo("OVERDUE")));
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "?overdue=true&size=100").then().statusCode(200)
                .body("items.id", hasItem(c.id));
        // overdue=false: the cases within their deadline, not this one
        Case fresh = register(intake(), hotline(dept, "郑十", "13812340002"));
        given().auth().oauth2(supervisor()).queryParams(Map.of("overdue", "false", "department", dept, "size", "100"))
                .when().get(COMPLAINTS).then().statusCode(200)
                .body("items.id", hasItem(fresh.id)).body("items.id", not(hasItem(c.id))).body("items.overdue", everyItem(equalTo(false)));
        given().auth().oauth2(supervisor()).queryParams(Map.of("overdue", "true", "department", dept, "size", "100"))
                .when().get(COMPLAINTS).then().statusCode(200)
                .body("items.id", hasItem(c.id)).body("items.id", not(hasItem(fresh.id)));
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + c.id + "/history").then()
                .body("action", hasItem("escalate"));

        c.ok(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "m"));
        c.ok(official(dept), "reply", Map.of("text", "已办结"));
        clock.set("2026-04-02"); // 16 days after the reply: the reopen window has passed
        job.runOnce();
        var closed = c.get(intake());
        assertThat((String) closed.path("status")).isEqualTo("CLOSED");
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + c.id + "/history").then()
                .body("find { it.action == 'close' }.actor", equalTo("system"));
    }

    @Test
    void replicasRunningAtOnceRaiseEachAlertOnce() throws Exception {
        clock.set("2026-03-02");
        String dept = department();
        List<Case> cases = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Case c = register(null, web(dept)); // acceptance due Tue 3 March
            cases.add(c);
        }
        clock.set("2026-03-04");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> runs = pool.invokeAll(List.<Callable<Integer>>of(job::runOnce, job::runOnce, job::runOnce));
            for (Future<Integer> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (Case c : cases) {
            assertThat(alerts(c.id)).as(c.id).containsExactly("OVERDUE");
        }
    }

    @Test
    void alertsArePagedLikeEveryOtherList() {
        given().auth().oauth2(supervisor()).when().get(ALERTS).then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(20)).body("items.size()", lessThanOrEqualTo(20))
                .body("total", greaterThanOrEqualTo(0));
        given().auth().oauth2(supervisor()).queryParams(Map.of("page", "1", "size", "100")).when().get(ALERTS).then()
                .statusCode(200).body("page", equalTo(1)).body("size", equalTo(100));
        // the alerts' own bounds (50 by default, up to 200) are gone: the platform's 1 to 100
        for (Map<String, String> q : List.of(Map.of("size", "200"), Map.of("size", "101"), Map.of("size", "0"))) {
            given().auth().oauth2(supervisor()).queryParams(q).when().get(ALERTS).then().statusCode(400)
                    .body("type", endsWith("/validation-failed")).body("errors.field", contains("size"));
        }
        given().auth().oauth2(supervisor()).queryParam("page", "-1").when().get(ALERTS).then().statusCode(400)
                .body("errors.field", contains("page"));
    }

    @SuppressWarnings("unchecked")
    private List<String> alerts(String id) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select kind from complaint_alert where complaint_id = ?1 order by id").setParameter(1, UUID.fromString(id)).getResultList());
    }
}
