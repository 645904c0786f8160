package io.xiaoneng.evaluation.report;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.commitment.TestToday;
import io.xiaoneng.evaluation.org.OrgFixture;
import io.xiaoneng.evaluation.report.app.ReportBuilder;
import io.xiaoneng.evaluation.report.app.ReportRules;
import io.xiaoneng.platform.audit.AuditTrail;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.org.OrgFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The yearly report end to end: facts entered through the API, a draft, four-eyes approval, the anonymous public
 * snapshot, CSV and XLSX with the figures, and the published report reproducing from the raw facts (then no longer,
 * once a fact is corrected, while the published snapshot stays as it was).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class ReportTest {

    static final int YEAR = 2071;
    static final String DRAFTER = token("committee-a", null, "evaluator");
    static final String APPROVER = token("committee-b", null, "evaluator");

    @Inject
    OrgFixture org;

    @Inject
    ReportBuilder builder;

    @Inject
    AuditTrail audit;

    @Inject
    TestToday today;

    @Inject
    EntityManager em;

    @AfterEach
    void realToday() {
        today.reset();
    }

    @Test
    void aDraftApprovedByASecondMemberIsPublicFrozenExportedAndReproducesFromTheFacts() throws Exception {
        today.set((YEAR + 1) + "-01-05"); // the year is over: its report may be approved
        String bad = org.agency("rep-bad"), good = org.agency("rep-good");
        // Survey: 'bad' 12 of 40 dissatisfied (30 %), 'good' 2 of 40 (5 %).
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", YEAR)).post("/api/v1/surveys").then().statusCode(201);
        List<Map<String, Object>> sheets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sheets.add(Map.of("reference", "R" + i, "respondentType", "FOREIGN_INVESTED_ENTERPRISE", "ballots", List.of(
                    Map.of("departmentCode", bad, "verdict", i < 12 ? "DISSATISFIED" : "SATISFIED"),
                    Map.of("departmentCode", good, "verdict", i < 2 ? "DISSATISFIED" : "BASICALLY_SATISFIED"))));
        }
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("sheets", sheets))
                .post("/api/v1/surveys/" + YEAR + "/sheets").then().statusCode(200);
        given().auth().oauth2(DRAFTER).header("If-Match", "*").post("/api/v1/surveys/" + YEAR + "/closing").then().statusCode(200);
        // A missed investment target → public criticism.
        String target = given().auth().oauth2(DRAFTER).contentType(ContentType.JSON)
                .body(Map.of("departmentCode", bad, "year", YEAR, "targetAmount", 500)).post("/api/v1/investment-targets")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(APPROVER).contentType(ContentType.JSON).header("If-Match", "*").body(Map.of("attractedAmount", 100))
                .post("/api/v1/investment-targets/" + target + "/outcome").then().statusCode(200);
        // Personal grades and hospitality spending.
        for (int i = 0; i < 7; i++) {
            given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", YEAR, "departmentCode", good,
                            "staffRef", good + "-" + i, "name", "n" + i, "scores", Map.of("morality", 95 - i * 5, "ability", 95 - i * 5,
                                    "diligence", 95 - i * 5, "achievement", 95 - i * 5, "integrity", 95 - i * 5)))
                    .post("/api/v1/personal-assessments").then().statusCode(201);
        }
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", YEAR, "departmentCode", good))
                .post("/api/v1/personal-assessments/grading").then().statusCode(200);
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("amount", 10000))
                .put("/api/v1/hospitality-spending/" + good + "/" + (YEAR - 1)).then().statusCode(201);
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("amount", 6000))
                .put("/api/v1/hospitality-spending/" + good + "/" + YEAR).then().statusCode(201);

        // Draft; not public yet; the drafter cannot approve it himself.
        String etag = given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", YEAR)).post("/api/v1/reports")
                .then().statusCode(201).extract().header("ETag");
        problem(given().get("/api/v1/public/reports/" + YEAR).then().extract(), 404, "not-found");
        problem(given().get("/api/v1/public/reports/" + YEAR + "/report.csv").then().extract(), 404, "not-found");
        problem(given().auth().oauth2(DRAFTER).header("If-Match", etag).post("/api/v1/reports/" + YEAR + "/approval").then().extract(), 403, "forbidden");
        problem(given().auth().oauth2(token("head", bad, "dept-head")).header("If-Match", etag).post("/api/v1/reports/" + YEAR + "/approval")
                .then().extract(), 403, "forbidden");
        problem(given().auth().oauth2(APPROVER).post("/api/v1/reports/" + YEAR + "/approval").then().extract(), 428, "precondition-required");
        given().auth().oauth2(APPROVER).header("If-Match", etag).post("/api/v1/reports/" + YEAR + "/approval").then().statusCode(200);
        assertThat(audit.of("report", String.valueOf(YEAR))).extracting(AuditTrail.Entry::action).containsExactly("drafted", "approved");

        // Public, anonymous: the figures with their sample sizes.
        var response = given().get("/api/v1/public/reports/" + YEAR).then().statusCode(200).extract();
        String published = response.asString();
        assertThat(response.header("X-Content-SHA256")).isEqualTo(ReportBuilder.sha256(published));
        JsonPath report = JsonPath.from(published);
        Map<String, Object> survey = section(report, "survey-dissatisfaction");
        List<List<Object>> rows = rows(survey);
        assertThat(rows.get(0).subList(0, 2)).containsExactly(1, bad);
        assertThat(rows.get(0).get(4)).isEqualTo(40);                 // valid ballots
        assertThat(new BigDecimal(rows.get(0).get(6).toString())).isEqualByComparingTo("0.3");
        assertThat(rows.get(0).get(10)).isEqualTo("RESIGNATION_REQUIRED");
        assertThat(rows.get(1).subList(0, 2)).containsExactly(2, good);
        assertThat(rows(section(report, "accountability-cases"))).hasSize(1).first()
                .satisfies(r -> assertThat(r.subList(0, 5)).containsExactly(bad, "部门 " + bad, "RESIGNATION_REQUIRED", "SURVEY", "OPEN"));
        assertThat(rows(section(report, "sanctions"))).singleElement().satisfies(r -> assertThat(r.get(5)).isEqualTo("PUBLIC_CRITICISM"));
        // 7 people (95, 90, …, 65) → cap 1: one 优秀 (95); 90 is in the band but beyond the cap, so 称职 with 85, 80, 75.
        assertThat(rows(section(report, "personal-grades")).get(0)).containsExactly(good, 7, 1, 4, 2, 0, 0, false);
        assertThat(rows(section(report, "hospitality-savings")).get(0).get(1)).isEqualTo(good);
        assertThat(new BigDecimal(rows(section(report, "hospitality-savings")).get(0).get(5).toString())).isEqualByComparingTo("0.4");
        assertThat(report.getList("pendingSections")).isEmpty();

        // It reproduces from the raw facts: recomputed here, byte for byte, and by the verification endpoint.
        String recomputed = QuarkusTransaction.requiringNew().call(() -> builder.serialize(builder.build(YEAR)));
        assertThat(recomputed).isEqualTo(published);
        given().auth().oauth2(token("office", null, "supervisor")).get("/api/v1/reports/" + YEAR + "/verification").then().statusCode(200)
                .body("reproducible", is(true));

        // CSV: UTF-8 with BOM, every section, the figures.
        byte[] csvBytes = given().get("/api/v1/public/reports/" + YEAR + "/report.csv").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asByteArray();
        String csv = new String(csvBytes, StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFsurvey-dissatisfaction,年终评议不满意率排名\r\n");
        assertThat(csv).contains("1," + bad + ",部门 " + bad + ",40,40,12,0.300000,");
        String one = new String(given().queryParam("section", "hospitality-savings").get("/api/v1/public/reports/" + YEAR + "/report.csv")
                .then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertThat(one.lines().toList()).first().isEqualTo("\uFEFFrank,departmentCode,departmentName,baselineAmount,currentAmount,savingsRate");
        assertThat(one).contains("1," + good + ",部门 " + good + ",10000.00,6000.00,0.4000");

        // XLSX opens, one sheet per section, the figures as numbers.
        byte[] xlsx = given().get("/api/v1/public/reports/" + YEAR + "/report.xlsx").then().statusCode(200)
                .contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").extract().asByteArray();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            Map<String, Sheet> byName = new LinkedHashMap<>();
            wb.getSheets().forEach(s -> byName.put(s.getName(), s));
            assertThat(byName.keySet()).contains("survey-dissatisfaction", "accountability-cases", "sanctions", "personal-grades", "hospitality-savings");
            List<Row> sheet = byName.get("survey-dissatisfaction").read();
            assertThat(sheet.get(0).getCellText(0)).isEqualTo("年终评议不满意率排名");
            assertThat(sheet.get(1).getCellText(4)).isEqualTo("validBallots");
            assertThat(sheet.get(2).getCellText(1)).isEqualTo(bad);
            assertThat(sheet.get(2).getCellAsNumber(4)).get().satisfies(n -> assertThat(n).isEqualByComparingTo("40"));
            assertThat(sheet.get(2).getCellAsNumber(6)).get().satisfies(n -> assertThat(n).isEqualByComparingTo("0.3"));
        }

        // A corrected fact: the published report stays as it was, the verification names the section that moved.
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(Map.of("amount", 7000))
                .put("/api/v1/hospitality-spending/" + good + "/" + YEAR).then().statusCode(200);
        assertThat(given().get("/api/v1/public/reports/" + YEAR).then().statusCode(200).extract().asString()).isEqualTo(published);
        given().auth().oauth2(DRAFTER).get("/api/v1/reports/" + YEAR + "/verification").then().statusCode(200)
                .body("reproducible", is(false))
                .body("differingSections", contains("hospitality-savings"))
                .body("rulesVersion", is(ReportRules.CURRENT))
                .body("currentRulesVersion", is(ReportRules.CURRENT))
                .body("sectionsChangedByRules", empty());
        given().auth().oauth2(DRAFTER).get("/api/v1/reports/" + YEAR).then().statusCode(200).body("info.rulesVersion", is(ReportRules.CURRENT));

        // A report computed under rules of version 1, before grade counts of small groups were suppressed: its
        // personal-grades section (here: as if it lacked the "suppressed" column) differs because the rules changed,
        // and the verification says so; the hospitality figure still differs because a fact changed.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update published_report set rules_version = 1, content = replace(content, '\"suppressed\"', '\"withheld\"') where year = ?1")
                .setParameter(1, YEAR).executeUpdate());
        assertThat(ReportRules.changedSince(1)).containsExactly("personal-grades");
        given().auth().oauth2(DRAFTER).get("/api/v1/reports/" + YEAR + "/verification").then().statusCode(200)
                .body("reproducible", is(false))
                .body("rulesVersion", is(1))
                .body("currentRulesVersion", is(ReportRules.CURRENT))
                .body("differingSections", containsInAnyOrder("hospitality-savings", "personal-grades"))
                .body("sectionsChangedByRules", contains("personal-grades"));
        // Published means final.
        problem(given().auth().oauth2(DRAFTER).header("If-Match", "*").post("/api/v1/reports/" + YEAR + "/redraft").then().extract(),
                409, "illegal-transition");
        assertThat(given().get("/api/v1/public/reports").then().statusCode(200).extract().jsonPath().getList("year")).contains(YEAR);
        // The anonymous list names the approving body, not the committee member's login; the signed-in view does.
        String publicList = given().get("/api/v1/public/reports").then().statusCode(200).extract().asString();
        assertThat(publicList).doesNotContain("committee-b").doesNotContain("committee-a");
        assertThat(JsonPath.from(publicList).getString("find { it.year == " + YEAR + " }.approvedBy")).isEqualTo("committee");
        given().auth().oauth2(DRAFTER).get("/api/v1/reports/" + YEAR).then().statusCode(200).body("info.approvedBy", is("committee-b"));
    }

    @Test
    void aYearOutsideTheServicesRangeIsABadRequestOnEveryReportPath() {
        for (String path : List.of("/api/v1/reports/1999", "/api/v1/reports/2101/verification")) {
            JsonPath refused = problem(given().auth().oauth2(DRAFTER).get(path).then().extract(), 400, "validation-failed");
            assertThat(refused.getList("errors.field", String.class)).as(path).containsExactly("year");
        }
        for (String path : List.of("/api/v1/public/reports/1999", "/api/v1/public/reports/2101/report.csv",
                "/api/v1/public/reports/0/report.xlsx")) {
            JsonPath refused = problem(given().get(path).then().extract(), 400, "validation-failed");
            assertThat(refused.getList("errors.field", String.class)).as(path).containsExactly("year");
        }
        problem(given().auth().oauth2(APPROVER).header("If-Match", "\"0\"").post("/api/v1/reports/1999/approval").then().extract(),
                400, "validation-failed");
    }

    @Test
    void equalSurveyRatesShareARankInTheReport() {
        int year = 2073;
        String a = org.agency("tie-a"), b = org.agency("tie-b"), c = org.agency("tie-c"), d = org.agency("tie-d"), thin = org.agency("tie-thin");
        // a and b: 8 of 40 dissatisfied (20 %) — one rank, 1; d: 8 of 50 (16 %) → 3; c: 4 of 40 (10 %) → 4;
        // thin: below the minimum sample, no rank, last.
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", year)).post("/api/v1/surveys").then().statusCode(201);
        List<Map<String, Object>> sheets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            List<Map<String, Object>> ballots = new ArrayList<>();
            if (i < 40) {
                ballots.add(Map.of("departmentCode", a, "verdict", i < 8 ? "DISSATISFIED" : "SATISFIED"));
                ballots.add(Map.of("departmentCode", b, "verdict", i >= 32 ? "DISSATISFIED" : "BASICALLY_SATISFIED"));
                ballots.add(Map.of("departmentCode", c, "verdict", i < 4 ? "DISSATISFIED" : "SATISFIED"));
            }
            if (i < 10) {
                ballots.add(Map.of("departmentCode", thin, "verdict", "DISSATISFIED"));
            }
            ballots.add(Map.of("departmentCode", d, "verdict", i < 8 ? "DISSATISFIED" : "SATISFIED"));
            sheets.add(Map.of("reference", "TIE" + i, "respondentType", "DOMESTIC_ENTERPRISE", "ballots", ballots));
        }
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("sheets", sheets))
                .post("/api/v1/surveys/" + year + "/sheets").then().statusCode(200);
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", year)).post("/api/v1/reports").then().statusCode(201);
        JsonPath report = JsonPath.from(given().auth().oauth2(DRAFTER).get("/api/v1/reports/" + year).then().statusCode(200)
                .extract().asString()).setRootPath("content");
        List<List<Object>> rows = rows(section(report, "survey-dissatisfaction"));
        assertThat(rows.stream().map(r -> (String) r.get(1)).toList()).containsExactly(a, b, d, c, thin);
        assertThat(rows.stream().map(r -> (Integer) r.get(0)).toList()).containsExactly(1, 1, 3, 4, null);
    }

    /**
     * A report is published on final figures only: not before its year is over (by the service's clock), not while the
     * year's survey takes ballots, not from a draft the facts have moved away from. Each refusal is a 422
     * basis-not-final problem saying what is missing, and leaves the draft as it was.
     */
    @Test
    void approvalWaitsForTheYearEndTheClosedSurveyAndACurrentDraftAndChangesNothingBefore() {
        int year = 2074;
        String dept = org.agency("rep-late");
        today.set(year + "-12-31");
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", year)).post("/api/v1/surveys").then().statusCode(201);
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("sheets", List.of(Map.of("reference", "LATE-1",
                        "respondentType", "INDIVIDUAL", "ballots", List.of(Map.of("departmentCode", dept, "verdict", "SATISFIED"))))))
                .post("/api/v1/surveys/" + year + "/sheets").then().statusCode(200);
        String etag = given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", year)).post("/api/v1/reports")
                .then().statusCode(201).extract().header("ETag");
        String approval = "/api/v1/reports/" + year + "/approval";

        // The last day of the year: its ratings, cases and ballots may still come in.
        JsonPath refused = problem(given().auth().oauth2(APPROVER).header("If-Match", etag).post(approval).then().extract(),
                422, "basis-not-final");
        assertThat(refused.getString("type")).isEqualTo("https://xiaoneng.example/problems/basis-not-final");
        assertThat(refused.getString("reason")).isEqualTo("year-not-over");
        assertThat(refused.getInt("year")).isEqualTo(year);
        assertThat(refused.getString("finalFrom")).isEqualTo((year + 1) + "-01-01");
        assertStillADraft(year, etag);

        // New year's day: the year is over, but its survey still takes ballots.
        today.set((year + 1) + "-01-01");
        refused = problem(given().auth().oauth2(APPROVER).header("If-Match", etag).post(approval).then().extract(), 422, "basis-not-final");
        assertThat(refused.getString("reason")).isEqualTo("survey-open");
        assertStillADraft(year, etag);

        // Survey closed; a late figure of the year makes the draft outdated: it is redrafted before it is approved.
        given().auth().oauth2(DRAFTER).header("If-Match", "*").post("/api/v1/surveys/" + year + "/closing").then().statusCode(200);
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("amount", 3000))
                .put("/api/v1/hospitality-spending/" + dept + "/" + year).then().statusCode(201);
        refused = problem(given().auth().oauth2(APPROVER).header("If-Match", etag).post(approval).then().extract(), 422, "basis-not-final");
        assertThat(refused.getString("reason")).isEqualTo("draft-outdated");
        assertStillADraft(year, etag);

        String redrafted = given().auth().oauth2(DRAFTER).header("If-Match", etag).post("/api/v1/reports/" + year + "/redraft")
                .then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(APPROVER).header("If-Match", redrafted).post(approval).then().statusCode(200).body("status", is("PUBLISHED"));
        assertThat(audit.of("report", String.valueOf(year))).extracting(AuditTrail.Entry::action).containsExactly("drafted", "redrafted", "approved");
        assertThat(rows(section(JsonPath.from(given().get("/api/v1/public/reports/" + year).then().statusCode(200).extract().asString()),
                "hospitality-savings"))).anySatisfy(r -> assertThat(r.get(1)).isEqualTo(dept));
    }

    /**
     * A published report's basis does not change afterwards: the year-end survey of its year can no longer be opened —
     * a 409 naming the rule {@code report-already-published}; no survey, no audit entry, the published report as it was
     * and still reproducing. There is no retraction of a published report, so nothing reopens the year. A report still
     * in draft does not stand in the way: the survey opens, and the approval then waits for its closing.
     */
    @Test
    void aSurveyCannotBeOpenedForAYearWhoseReportIsPublishedButForOneInDraft() {
        int year = 2078;
        today.set((year + 2) + "-01-05");
        String etag = given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", year)).post("/api/v1/reports")
                .then().statusCode(201).extract().header("ETag");
        given().auth().oauth2(APPROVER).header("If-Match", etag).post("/api/v1/reports/" + year + "/approval").then().statusCode(200);
        String published = given().get("/api/v1/public/reports/" + year).then().statusCode(200).extract().asString();

        JsonPath refused = problem(given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", year))
                .post("/api/v1/surveys").then().extract(), 409, "conflict");
        assertThat(refused.getString("rule")).isEqualTo("report-already-published");
        assertThat(refused.getInt("year")).isEqualTo(year);
        assertThat(refused.getString("detail")).contains(String.valueOf(year));
        problem(given().auth().oauth2(DRAFTER).get("/api/v1/surveys/" + year).then().extract(), 404, "not-found");
        assertThat(given().auth().oauth2(DRAFTER).get("/api/v1/surveys").then().statusCode(200).extract().jsonPath().getList("year"))
                .doesNotContain(year);
        assertThat(audit.of("survey", String.valueOf(year))).isEmpty();
        assertThat(given().get("/api/v1/public/reports/" + year).then().statusCode(200).extract().asString()).isEqualTo(published);
        given().auth().oauth2(DRAFTER).get("/api/v1/reports/" + year + "/verification").then().statusCode(200).body("reproducible", is(true));

        // The next year's report is only drafted: its survey may still be opened, and the approval then waits for it.
        int next = year + 1;
        String draft = given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", next)).post("/api/v1/reports")
                .then().statusCode(201).extract().header("ETag");
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", next)).post("/api/v1/surveys").then().statusCode(201);
        assertThat(problem(given().auth().oauth2(APPROVER).header("If-Match", draft).post("/api/v1/reports/" + next + "/approval")
                .then().extract(), 422, "basis-not-final").getString("reason")).isEqualTo("survey-open");
    }

    /** Refused approvals change nothing: same version, still a draft, no approval audited, nothing public. */
    void assertStillADraft(int year, String etag) {
        given().auth().oauth2(DRAFTER).get("/api/v1/reports/" + year).then().statusCode(200)
                .header("ETag", etag).body("info.status", is("DRAFT")).body("info.approvedBy", nullValue());
        assertThat(audit.of("report", String.valueOf(year))).extracting(AuditTrail.Entry::action).doesNotContain("approved");
        problem(given().get("/api/v1/public/reports/" + year).then().extract(), 404, "not-found");
    }

    /**
     * The published grade distribution leaves out the counts of a department with fewer assessed officials than the
     * minimum cell size (5 by default): with 1–4 people they would tell who got which grade. The county total goes too
     * while the suppressed departments together are fewer than 5 — it minus the published departments would be theirs.
     */
    @Test
    void gradeCountsOfGroupsBelowTheMinimumCellSizeAreNotPublished() {
        int year = 2077;
        String enough = org.agency("cell-enough"), few = org.agency("cell-few"), one = org.agency("cell-one");
        int[] fiveTotals = {95, 85, 80, 70, 50}; // cap floor(5 × 15 %) = 0 优秀: 95 becomes 称职
        for (int i = 0; i < fiveTotals.length; i++) {
            assess(year, enough, i, fiveTotals[i]);
        }
        for (int i = 0; i < 4; i++) {
            assess(year, few, i, 80);
        }
        for (String d : List.of(enough, few)) {
            given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", year, "departmentCode", d))
                    .post("/api/v1/personal-assessments/grading").then().statusCode(200);
        }
        String etag = given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", year)).post("/api/v1/reports")
                .then().statusCode(201).extract().header("ETag");
        Map<String, Object> grades = section(draft(year), "personal-grades");
        assertThat((String) grades.get("title")).contains("不足 5 人");
        assertThat(grades.get("columns")).isEqualTo(List.of("departmentCode", "assessed", "excellent", "competent",
                "basicallyCompetent", "incompetent", "ungraded", "suppressed"));
        assertThat(row(grades, enough)).containsExactly(enough, 5, 0, 3, 1, 1, 0, false);
        assertThat(row(grades, few)).containsExactly(few, 4, null, null, null, null, null, true);
        assertThat(row(grades, "*")).containsExactly("*", 9, null, null, null, null, null, true);

        // One more department of one (not graded yet): five people suppressed together, so the county total is published.
        assess(year, one, 0, 80);
        etag = given().auth().oauth2(DRAFTER).header("If-Match", etag).post("/api/v1/reports/" + year + "/redraft")
                .then().statusCode(200).extract().header("ETag");
        grades = section(draft(year), "personal-grades");
        assertThat(row(grades, one)).containsExactly(one, 1, null, null, null, null, null, true);
        assertThat(row(grades, few)).containsExactly(few, 4, null, null, null, null, null, true);
        assertThat(row(grades, "*")).containsExactly("*", 10, 0, 7, 1, 1, 1, false);

        // Published as drafted, anonymous readers included.
        today.set((year + 1) + "-01-05");
        given().auth().oauth2(APPROVER).header("If-Match", etag).post("/api/v1/reports/" + year + "/approval").then().statusCode(200);
        Map<String, Object> published = section(JsonPath.from(given().get("/api/v1/public/reports/" + year).then().statusCode(200)
                .extract().asString()), "personal-grades");
        assertThat(row(published, few)).containsExactly(few, 4, null, null, null, null, null, true);
        String csv = new String(given().queryParam("section", "personal-grades").get("/api/v1/public/reports/" + year + "/report.csv")
                .then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertThat(csv).contains(few + ",4,,,,,,true");
    }

    void assess(int year, String department, int i, int total) {
        Map<String, Object> scores = Map.of("morality", total, "ability", total, "diligence", total, "achievement", total, "integrity", total);
        given().auth().oauth2(DRAFTER).contentType(ContentType.JSON).body(Map.of("year", year, "departmentCode", department,
                "staffRef", department + "-" + i, "name", "干部" + i, "scores", scores)).post("/api/v1/personal-assessments").then().statusCode(201);
    }

    JsonPath draft(int year) {
        return JsonPath.from(given().auth().oauth2(DRAFTER).get("/api/v1/reports/" + year).then().statusCode(200).extract().asString())
                .setRootPath("content");
    }

    static List<Object> row(Map<String, Object> section, String group) {
        return rows(section).stream().filter(r -> group.equals(r.get(0))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(JsonPath report, String key) {
        return report.getMap("sections.find { it.key == '" + key + "' }");
    }

    @SuppressWarnings("unchecked")
    static List<List<Object>> rows(Map<String, Object> section) {
        return (List<List<Object>>) section.get("rows");
    }
}
