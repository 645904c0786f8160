package io.xiaoneng.evaluation.report;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.Checks;
import io.xiaoneng.evaluation.Facts;
import io.xiaoneng.evaluation.report.app.ReportBuilder;
import io.xiaoneng.evaluation.report.app.ReportSource;
import io.xiaoneng.evaluation.report.app.ReportTable;
import io.xiaoneng.evaluation.rollup.Rollups;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The report's rollup-based figures (ratings, rectification rates, window ranking; what a draft publishes) equal the
 * same sections recomputed from the raw facts (what the verification does) — after a mix of events and HTTP changes
 * (cases completed either side of the Beijing new year, a case handled by both holders of a post, an open case,
 * ratings of every level, a rectification carried through measures and call-back, an appeal upheld, complaint
 * findings and a reopening that withdraws one), after every record is delivered again, after a change of a post's
 * holders, after a replay of the projections and after a rebuild of the rollups from the raw facts. Each comparison
 * reads both in one repeatable-read transaction, so events of other tests still arriving cannot fall between them.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class RollupReportTest {

    static final int YEAR = 2069;
    static final String EVALUATOR = token("ru-committee", null, "evaluator");
    static final String ADMIN = token("ru-admin", null, "admin");
    static final List<String> ROLLED_UP = List.of("ratings", "rectification-rates", "window-posts");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EntityManager em;

    @Inject
    ReportBuilder builder;

    @Inject
    Rollups rollups;

    RequestSpecification as(String bearer) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON);
    }

    /** The rolled-up sections from the rollups and from the raw facts, read in one snapshot. */
    List<List<ReportTable>> bothWays() {
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("set transaction isolation level repeatable read").executeUpdate();
            return List.of(sections(builder.build(YEAR, ReportSource.ROLLUPS)), sections(builder.build(YEAR, ReportSource.FACTS)));
        });
    }

    static List<ReportTable> sections(ReportBuilder.Content c) {
        return c.sections().stream().filter(t -> ROLLED_UP.contains(t.key())).toList();
    }

    /** Asserts rollups = raw facts and returns the report (for comparisons between the stages). */
    String assertRollupsEqualFacts(String stage) {
        List<List<ReportTable>> both = bothWays();
        String fromRollups = builder.serialize(new ReportBuilder.Content(YEAR, both.get(0), List.of()));
        String fromFacts = builder.serialize(new ReportBuilder.Content(YEAR, both.get(1), List.of()));
        assertThat(fromRollups).as("report from the rollups = from the raw facts, " + stage).isEqualTo(fromFacts);
        return fromRollups;
    }

    List<Object> row(String section, int column, String value) {
        ReportTable t = bothWays().get(0).stream().filter(s -> s.key().equals(section)).findFirst().orElseThrow();
        return t.rows().stream().filter(r -> value.equals(r.get(column))).findFirst().orElseThrow(() -> new AssertionError(value));
    }

    /** Every record processed: a marker case and complaint sent last per topic are projected. */
    void awaitQuiet(Facts facts) {
        String m = "ru-m" + UUID.randomUUID().toString().substring(0, 6);
        var app = facts.application(m, "marker-item", Instant.now()).submitted();
        String complaint = facts.complaint("marker-" + m, m, null, Instant.now()).received().id;
        facts.post("ru-marker", "ru-w1", m);   // a post nobody's cases count for
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Checks.count(em, "select count(*) from application_projection where application_id = cast(?1 as uuid)", app.id) == 1
                        && Checks.count(em, "select count(*) from complaint_projection where complaint_id = ?1", complaint) == 1
                        && Checks.count(em, "select count(*) from post_projection where code = 'ru-marker' and ?1 = any (assignees)", m) == 1);
    }

    void rate(Facts.Application c, String rater, String level) {
        as(token(rater, null, "applicant")).body(Map.of("applicationId", c.id, "trackingNumber", c.trackingNumber, "level", level))
                .post("/api/v1/ratings").then().statusCode(201);
    }

    @Test
    void theRollupBasedReportEqualsTheRawFactsAfterEventsRedeliveryHolderChangesReplayAndRebuild() {
        String dept = "ru-dept", other = "ru-other";
        List<Facts.Application> cases = new ArrayList<>();
        try (Facts facts = new Facts(bootstrap)) {
            facts.window("ru-w1", "R01", dept, other);
            facts.post("ru-p1", "ru-w1", "ru-clerk1", "ru-clerk1b");
            facts.post("ru-p2", "ru-w1", "ru-clerk2");
            // Five cases of dept in May, one handled by both holders of ru-p1 (counted once for the post).
            for (int i = 0; i < 5; i++) {
                cases.add(facts.application(dept, "ru-item", Instant.parse(YEAR + "-05-04T01:00:00Z").plusSeconds(86_400L * i))
                        .fullLifecycle(i == 0 ? "ru-clerk1b" : "ru-clerk1", "ru-clerk1", i != 4, 3));
            }
            // Two cases of the other department handled at ru-p2; one completes at 23:00 Beijing on 31 December (in the
            // year), one at 01:00 Beijing on 1 January of the next year (not in it).
            cases.add(facts.application(other, "ru-item", Instant.parse(YEAR + "-12-31T10:00:00Z")).fullLifecycle("ru-clerk2", "ru-appr", true, 2));
            cases.add(facts.application(other, "ru-item", Instant.parse(YEAR + "-12-31T12:00:00Z")).fullLifecycle("ru-clerk2", "ru-appr", true, 2));
            facts.application(dept, "ru-item", Instant.parse(YEAR + "-06-01T01:00:00Z")).submitted().accepted("ru-clerk1");   // open
            Instant t = Instant.parse(YEAR + "-07-01T02:00:00Z");
            facts.complaint("ru-c1", dept, "ru-p1", t).handledBy(dept, "SUBSTANTIATED");
            facts.complaint("ru-c2", dept, "ru-p1", t).handledBy(dept, "PARTLY_SUBSTANTIATED");
            Facts.Complaint withdrawn = facts.complaint("ru-c3", other, "ru-p2", t).handledBy(other, "SUBSTANTIATED");
            withdrawn.reopened();   // the finding is withdrawn: no longer counts
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Checks.count(em, "select count(*) from application_projection where item_code = 'ru-item' and status = 'COMPLETED'") == 7
                            && Checks.count(em, "select count(*) from complaint_projection where post like 'ru-p%' and status = 'DISPATCHED'") == 1
                            && Checks.count(em, "select count(*) from complaint_projection where post like 'ru-p%' and finding is not null") == 2);

            // Ratings through HTTP: all five levels; two bad reviews open rectifications.
            String[] levels = {"VERY_SATISFIED", "SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED", "VERY_DISSATISFIED"};
            for (int i = 0; i < levels.length; i++) {
                rate(cases.get(i), "ru-citizen-" + i, levels[i]);
            }
            rate(cases.get(5), "ru-citizen-5", "SATISFIED");
            rate(cases.get(6), "ru-citizen-6", "DISSATISFIED");   // next year's case: in no figure of this year
            String head = token("ru-head", dept, "dept-head");
            String clerk = token("ru-clerk-x", dept, "clerk");
            String fixed = Checks.single(em, "select cast(id as varchar) from rectification where application_id = cast(?1 as uuid)",
                    cases.get(3).id).toString();
            as(clerk).header("If-Match", "\"0\"").body(Map.of("measures", "培训")).post("/api/v1/rectifications/" + fixed + "/measures")
                    .then().statusCode(200);
            as(clerk).header("If-Match", "\"1\"").body(Map.of("reached", true, "note", "已回访")).post("/api/v1/rectifications/" + fixed + "/call-back")
                    .then().statusCode(200);
            as(token("ru-citizen-3", null, "applicant")).header("If-Match", "\"2\"").body(Map.of("level", "SATISFIED"))
                    .post("/api/v1/rectifications/" + fixed + "/re-rating").then().statusCode(200);
            String rating = Checks.single(em, "select cast(id as varchar) from rating where application_id = cast(?1 as uuid)", cases.get(4).id).toString();
            String appeal = as(head).body(Map.of("reason", "恶意差评")).post("/api/v1/ratings/" + rating + "/appeal").then().statusCode(201)
                    .extract().path("id");
            as(EVALUATOR).header("If-Match", "\"0\"").body(Map.of("upheld", true, "note", "查实")).post("/api/v1/rating-appeals/" + appeal + "/decision")
                    .then().statusCode(200);
            awaitQuiet(facts);

            // --- after the events and changes ---
            String after = assertRollupsEqualFacts("after the events");
            List<Object> ratings = row("ratings", 1, dept);
            // completed 5, rated 5, valid 4 (one excluded), good 3 of 4, bad 1, excluded 1
            assertThat(List.of(ratings.get(3), ratings.get(4), ratings.get(6), ratings.get(13), ratings.get(14))).containsExactly(5L, 5L, 4L, 1L, 1L);
            List<Object> rect = row("rectification-rates", 0, dept);
            assertThat(List.of(rect.get(3), rect.get(4), rect.get(5))).containsExactly(1L, 1L, 1L);   // opened (one cancelled), closed, on time
            assertThat(row("ratings", 1, other).get(3)).isEqualTo(1L);   // the 1 January case belongs to the next year
            List<Object> window = row("window-posts", 1, "ru-w1");
            assertThat(window.get(5)).isEqualTo(6L);   // 5 at ru-p1 (the one both holders handled once), 1 of the year at ru-p2
            assertThat(window.get(6)).isEqualTo(1L);   // one substantiated finding left (the other was withdrawn by the reopening)

            // --- every record delivered again: nothing moves ---
            List<Facts.Sent> all = List.copyOf(facts.sent);
            all.forEach(facts::send);
            awaitQuiet(facts);
            assertThat(assertRollupsEqualFacts("after a redelivery")).isEqualTo(after);

            // --- a post's holders change: its cases are recounted from the raw facts ---
            facts.post("ru-p1", "ru-w1", "ru-clerk1b");
            awaitQuiet(facts);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Checks.count(em, "select count(*) from post_projection where code = 'ru-p1' and cardinality(assignees) = 1") == 1);
            String afterHolders = assertRollupsEqualFacts("after a change of holders");
            assertThat(afterHolders).isNotEqualTo(after);
        }

        // --- a replay of the projections from their topics, then a rebuild of the rollups from the raw facts ---
        for (String name : List.of("org-units", "applications", "complaints")) {
            as(ADMIN).post("/api/v1/admin/projections/" + name + "/replay").then().statusCode(200);
        }
        String afterReplay = assertRollupsEqualFacts("after a replay");
        rollups.rebuild();
        assertThat(assertRollupsEqualFacts("after a rebuild")).isEqualTo(afterReplay);
    }

    /** The rectification-rates' "overdueUnfixed" of {@code dept} for {@code year}: from the rollups, from the raw facts. */
    List<Long> overdueUnfixed(int year, String dept) {
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("set transaction isolation level repeatable read").executeUpdate();
            List<Long> out = new ArrayList<>();
            for (ReportSource source : List.of(ReportSource.ROLLUPS, ReportSource.FACTS)) {
                ReportTable t = builder.build(year, source).sections().stream().filter(x -> x.key().equals("rectification-rates"))
                        .findFirst().orElseThrow();
                out.add(t.rows().stream().filter(r -> dept.equals(r.get(0))).findFirst()
                        .map(r -> ((Number) r.get(8)).longValue()).orElseThrow(() -> new AssertionError(dept)));
            }
            return out;
        });
    }

    @Test
    void aRectificationDueWithinTheYearAndFixedAfterItsEndStaysOverdueForThatYear() {
        int year = 2025;
        String dept = "ru-late-" + UUID.randomUUID().toString().substring(0, 6);
        Facts.Application c;
        try (Facts facts = new Facts(bootstrap)) {
            c = facts.application(dept, "ru-late-item", Instant.parse("2025-11-03T02:00:00Z")).fullLifecycle("ru-late-clerk", "ru-late-approver", true, 3);
            await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(Checks.single(em,
                    "select status from application_projection where application_id = cast(?1 as uuid)", c.id)));
        }
        rate(c, "ru-late-citizen", "VERY_DISSATISFIED");
        String id = Checks.single(em, "select cast(id as varchar) from rectification where application_id = cast(?1 as uuid)", c.id).toString();
        // Rated today, the rectification would be due next year: its due day is put within 2025 in the data (as for a
        // bad review of December 2025), and the rollups are recomputed from the raw facts.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update rectification set due_on = date '2025-12-19' where id = cast(?1 as uuid)")
                .setParameter(1, id).executeUpdate());
        rollups.rebuild();
        assertThat(overdueUnfixed(year, dept)).containsExactly(1L, 1L);

        // Fixed now, after the year's end: for 2025 it was still unfixed at the end of the year — from the rollups (kept
        // by the fix's delta) and from the raw facts alike, so a report of 2025 does not change with a late fix.
        as(token("ru-late-clerk2", dept, "clerk")).header("If-Match", "\"0\"").body(Map.of("measures", "补正窗口流程"))
                .post("/api/v1/rectifications/" + id + "/measures").then().statusCode(200);
        assertThat(overdueUnfixed(year, dept)).containsExactly(1L, 1L);
        // The statistics judge "overdue" now: fixed, it is no longer overdue.
        as(EVALUATOR).queryParam("from", "2025-11-01").queryParam("to", "2025-11-30").queryParam("department", dept)
                .get("/api/v1/ratings/statistics").then().statusCode(200)
                .body("departments[0].rectificationsOpened", org.hamcrest.Matchers.equalTo(1))
                .body("departments[0].rectificationsOverdue", org.hamcrest.Matchers.equalTo(0));
    }
}
