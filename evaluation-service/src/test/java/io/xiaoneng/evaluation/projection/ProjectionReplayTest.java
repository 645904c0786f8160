package io.xiaoneng.evaluation.projection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.Facts;
import io.xiaoneng.platform.events.CalendarEvents;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

/**
 * Every projection fed through real Kafka records: the facts arrive as expected, a redelivery of every record changes
 * nothing, and a replay from the beginning of each topic (admin endpoint) rebuilds exactly the same rows.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class ProjectionReplayTest {

    static final List<String> SNAPSHOT_QUERIES = List.of(
            // Departments other test classes wrote directly (OrgFixture) were never on the topic: not the replay's business.
            "select * from department_projection where event_id not like 'fixture:%' order by code",
            "select * from window_projection order by code",
            "select * from post_projection order by code",
            "select * from calendar_year_projection order by year",
            "select * from application_projection order by application_id",
            "select * from application_handler order by application_id, actor",
            "select * from complaint_projection order by complaint_id");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EntityManager em;

    @Inject
    ProjectedCalendar calendar;

    @SuppressWarnings("unchecked")
    Map<String, List<String>> snapshot() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (String q : SNAPSHOT_QUERIES) {
                List<String> rows = new ArrayList<>();
                for (Object row : em.createNativeQuery(q).getResultList()) {
                    rows.add(row instanceof Object[] a ? java.util.Arrays.deepToString(a) : String.valueOf(row));
                }
                out.put(q, rows);
            }
            return out;
        });
    }

    Object single(String sql, Object... args) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.setParameter(i + 1, args[i]);
            }
            List<?> r = q.getResultList();
            return r.isEmpty() ? null : r.get(0);
        });
    }

    long count(String sql, Object... args) {
        Object r = single(sql, args);
        return r == null ? 0 : ((Number) r).longValue();
    }

    /** Sends a marker on every topic and waits until each projection shows it: everything before it is applied. */
    void awaitQuiet(Facts facts) {
        String m = "m" + UUID.randomUUID().toString().substring(0, 8);
        facts.department(m, "marker");
        facts.window(m, "M1", m);
        var app = facts.application(m, "marker-item", Instant.now()).submitted();
        String complaint = facts.complaint("marker-" + m, m, null, Instant.now()).received().id;
        String year = facts.publish(CalendarEvents.YEAR_PUBLISHED, "2032", Instant.now(), year(2032)).id();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select count(*) from calendar_year_projection where event_id = ?1", year) == 1 &&
                count("select count(*) from department_projection where code = ?1", m) == 1
                        && count("select count(*) from window_projection where code = ?1", m) == 1
                        && count("select count(*) from application_projection where application_id = cast(?1 as uuid)", app.id) == 1
                        && count("select count(*) from complaint_projection where complaint_id = ?1", complaint) == 1);
    }

    /** A year as the platform format wants it; 2031 has a make-up Sunday on 28 September. */
    static Map<String, Object> year(int y) {
        return Map.of("year", y, "sources", List.of("https://www.gov.cn/example-" + y),
                "holidays", List.of(
                        Map.of("name", "元旦", "dates", List.of(y + "-01-01")),
                        Map.of("name", "劳动节", "dates", List.of(y + "-05-01", y + "-05-02", y + "-05-03")),
                        Map.of("name", "国庆节", "dates", List.of(y + "-10-01", y + "-10-02", y + "-10-03", y + "-10-04",
                                y + "-10-05", y + "-10-06", y + "-10-07"))),
                "makeUpWorkdays", y == 2031 ? List.of(Map.of("name", "国庆节", "dates", List.of("2031-09-28"))) : List.of());
    }

    @Test
    void projectionsAreIdenticalAfterRedeliveryAndAfterAReplay() {
        try (Facts facts = new Facts(bootstrap)) {
            facts.department("rp-market", "市场监管局");
            facts.window("rp-w1", "A01", "rp-market");
            facts.post("rp-p1", "rp-w1", "clerk-rp", "clerk-rp2");
            facts.post("rp-p2", "rp-w1", "approver-rp");
            facts.publish(CalendarEvents.YEAR_PUBLISHED, "2031", Instant.now(), year(2031));
            Facts.Application done = facts.application("rp-market", "rp-item", Instant.parse("2026-03-02T01:00:00Z"))
                    .fullLifecycle("clerk-rp", "approver-rp", true, 4);
            Facts.Application open = facts.application("rp-market", "rp-item", Instant.parse("2026-03-03T01:00:00Z"))
                    .submitted().accepted("clerk-rp2");
            Instant t = Instant.parse("2026-03-04T02:00:00Z");
            Facts.Complaint c1 = facts.complaint("rp-c1", "rp-market", "rp-p1", t)
                    .received().accepted().dispatched("rp-market").bounced().dispatched("rp-market")
                    .handled("SUBSTANTIATED").replied().feedbackGiven(false).closed(true);
            awaitQuiet(facts);

            // What was projected.
            assertThat(single("select status from application_projection where application_id = cast(?1 as uuid)", done.id)).isEqualTo("COMPLETED");
            assertThat(single("select decided_on_time from application_projection where application_id = cast(?1 as uuid)", done.id)).isEqualTo(true);
            assertThat(single("select working_days from application_projection where application_id = cast(?1 as uuid)", done.id)).isEqualTo(4);
            assertThat(single("select status from application_projection where application_id = cast(?1 as uuid)", open.id)).isEqualTo("ACCEPTED");
            assertThat(single("select string_agg(actor, ',' order by actor) from application_handler where application_id = cast(?1 as uuid)", done.id))
                    .isEqualTo("approver-rp,clerk-rp");
            assertThat(single("select finding from complaint_projection where complaint_id = ?1", c1.id)).isEqualTo("SUBSTANTIATED");
            assertThat(single("select satisfied from complaint_projection where complaint_id = ?1", c1.id)).isEqualTo(false);
            assertThat(single("select closed_on_time from complaint_projection where complaint_id = ?1", c1.id)).isEqualTo(true);
            assertThat(single("select bounce_count from complaint_projection where complaint_id = ?1", c1.id)).isEqualTo(1);
            assertThat(single("select array_to_string(assignees, ',') from post_projection where code = 'rp-p1'")).isEqualTo("clerk-rp,clerk-rp2");
            assertThat(calendar.current().isWorkingDay(LocalDate.of(2031, 9, 28))).as("make-up Sunday of the projected year").isTrue();
            assertThat(calendar.current().isWorkingDay(LocalDate.of(2031, 10, 6))).isFalse();
            Map<String, List<String>> before = snapshot();

            // Every record delivered again: the inbox recognises each id.
            List<Facts.Sent> all = List.copyOf(facts.sent);
            all.forEach(facts::send);
            awaitQuiet(facts);
            Map<String, List<String>> afterRedelivery = snapshot();
            assertThat(withoutMarkers(afterRedelivery)).isEqualTo(withoutMarkers(before));

            // A replay of every projection from the beginning of its topic.
            for (String name : List.of("departments", "org-units", "calendar", "applications", "complaints")) {
                given().auth().oauth2(token("admin-1", null, "admin"))
                        .when().post("/api/v1/admin/projections/" + name + "/replay")
                        .then().statusCode(200);
            }
            assertThat(snapshot()).isEqualTo(afterRedelivery);
            assertThat(calendar.current().isWorkingDay(LocalDate.of(2031, 9, 28))).isTrue();
        }
    }

    /** Markers are new on each round; everything else must be equal. */
    static Map<String, List<String>> withoutMarkers(Map<String, List<String>> snapshot) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        snapshot.forEach((q, rows) -> out.put(q, rows.stream()
                .filter(r -> !r.contains("marker") && !r.startsWith("[2032,") && !r.matches(".*\\bm[0-9a-f]{8}\\b.*")).toList()));
        return out;
    }

    @Test
    void onlyAdministratorsReplayAndUnknownProjectionsAre404() {
        given().auth().oauth2(token("sup-1", null, "supervisor"))
                .when().post("/api/v1/admin/projections/applications/replay")
                .then().statusCode(403);
        given().auth().oauth2(token("admin-1", null, "admin"))
                .when().post("/api/v1/admin/projections/nope/replay")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token("admin-1", null, "admin"))
                .when().get("/api/v1/admin/projections")
                .then().statusCode(200)
                .body("name", hasItems("applications", "calendar", "complaints", "departments", "org-units"));
    }
}
