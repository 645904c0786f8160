package io.xiaoneng.evaluation.report;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.Checks;
import io.xiaoneng.evaluation.Facts;
import io.xiaoneng.evaluation.commitment.TestToday;
import io.xiaoneng.evaluation.org.OrgFixture;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.org.OrgFixture.problem;
import static io.xiaoneng.evaluation.report.ReportTest.rows;
import static io.xiaoneng.evaluation.report.ReportTest.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The published yearly report reproduces from the raw facts: applications projected from real Kafka records, ratings,
 * a rectification carried to its end, commitments checked at year end and survey ballots — all entered through HTTP —
 * then a draft approved by a second committee member. The public summary is absent before the approval and present
 * after it, names nobody, and every published figure of part A and the survey is recomputed here, independently of
 * the service's queries, from the raw rows (ballots, ratings, rectifications, commitments, the application projection).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class ReportReproductionTest {

    static final int YEAR = 2072;
    static final String DRAFTER = token("committee-c", null, "evaluator");
    static final String APPROVER = token("committee-d", null, "evaluator");
    static final String COMMENT = "窗口人员态度（私人评论）";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    OrgFixture org;

    @Inject
    EntityManager em;

    @Inject
    TestToday today;

    @AfterEach
    void reset() {
        today.reset();
    }

    RequestSpecification as(String bearer) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON);
    }

    @SuppressWarnings("unchecked")
    List<Object[]> query(String sql, Object... args) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.setParameter(i + 1, args[i]);
            }
            List<Object> r = q.getResultList();
            return r.stream().map(o -> o instanceof Object[] a ? a : new Object[] {o}).toList();
        });
    }

    static BigDecimal share(long part, long whole, int scale) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), scale, RoundingMode.HALF_UP);
    }

    static void sameNumber(Object published, BigDecimal expected) {
        if (expected == null) {
            assertThat(published).isNull();
        } else {
            assertThat(new BigDecimal(published.toString())).isEqualByComparingTo(expected);
        }
    }

    static List<Object> rowOf(List<List<Object>> rows, int column, String department) {
        return rows.stream().filter(r -> department.equals(r.get(column))).findFirst().orElseThrow(() -> new AssertionError(department));
    }

    @Test
    void thePublishedSummaryAppearsOnlyAfterApprovalNamesNobodyAndReproducesFromTheRawFacts() {
        String a = org.agency("rr-a"), b = org.agency("rr-b");
        List<String> raters = new ArrayList<>();

        // --- facts: 6 completed cases of a, 4 of b, in the report year (Beijing), projected from Kafka ---
        List<Facts.Application> casesA = new ArrayList<>(), casesB = new ArrayList<>();
        try (Facts facts = new Facts(bootstrap)) {
            for (int i = 0; i < 6; i++) {
                casesA.add(facts.application(a, "rr-item", Instant.parse("2072-05-10T01:00:00Z").plusSeconds(86_400L * i))
                        .fullLifecycle("clerk-rr", "approver-rr", i != 5, 3));
            }
            for (int i = 0; i < 4; i++) {
                casesB.add(facts.application(b, "rr-item", Instant.parse("2072-08-03T01:00:00Z").plusSeconds(86_400L * i))
                        .fullLifecycle("clerk-rr", "approver-rr", true, 2));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> Checks.count(em,
                    "select count(*) from application_projection where department in (?1, ?2) and status = 'COMPLETED'", a, b) == 10);
        }
        // Ratings through HTTP: a rates 4 of 6 (two bad reviews), b rates 3 of 4 (all good).
        String[] levelsA = {"VERY_SATISFIED", "SATISFIED", "DISSATISFIED", "VERY_DISSATISFIED"};
        String[] levelsB = {"SATISFIED", "BASICALLY_SATISFIED", "VERY_SATISFIED"};
        Map<String, String> raterOfCase = new HashMap<>();
        for (int i = 0; i < levelsA.length + levelsB.length; i++) {
            Facts.Application c = i < levelsA.length ? casesA.get(i) : casesB.get(i - levelsA.length);
            String level = i < levelsA.length ? levelsA[i] : levelsB[i - levelsA.length];
            String rater = "rr-citizen-" + i;
            raters.add(rater);
            raterOfCase.put(c.id, rater);
            as(token(rater, null, "applicant")).body(Map.of("applicationId", c.id, "trackingNumber", c.trackingNumber, "level", level,
                    "comment", COMMENT)).post("/api/v1/ratings").then().statusCode(201);
        }
        // One of a's two rectifications is carried to its end: measures, call-back, re-rating by the rater.
        String fixed = Checks.single(em, "select cast(id as varchar) from rectification where application_id = cast(?1 as uuid)",
                casesA.get(2).id).toString();
        String clerk = token("clerk-rr-a", a, "clerk");
        as(clerk).header("If-Match", "\"0\"").body(Map.of("measures", "培训窗口人员")).post("/api/v1/rectifications/" + fixed + "/measures")
                .then().statusCode(200);
        as(clerk).header("If-Match", "\"1\"").body(Map.of("reached", true, "note", "已回访")).post("/api/v1/rectifications/" + fixed + "/call-back")
                .then().statusCode(200);
        as(token(raterOfCase.get(casesA.get(2).id), null, "applicant")).header("If-Match", "\"2\"").body(Map.of("level", "SATISFIED"))
                .post("/api/v1/rectifications/" + fixed + "/re-rating").then().statusCode(200);

        // Commitments of a: drafted and submitted by the deadline, approved, checked after the year, the free-text one
        // assessed by the committee.
        String url = "/api/v1/commitments/" + a + "/" + YEAR;
        String head = token("head-rr", a, "dept-head");
        today.set(YEAR + "-03-01");
        as(head).body(Map.of("commitments", List.of(Map.of("kind", "SATISFACTION", "target", 60, "text", "满意率不低于 60%"),
                Map.of("kind", "ON_TIME_RATE", "target", 80, "text", "按时办结率不低于 80%"),
                Map.of("kind", "FREE_TEXT", "text", "午间不断档")))).put(url).then().statusCode(200);
        as(head).header("If-Match", "\"0\"").post(url + "/submission").then().statusCode(200);
        as(DRAFTER).header("If-Match", "\"1\"").post(url + "/approval").then().statusCode(200);
        today.set((YEAR + 1) + "-01-05");
        as(DRAFTER).header("If-Match", "\"2\"").post(url + "/year-end-check").then().statusCode(200);
        String freeText = given().auth().oauth2(DRAFTER).get(url).then().statusCode(200).extract().path("commitments[2].id");
        as(DRAFTER).header("If-Match", "\"3\"").body(Map.of("met", false, "note", "抽查两次断档")).post(url + "/items/" + freeText + "/assessment")
                .then().statusCode(200);

        // Survey: a 10 of 40 dissatisfied; b 3 of 38 valid (2 spoiled).
        as(DRAFTER).body(Map.of("year", YEAR)).post("/api/v1/surveys").then().statusCode(201);
        List<Map<String, Object>> sheets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sheets.add(Map.of("reference", "RR-SHEET-" + i, "respondentType", "DOMESTIC_ENTERPRISE", "ballots", List.of(
                    Map.of("departmentCode", a, "verdict", i < 10 ? "DISSATISFIED" : i % 2 == 0 ? "SATISFIED" : "BASICALLY_SATISFIED"),
                    Map.of("departmentCode", b, "verdict", i < 3 ? "DISSATISFIED" : i < 5 ? "INVALID" : "SATISFIED"))));
        }
        as(DRAFTER).body(Map.of("sheets", sheets)).post("/api/v1/surveys/" + YEAR + "/sheets").then().statusCode(200);
        as(DRAFTER).header("If-Match", "*").post("/api/v1/surveys/" + YEAR + "/closing").then().statusCode(200);

        // --- draft: not public; approved by a second member: public ---
        String etag = as(DRAFTER).body(Map.of("year", YEAR)).post("/api/v1/reports").then().statusCode(201).extract().header("ETag");
        problem(given().get("/api/v1/public/reports/" + YEAR).then().extract(), 404, "not-found");
        problem(given().get("/api/v1/public/reports/" + YEAR + "/report.xlsx").then().extract(), 404, "not-found");
        assertThat(given().get("/api/v1/public/reports").then().statusCode(200).extract().jsonPath().getList("year")).doesNotContain(YEAR);
        given().auth().oauth2(APPROVER).header("If-Match", etag).post("/api/v1/reports/" + YEAR + "/approval").then().statusCode(200);
        String published = given().get("/api/v1/public/reports/" + YEAR).then().statusCode(200).extract().asString();
        assertThat(given().get("/api/v1/public/reports").then().statusCode(200).extract().jsonPath().getList("year")).contains(YEAR);
        String csv = new String(given().get("/api/v1/public/reports/" + YEAR + "/report.csv").then().statusCode(200).extract().asByteArray(),
                java.nio.charset.StandardCharsets.UTF_8);

        // --- no personal data: no rater, comment, official, survey respondent or head appears ---
        for (String text : List.of(published, csv)) {
            for (String rater : raters) {
                assertThat(text).doesNotContain(rater);
            }
            assertThat(text).doesNotContain(COMMENT).doesNotContain("clerk-rr").doesNotContain("approver-rr")
                    .doesNotContain("RR-SHEET-").doesNotContain("head-rr").doesNotContain("committee-c");
        }

        JsonPath report = JsonPath.from(published);
        assertThat(report.getList("pendingSections")).isEmpty();

        // --- recomputed here from the raw facts ---
        // Survey: dissatisfied / valid ballots (six decimals), ranked by rate among judged departments.
        Map<String, long[]> ballots = new HashMap<>();   // valid, dissatisfied, all
        for (Object[] r : query("select department_code, verdict from survey_ballot where survey_year = ?1 and department_code in (?2, ?3)", YEAR, a, b)) {
            long[] t = ballots.computeIfAbsent((String) r[0], k -> new long[3]);
            t[2]++;
            if (!"INVALID".equals(r[1])) {
                t[0]++;
            }
            if ("DISSATISFIED".equals(r[1])) {
                t[1]++;
            }
        }
        List<List<Object>> survey = rows(section(report, "survey-dissatisfaction"));
        for (String d : List.of(a, b)) {
            List<Object> row = rowOf(survey, 1, d);
            long[] t = ballots.get(d);
            assertThat(((Number) row.get(3)).longValue()).isEqualTo(t[2]);
            assertThat(((Number) row.get(4)).longValue()).isEqualTo(t[0]);
            assertThat(((Number) row.get(5)).longValue()).isEqualTo(t[1]);
            sameNumber(row.get(6), share(t[1], t[0], 6));
        }
        assertThat(rowOf(survey, 1, a).get(0)).isEqualTo(1);   // 25 % before 7.9 %
        assertThat(rowOf(survey, 1, b).get(0)).isEqualTo(2);
        sameNumber(rowOf(survey, 1, b).get(6), new BigDecimal("0.078947"));

        // Ratings: per department, cases completed in the Beijing year; rated; valid (not excluded); good = top three.
        Map<String, long[]> ratings = new HashMap<>();   // completed, rated, valid, good, bad, excluded
        for (Object[] r : query("""
                select a.department, l.rank, r.excluded, l.bad_review
                from application_projection a left join rating r on r.application_id = a.application_id
                left join rating_level l on l.code = r.level_code
                where a.department in (?1, ?2) and a.status = 'COMPLETED'
                  and extract(year from a.completed_at at time zone 'Asia/Shanghai') = ?3""", a, b, YEAR)) {
            long[] t = ratings.computeIfAbsent((String) r[0], k -> new long[6]);
            t[0]++;
            if (r[1] != null) {
                t[1]++;
                if ((Boolean) r[2]) {
                    t[5]++;
                } else {
                    t[2]++;
                    if ((Boolean) r[3]) {
                        t[4]++;
                    } else {
                        t[3]++;
                    }
                }
            }
        }
        assertThat(ratings.get(a)).containsExactly(6, 4, 4, 2, 2, 0);   // the facts as entered
        assertThat(ratings.get(b)).containsExactly(4, 3, 3, 3, 0, 0);
        List<List<Object>> ratingRows = rows(section(report, "ratings"));
        for (String d : List.of(a, b)) {
            List<Object> row = rowOf(ratingRows, 1, d);
            long[] t = ratings.get(d);
            assertThat(List.of(row.get(3), row.get(4), row.get(6), row.get(13), row.get(14)))
                    .containsExactly((int) t[0], (int) t[1], (int) t[2], (int) t[4], (int) t[5]);
            sameNumber(row.get(5), share(t[1], t[0], 4));   // response rate beside …
            sameNumber(row.get(7), share(t[3], t[2], 4));   // … the satisfaction
        }
        assertThat(rowOf(ratingRows, 1, b).get(0)).isEqualTo(1);   // 100 % before 50 %
        assertThat(rowOf(ratingRows, 1, a).get(0)).isEqualTo(2);

        // Rectification rates: opened (not cancelled), closed, closed on time, due within the year and not fixed by its end.
        long[] rect = new long[4];
        for (Object[] r : query("""
                select x.status, x.on_time, x.due_on < ?2 and (x.fixed_on is null or x.fixed_on >= ?2)
                from rectification x join application_projection a on a.application_id = x.application_id
                where x.department = ?1 and extract(year from a.completed_at at time zone 'Asia/Shanghai') = ?3""",
                a, java.time.LocalDate.of(YEAR + 1, 1, 1), YEAR)) {
            String status = (String) r[0];
            if (!"CANCELLED".equals(status)) {
                rect[0]++;
            }
            if ("CLOSED".equals(status)) {
                rect[1]++;
                if (Boolean.TRUE.equals(r[1])) {
                    rect[2]++;
                }
            }
            if (!"CANCELLED".equals(status) && (Boolean) r[2]) {
                rect[3]++;
            }
        }
        assertThat(rect).containsExactly(2, 1, 1, 1);
        List<List<Object>> rectRows = rows(section(report, "rectification-rates"));
        List<Object> rectA = rowOf(rectRows, 0, a);
        assertThat(List.of(rectA.get(2), rectA.get(3), rectA.get(4), rectA.get(5), rectA.get(8)))
                .containsExactly(2, (int) rect[0], (int) rect[1], (int) rect[2], (int) rect[3]);
        sameNumber(rectA.get(6), share(rect[1], rect[0], 4));
        sameNumber(rectA.get(7), share(rect[2], rect[0], 4));
        assertThat(rectRows.stream().map(r -> r.get(0))).doesNotContain(b);   // no bad review, nothing to rectify

        // Commitments met: the stored results of the year-end check and the committee's assessment.
        long[] com = new long[5];   // all, measurable, met, not met, no data
        for (Object[] r : query("""
                select c.kind, c.result from commitment c join commitment_set s on s.id = c.set_id
                where s.department = ?1 and s.year = ?2""", a, YEAR)) {
            com[0]++;
            if (!"FREE_TEXT".equals(r[0])) {
                com[1]++;
            }
            if ("MET".equals(r[1])) {
                com[2]++;
            } else if ("NOT_MET".equals(r[1])) {
                com[3]++;
            } else if ("NO_DATA".equals(r[1])) {
                com[4]++;
            }
        }
        List<Object> comA = rowOf(rows(section(report, "commitments")), 0, a);
        assertThat(comA.subList(2, 9)).containsExactly("CHECKED", (int) com[0], (int) com[1], (int) com[2], (int) com[3], (int) com[4], 0);
        sameNumber(comA.get(9), share(com[2], com[2] + com[3], 4));
        assertThat(com[0]).isEqualTo(3);
        assertThat(com[2] + com[3] + com[4]).isEqualTo(3);

        // And the service's own verification agrees: nothing moved since the approval.
        given().auth().oauth2(APPROVER).get("/api/v1/reports/" + YEAR + "/verification").then().statusCode(200)
                .body("reproducible", is(true));
    }
}
