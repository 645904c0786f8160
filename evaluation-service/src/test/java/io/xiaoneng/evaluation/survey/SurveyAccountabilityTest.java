package io.xiaoneng.evaluation.survey;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.devstack.test.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.org.OrgFixture;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.AccountabilityEventTypes;
import io.xiaoneng.platform.events.CloudEventHeaders;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.org.OrgFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/**
 * The year-end survey through HTTP with real PostgreSQL and Kafka: the thresholds at 19.9 / 20 / 29.9 / 30 % with
 * 1,000 valid ballots, the minimum sample, the Wilson interval, the accountability cases with every step audited and
 * published, department scope, If-Match and bad input.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class SurveyAccountabilityTest {

    static final String EVALUATOR = token("committee-1", null, "evaluator");

    @Inject
    OrgFixture org;

    @Inject
    AuditTrail audit;

    @Inject
    EventSchemas schemas;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String head(String department) {
        return token("head-of-" + department, department, "dept-head");
    }

    void openSurvey(int year) {
        given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("year", year))
                .post("/api/v1/surveys").then().statusCode(201);
    }

    static Map<String, Object> sheet(String reference, String type, Map<String, String> ballots) {
        List<Map<String, String>> list = new ArrayList<>();
        ballots.forEach((d, v) -> list.add(Map.of("departmentCode", d, "verdict", v)));
        return Map.of("reference", reference, "respondentType", type, "ballots", list);
    }

    void register(int year, List<Map<String, Object>> sheets) {
        for (int from = 0; from < sheets.size(); from += 500) {
            given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                    .body(Map.of("sheets", sheets.subList(from, Math.min(sheets.size(), from + 500))))
                    .post("/api/v1/surveys/" + year + "/sheets").then().statusCode(200);
        }
    }

    String etag(String path, String bearer) {
        return given().auth().oauth2(bearer).get(path).then().statusCode(200).extract().header("ETag");
    }

    static java.math.BigDecimal dec(Object number) {
        return new java.math.BigDecimal(number.toString());
    }

    static Map<String, Object> byDepartment(JsonPath results, String code) {
        return results.getMap("departments.find { it.departmentCode == '" + code + "' }");
    }

    @Test
    void thresholdsAtTheirBoundariesWithExactCountsAndTheMinimumSample() throws Exception {
        int year = 2041;
        openSurvey(year);
        String d199 = org.agency("d199"), d200 = org.agency("d200"), d299 = org.agency("d299"), d300 = org.agency("d300");
        String atMinimum = org.agency("min30"), belowMinimum = org.agency("min29");
        String[] types = {"FOREIGN_INVESTED_ENTERPRISE", "DOMESTIC_ENTERPRISE", "INDIVIDUAL"};
        List<Map<String, Object>> sheets = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, String> ballots = new LinkedHashMap<>();
            String notDissatisfied = i % 2 == 0 ? "SATISFIED" : "BASICALLY_SATISFIED";
            ballots.put(d199, i < 199 ? "DISSATISFIED" : notDissatisfied);
            ballots.put(d200, i < 200 ? "DISSATISFIED" : notDissatisfied);
            ballots.put(d299, i < 299 ? "DISSATISFIED" : notDissatisfied);
            ballots.put(d300, i < 300 ? "DISSATISFIED" : notDissatisfied);
            // 30 valid ballots (6 dissatisfied = 20 %) and 10 void ones: judged, exactly at the minimum sample.
            if (i < 40) {
                ballots.put(atMinimum, i < 10 ? "INVALID" : i < 16 ? "DISSATISFIED" : "SATISFIED");
            }
            // 29 valid ballots, all dissatisfied, plus 5 void ones: one valid ballot short of being judged.
            if (i < 34) {
                ballots.put(belowMinimum, i < 5 ? "INVALID" : "DISSATISFIED");
            }
            sheets.add(sheet("S" + year + "-" + i, types[i % 3], ballots));
        }
        register(year, sheets);

        String etag = etag("/api/v1/surveys/" + year, EVALUATOR);
        JsonPath closed = given().auth().oauth2(EVALUATOR).header("If-Match", etag)
                .post("/api/v1/surveys/" + year + "/closing").then().statusCode(200).extract().jsonPath()
                .using(new io.restassured.path.json.config.JsonPathConfig(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        assertThat(closed.getString("status")).isEqualTo("CLOSED");
        assertThat(dec(closed.get("rules.explanationThreshold"))).isEqualByComparingTo("0.20");
        assertThat(closed.getInt("rules.minimumValidBallots")).isEqualTo(30);

        Map<String, Object> r199 = byDepartment(closed, d199);
        assertThat(r199).containsEntry("validBallots", 1000).containsEntry("dissatisfied", 199).containsEntry("outcome", "NONE");
        assertThat(dec(r199.get("dissatisfactionRate"))).isEqualByComparingTo("0.199");
        assertThat(r199.get("caseId")).isNull();
        Map<String, Object> r200 = byDepartment(closed, d200);
        assertThat(r200).containsEntry("outcome", "EXPLANATION_REQUIRED");
        assertThat(dec(r200.get("dissatisfactionRate"))).isEqualByComparingTo("0.2");
        assertThat(dec(r200.get("wilsonLow"))).isEqualByComparingTo("0.176377");
        assertThat(dec(r200.get("wilsonHigh"))).isEqualByComparingTo("0.225919");
        assertThat(byDepartment(closed, d299)).containsEntry("outcome", "EXPLANATION_REQUIRED");
        assertThat(dec(byDepartment(closed, d299).get("dissatisfactionRate"))).isEqualByComparingTo("0.299");
        Map<String, Object> r300 = byDepartment(closed, d300);
        assertThat(r300).containsEntry("outcome", "RESIGNATION_REQUIRED");
        assertThat(dec(r300.get("wilsonLow"))).isEqualByComparingTo("0.272407");
        Map<String, Object> rMin = byDepartment(closed, atMinimum);
        assertThat(rMin).containsEntry("ballots", 40).containsEntry("validBallots", 30).containsEntry("outcome", "EXPLANATION_REQUIRED")
                .containsEntry("sufficientSample", true);
        Map<String, Object> rSmall = byDepartment(closed, belowMinimum);
        assertThat(rSmall).containsEntry("ballots", 34).containsEntry("validBallots", 29).containsEntry("dissatisfied", 29)
                .containsEntry("outcome", "INSUFFICIENT_SAMPLE").containsEntry("sufficientSample", false);
        assertThat(rSmall.get("caseId")).isNull();
        // Ranking: judged departments by rate, highest first; the insufficient sample last.
        assertThat(closed.getList("departments.departmentCode", String.class))
                .containsExactly(d300, d299, d200, atMinimum, d199, belowMinimum);

        // The cases opened, one per department at or above a threshold.
        JsonPath cases = given().auth().oauth2(EVALUATOR).queryParam("year", year).queryParam("size", 100)
                .get("/api/v1/accountability-cases").then().statusCode(200).extract().jsonPath();
        assertThat(cases.getInt("total")).isEqualTo(4);
        Map<String, String> kinds = new HashMap<>();
        for (Map<String, Object> c : cases.<Map<String, Object>>getList("items")) {
            kinds.put((String) c.get("departmentCode"), (String) c.get("kind"));
            assertThat(c).containsEntry("source", "SURVEY").containsEntry("status", "OPEN");
        }
        assertThat(kinds).containsOnly(Map.entry(d200, "EXPLANATION_REQUIRED"), Map.entry(d299, "EXPLANATION_REQUIRED"),
                Map.entry(d300, "RESIGNATION_REQUIRED"), Map.entry(atMinimum, "EXPLANATION_REQUIRED"));

        // Audited: opening, the two batches of sheets, the closing with every outcome.
        List<AuditTrail.Entry> trail = audit.of("survey", String.valueOf(year));
        assertThat(trail).extracting(AuditTrail.Entry::action).containsExactly("opened", "sheets-registered", "sheets-registered", "closed");
        assertThat(trail.get(3).after().get("outcomes").get(belowMinimum).asText()).isEqualTo("INSUFFICIENT_SAMPLE");
        String case300 = (String) r300.get("caseId");
        assertThat(audit.of("accountability-case", case300)).extracting(AuditTrail.Entry::action).containsExactly("opened");

        // Published through the outbox, valid against the schema.
        Map<String, Map<String, Object>> opened = consume(List.of((String) r200.get("caseId"), case300), 2);
        assertThat(opened.get(case300)).containsEntry("kind", "RESIGNATION_REQUIRED").containsEntry("departmentCode", d300)
                .containsEntry("validBallots", 1000).containsEntry("status", "OPEN");

        // A closed survey takes no more sheets and cannot be closed again.
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                .body(Map.of("sheets", List.of(sheet("late-1", "INDIVIDUAL", Map.of(d199, "SATISFIED")))))
                .post("/api/v1/surveys/" + year + "/sheets").then().extract(), 409, "illegal-transition");
        problem(given().auth().oauth2(EVALUATOR).header("If-Match", "*")
                .post("/api/v1/surveys/" + year + "/closing").then().extract(), 409, "illegal-transition");
    }

    /** Reads the accountability topic until an event for each of {@code keys} arrived; validates each against its schema. */
    Map<String, Map<String, Object>> consume(List<String> keys, int expected) throws Exception {
        Map<String, Map<String, Object>> data = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> opened = TopicReader.read(bootstrap, Topics.ACCOUNTABILITY,
                r -> r.key() != null && keys.contains(r.key()) && AccountabilityEventTypes.CASE_OPENED.type().equals(type(r)),
                read -> read.stream().map(ConsumerRecord::key).distinct().count() >= expected, Duration.ofSeconds(30));
        for (ConsumerRecord<String, byte[]> r : opened) {
            var node = json.readTree(r.value());
            assertThat(schemas.validate(type(r), node)).as("schema errors of %s", node).isEmpty();
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.convertValue(node, Map.class);
            data.put(r.key(), map);
        }
        assertThat(data).hasSize(expected);
        return data;
    }

    /** Every command of every case kind, published and audited in order; a head acts only for his department. */
    @Test
    void explanationAndResignationCasesGoThroughTheirStepsWithIfMatchAndDepartmentScope() {
        int year = 2042;
        openSurvey(year);
        String explain = org.agency("explain"), resign = org.agency("resign"), refused = org.agency("refused"), other = org.agency("other");
        List<Map<String, Object>> sheets = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sheets.add(sheet("T" + i, "DOMESTIC_ENTERPRISE", Map.of(
                    explain, i < 25 ? "DISSATISFIED" : "SATISFIED",
                    resign, i < 35 ? "DISSATISFIED" : "SATISFIED",
                    refused, i < 50 ? "DISSATISFIED" : "BASICALLY_SATISFIED",
                    other, "SATISFIED")));
        }
        register(year, sheets);

        // While open, a head sees his own department's live figures only.
        JsonPath live = given().auth().oauth2(head(explain)).get("/api/v1/surveys/" + year + "/results").then().statusCode(200)
                .extract().jsonPath();
        assertThat(live.getList("departments.departmentCode")).containsExactly(explain);
        assertThat(live.getString("departments[0].outcome")).isEqualTo("EXPLANATION_REQUIRED");

        // Closing needs If-Match and the committee.
        problem(given().auth().oauth2(EVALUATOR).post("/api/v1/surveys/" + year + "/closing").then().extract(), 428, "precondition-required");
        problem(given().auth().oauth2(EVALUATOR).header("If-Match", "\"99\"").post("/api/v1/surveys/" + year + "/closing").then().extract(),
                412, "precondition-failed");
        problem(given().auth().oauth2(head(explain)).header("If-Match", "*").post("/api/v1/surveys/" + year + "/closing").then().extract(),
                403, "forbidden");
        JsonPath closed = given().auth().oauth2(EVALUATOR).header("If-Match", "*").post("/api/v1/surveys/" + year + "/closing")
                .then().statusCode(200).extract().jsonPath();
        String explainCase = (String) byDepartment(closed, explain).get("caseId");
        String resignCase = (String) byDepartment(closed, resign).get("caseId");
        String refusedCase = (String) byDepartment(closed, refused).get("caseId");

        // Explanation: the head's statement, then the committee closes.
        String path = "/api/v1/accountability-cases/" + explainCase;
        JsonPath c = given().auth().oauth2(head(explain)).get(path).then().statusCode(200).extract().jsonPath();
        assertThat(c.getList("allowed")).containsExactly("statement");
        assertThat(dec(c.get("dissatisfactionRate"))).isEqualByComparingTo("0.25");
        // Another department's head does not even see the case; he cannot act on it.
        problem(given().auth().oauth2(head(other)).get(path).then().extract(), 404, "not-found");
        problem(given().auth().oauth2(head(other)).header("If-Match", "*").contentType(ContentType.JSON)
                .body(Map.of("text", "x")).post(path + "/statement").then().extract(), 404, "not-found");
        problem(given().auth().oauth2(head(explain)).contentType(ContentType.JSON).body(Map.of("text", "自查报告"))
                .post(path + "/statement").then().extract(), 428, "precondition-required");
        problem(given().auth().oauth2(head(explain)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", " ")).post(path + "/statement").then().extract(), 400, "validation-failed");
        // Justification is not a step of an explanation case.
        problem(given().auth().oauth2(head(explain)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", "理由")).post(path + "/justification").then().extract(), 409, "illegal-transition");
        String etag = given().auth().oauth2(head(explain)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", "自查报告与公开检讨")).post(path + "/statement").then().statusCode(200).extract().header("ETag");
        problem(given().auth().oauth2(head(explain)).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("reason", "ok")).post(path + "/closure").then().extract(), 403, "forbidden");
        given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("reason", "说明已公开")).post(path + "/closure").then().statusCode(200)
                .body("status", equalTo("CLOSED"));
        assertThat(audit.of("accountability-case", explainCase)).extracting(AuditTrail.Entry::action)
                .containsExactly("opened", "statement-submitted", "closed");

        // Resignation with an accepted justification.
        path = "/api/v1/accountability-cases/" + resignCase;
        etag = given().auth().oauth2(head(resign)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", "不满意主要源于上级政策调整")).post(path + "/justification").then().statusCode(200)
                .body("status", equalTo("JUSTIFICATION_SUBMITTED")).extract().header("ETag");
        // The committee decides on the version it read: a stale tag changes nothing.
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("reason", "x")).post(path + "/justification-acceptance").then().extract(), 412, "precondition-failed");
        given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("reason", "理由充分")).post(path + "/justification-acceptance").then().statusCode(200)
                .body("status", equalTo("RESIGNATION_WAIVED"))
                .body("allowed", empty());
        assertThat(audit.of("accountability-case", resignCase)).extracting(AuditTrail.Entry::action)
                .containsExactly("opened", "justification-submitted", "justification-accepted");

        // Resignation with a rejected justification, then the resignation recorded.
        path = "/api/v1/accountability-cases/" + refusedCase;
        etag = given().auth().oauth2(head(refused)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", "理由")).post(path + "/justification").then().statusCode(200).extract().header("ETag");
        etag = given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("reason", "理由不成立")).post(path + "/justification-rejection").then().statusCode(200)
                .body("status", equalTo("RESIGNATION_DUE")).extract().header("ETag");
        given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("reason", "已引咎辞职")).post(path + "/resignation").then().statusCode(200)
                .body("status", equalTo("RESIGNED"));
        assertThat(audit.of("accountability-case", refusedCase)).extracting(AuditTrail.Entry::action)
                .containsExactly("opened", "justification-submitted", "justification-rejected", "resigned");

        // Every step published, in order, valid against its schema.
        assertThat(outboxTypes(refusedCase)).containsExactly("opened", "justification-submitted", "justification-rejected", "resigned");

        // A head lists only his department's cases, whatever he asks for.
        JsonPath mine = given().auth().oauth2(head(resign)).queryParam("year", year).get("/api/v1/accountability-cases")
                .then().statusCode(200).extract().jsonPath();
        assertThat(mine.getList("items.departmentCode")).containsOnly(resign);
        assertThat(given().auth().oauth2(head(resign)).queryParam("department", explain).get("/api/v1/accountability-cases")
                .then().statusCode(200).extract().jsonPath().getInt("total")).isZero();
        // Applicants have no business here.
        problem(given().auth().oauth2(token("someone", null, "applicant")).get("/api/v1/accountability-cases").then().extract(), 403, "forbidden");
    }

    /**
     * The public notice (通报) of concluded cases, without a token: the head's self-criticism and statement made "to the
     * whole county" (≥ 20 %) and the outcome of a resignation case (≥ 30 %) — only once the committee concluded the
     * case, and without the head's justification, the committee's reasons or anyone's login.
     */
    @Test
    void concludedCasesArePublishedWithTheStatementAndTheOutcomeButNoReasonsOrPersons() {
        int year = 2044;
        openSurvey(year);
        String explain = org.agency("notice-explain"), waived = org.agency("notice-waived"), pending = org.agency("notice-pending");
        List<Map<String, Object>> sheets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sheets.add(sheet("N" + i, "FOREIGN_INVESTED_ENTERPRISE", Map.of(
                    explain, i < 8 ? "DISSATISFIED" : "SATISFIED",     // 20 %: explanation
                    waived, i < 12 ? "DISSATISFIED" : "SATISFIED",     // 30 %: resignation
                    pending, i < 10 ? "DISSATISFIED" : "SATISFIED"))); // 25 %: explanation, left open
        }
        register(year, sheets);
        JsonPath closed = given().auth().oauth2(EVALUATOR).header("If-Match", "*").post("/api/v1/surveys/" + year + "/closing")
                .then().statusCode(200).extract().jsonPath();
        String explainCase = (String) byDepartment(closed, explain).get("caseId");
        String waivedCase = (String) byDepartment(closed, waived).get("caseId");
        String pendingCase = (String) byDepartment(closed, pending).get("caseId");

        // Nothing is concluded yet: nothing to publish, also not a statement the committee has not closed on.
        given().auth().oauth2(head(pending)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", "待审的检讨")).post("/api/v1/accountability-cases/" + pendingCase + "/statement").then().statusCode(200);
        given().queryParam("year", year).get("/api/v1/public/accountability-cases").then().statusCode(200)
                .body("total", equalTo(0)).body("items", empty());

        String etag = given().auth().oauth2(head(explain)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", "本局深查原因，向全县检讨：窗口推诿扯皮，限期整改。")).post("/api/v1/accountability-cases/" + explainCase + "/statement")
                .then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("reason", "委员会内部意见：检讨到位")).post("/api/v1/accountability-cases/" + explainCase + "/closure").then().statusCode(200);
        etag = given().auth().oauth2(head(waived)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", "本人因病住院三个月")).post("/api/v1/accountability-cases/" + waivedCase + "/justification")
                .then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("reason", "病假属实，理由充分")).post("/api/v1/accountability-cases/" + waivedCase + "/justification-acceptance")
                .then().statusCode(200);

        // Anonymous: the two concluded cases, the statement and the outcomes; the open one is not there.
        var response = given().queryParam("year", year).get("/api/v1/public/accountability-cases").then().statusCode(200).extract();
        String body = response.asString();
        JsonPath notice = response.jsonPath();
        assertThat(notice.getInt("total")).isEqualTo(2);
        assertThat(notice.getList("items.caseId")).containsExactlyInAnyOrder(explainCase, waivedCase);
        Map<String, Object> explained = notice.getMap("items.find { it.caseId == '" + explainCase + "' }");
        assertThat(explained).containsEntry("departmentCode", explain).containsEntry("departmentName", "部门 " + explain)
                .containsEntry("year", year).containsEntry("kind", "EXPLANATION_REQUIRED").containsEntry("source", "SURVEY")
                .containsEntry("outcome", "CLOSED").containsEntry("validBallots", 40)
                .containsEntry("statement", "本局深查原因，向全县检讨：窗口推诿扯皮，限期整改。");
        assertThat(dec(explained.get("dissatisfactionRate"))).isEqualByComparingTo("0.2");
        assertThat(explained.get("concludedAt")).isNotNull();
        Map<String, Object> excused = notice.getMap("items.find { it.caseId == '" + waivedCase + "' }");
        assertThat(excused).containsEntry("outcome", "RESIGNATION_WAIVED").containsEntry("kind", "RESIGNATION_REQUIRED");
        assertThat(excused.get("statement")).isNull();
        assertThat(body).doesNotContain("因病住院", "病假属实", "委员会内部意见", "待审的检讨", "committee-1", "head-of-", pendingCase)
                .doesNotContain("justification", "decisionReason", "openedBy", "decidedBy");

        // Paged like every list: page/size bounded, the total beside the page; a department filter.
        given().queryParam("year", year).queryParam("size", 1).queryParam("page", 1).get("/api/v1/public/accountability-cases")
                .then().statusCode(200).body("total", equalTo(2)).body("page", equalTo(1)).body("size", equalTo(1))
                .body("items.size()", equalTo(1));
        given().queryParam("department", waived).get("/api/v1/public/accountability-cases").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].caseId", equalTo(waivedCase));
        problem(given().queryParam("size", 101).get("/api/v1/public/accountability-cases").then().extract(), 400, "validation-failed");
    }

    /** Event types recorded for a case (those already relayed included: the test reads Kafka for them). */
    List<String> outboxTypes(String caseId) {
        List<String> types = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.read(bootstrap, Topics.ACCOUNTABILITY, caseId::equals, 4, Duration.ofSeconds(30))) {
            String type = type(r);
            try {
                assertThat(schemas.validate(type, json.readTree(r.value()))).isEmpty();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            types.add(type.replace("xiaoneng.evaluation.accountability-case.", "").replace(".v1", ""));
        }
        return types;
    }

    private static String type(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8);
    }

    @Test
    void badSheetsAreRefusedWithEveryErrorAndNothingIsRegistered() {
        int year = 2043;
        openSurvey(year);
        String a = org.agency("sheet-a"), gone = org.agency("sheet-gone");
        org.deactivate(gone);
        JsonPath p = problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("sheets", List.of(
                        Map.of("reference", "X1", "respondentType", "MARTIAN", "ballots", List.of(Map.of("departmentCode", a, "verdict", "SATISFIED"))),
                        Map.of("reference", "X2", "respondentType", "INDIVIDUAL", "ballots", List.of(
                                Map.of("departmentCode", a, "verdict", "SATISFIED"), Map.of("departmentCode", a, "verdict", "DISSATISFIED"))),
                        Map.of("reference", "X3", "respondentType", "INDIVIDUAL", "ballots", List.of(
                                Map.of("departmentCode", "no-such-department", "verdict", "SATISFIED"), Map.of("departmentCode", gone, "verdict", "SATISFIED"))),
                        Map.of("reference", "X1", "respondentType", "INDIVIDUAL", "ballots", List.of(Map.of("departmentCode", a, "verdict", "SATISFIED"))))))
                .post("/api/v1/surveys/" + year + "/sheets").then().extract(), 422, "unprocessable");
        assertThat(p.getList("errors.field")).containsExactlyInAnyOrder("sheets[0].respondentType", "sheets[1].ballots[1].departmentCode",
                "sheets[2].ballots[0].departmentCode", "sheets[2].ballots[1].departmentCode", "sheets[3].reference");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("sheets", List.of(
                        Map.of("reference", "X1", "respondentType", "INDIVIDUAL", "ballots", List.of(Map.of("departmentCode", a, "verdict", "MAYBE"))))))
                .post("/api/v1/surveys/" + year + "/sheets").then().extract(), 400, "validation-failed");
        assertThat(ballots(year)).isZero();

        // One sheet per respondent: the same reference again is a conflict, and the batch is refused whole.
        register(year, List.of(sheet("R1", "INDIVIDUAL", Map.of(a, "SATISFIED"))));
        JsonPath again = problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("sheets", List.of(
                        sheet("R2", "INDIVIDUAL", Map.of(a, "SATISFIED")), sheet("R1", "INDIVIDUAL", Map.of(a, "DISSATISFIED")))))
                .post("/api/v1/surveys/" + year + "/sheets").then().extract(), 409, "conflict");
        assertThat(again.getList("references")).containsExactly("R1");
        assertThat(ballots(year)).isEqualTo(1);

        // Only the committee (or an administrator) enters sheets; unknown surveys are 404; a year twice is 409.
        problem(given().auth().oauth2(head(a)).contentType(ContentType.JSON).body(Map.of("sheets", List.of(sheet("R3", "INDIVIDUAL", Map.of(a, "SATISFIED")))))
                .post("/api/v1/surveys/" + year + "/sheets").then().extract(), 403, "forbidden");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("sheets", List.of(sheet("R3", "INDIVIDUAL", Map.of(a, "SATISFIED")))))
                .post("/api/v1/surveys/2099/sheets").then().extract(), 404, "not-found");
        // a year outside 2000–2100 names no survey at all: a bad request, like every year parameter
        JsonPath outOfRange = problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("sheets", List.of(sheet("R3", "INDIVIDUAL", Map.of(a, "SATISFIED")))))
                .post("/api/v1/surveys/1999/sheets").then().extract(), 400, "validation-failed");
        assertThat(outOfRange.getList("errors.field")).containsExactly("year");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).body(Map.of("year", year))
                .post("/api/v1/surveys").then().extract(), 409, "conflict");
    }

    long ballots(int year) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("select count(*) from survey_ballot where survey_year = ?1")
                .setParameter(1, year).getSingleResult()).longValue());
    }
}
