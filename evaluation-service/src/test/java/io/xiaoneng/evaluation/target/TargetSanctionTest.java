package io.xiaoneng.evaluation.target;

import io.quarkus.test.common.QuarkusTestResource;
import io.xiaoneng.devstack.test.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.commitment.TestToday;
import io.xiaoneng.evaluation.org.Departments;
import io.xiaoneng.evaluation.org.OrgFixture;
import io.xiaoneng.platform.audit.AuditTrail;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.org.OrgFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** Investment-attraction targets with the sanction ladder, and town heads' term targets, through HTTP. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class TargetSanctionTest {

    static final String EVALUATOR = token("committee-2", null, "evaluator");

    @Inject
    OrgFixture org;

    @Inject
    AuditTrail audit;

    @Inject
    TestToday today;

    @AfterEach
    void realToday() {
        today.reset();
    }

    String investmentTarget(String department, int year, String amount) {
        return given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                .body(Map.of("departmentCode", department, "year", year, "targetAmount", new BigDecimal(amount)))
                .post("/api/v1/investment-targets").then().statusCode(201).extract().path("id");
    }

    JsonPath outcome(String id, String attracted) {
        String etag = given().auth().oauth2(EVALUATOR).get("/api/v1/investment-targets/" + id).then().statusCode(200).extract().header("ETag");
        return given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("attractedAmount", new BigDecimal(attracted)))
                .post("/api/v1/investment-targets/" + id + "/outcome").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theLadderClimbsWithConsecutiveMissesAndAMetYearResetsIt() {
        today.set("2036-01-05"); // the years 2031–2035 are over
        String dept = org.agency("invest"), other = org.agency("invest-other");
        List<String> sanctions = new ArrayList<>();
        List<Integer> misses = new ArrayList<>();
        // missed, missed, missed, met exactly, missed
        String[] attracted = {"999.99", "500", "0", "1000.00", "10"};
        String resignationTarget = null;
        for (int i = 0; i < attracted.length; i++) {
            String id = investmentTarget(dept, 2031 + i, "1000.00");
            JsonPath r = outcome(id, attracted[i]);
            misses.add(r.getInt("consecutiveMisses"));
            sanctions.add(r.getString("sanction.sanction"));
            if (i == 2) {
                resignationTarget = id;
                assertThat(r.getString("sanction.caseId")).isNotNull();
                JsonPath c = given().auth().oauth2(EVALUATOR).get("/api/v1/accountability-cases/" + r.getString("sanction.caseId"))
                        .then().statusCode(200).extract().jsonPath();
                assertThat(c.getString("kind")).isEqualTo("RESIGNATION_REQUIRED");
                assertThat(c.getString("source")).isEqualTo("INVESTMENT_TARGET");
                assertThat(c.getString("targetId")).isEqualTo(id);
                assertThat(c.getString("departmentCode")).isEqualTo(dept);
            } else {
                assertThat(r.getString("sanction.caseId")).isNull();
            }
        }
        assertThat(misses).containsExactly(1, 2, 3, 0, 1);
        assertThat(sanctions).containsExactly("PUBLIC_CRITICISM", "ADMONISHMENT_AND_OFF_POST", "RESIGNATION", null, "PUBLIC_CRITICISM");

        // Decisions audited: the outcome on the target, the sanction on its own trail.
        assertThat(audit.of("investment-target", resignationTarget)).extracting(AuditTrail.Entry::action)
                .containsExactly("created", "outcome-recorded");
        JsonPath all = given().auth().oauth2(EVALUATOR).queryParam("department", dept).get("/api/v1/sanctions").then().statusCode(200)
                .extract().jsonPath();
        assertThat(all.getList("items.sanction")).containsExactly("PUBLIC_CRITICISM", "RESIGNATION", "ADMONISHMENT_AND_OFF_POST", "PUBLIC_CRITICISM");
        assertThat(all.getInt("total")).isEqualTo(4);
        String sanctionId = all.getString("items.find { it.year == 2033 }.id");
        assertThat(audit.of("sanction", sanctionId)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("imposed");
            assertThat(e.after().get("consecutiveMisses").asInt()).isEqualTo(3);
        });

        // Published through the outbox on the accountability topic, valid against the schemas.
        Map<String, com.fasterxml.jackson.databind.JsonNode> events = events(List.of(sanctionId), 1);
        assertThat(events.get(sanctionId).get("sanction").asText()).isEqualTo("RESIGNATION");
        assertThat(events.get(sanctionId).get("consecutiveMisses").asInt()).isEqualTo(3);
        assertThat(events.get(sanctionId).get("caseId").asText()).isNotBlank();

        // A head sees his own department's sanctions only.
        String head = token("head-" + dept, dept, "dept-head");
        assertThat(given().auth().oauth2(head).get("/api/v1/sanctions").then().statusCode(200).extract().jsonPath()
                .getList("items.departmentCode")).hasSize(4).containsOnly(dept);
        assertThat(given().auth().oauth2(head).queryParam("department", other).get("/api/v1/sanctions").then().statusCode(200)
                .extract().jsonPath().getList("items")).isEmpty();
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).header("If-Match", "*")
                .body(Map.of("attractedAmount", 1)).post("/api/v1/investment-targets/" + resignationTarget + "/outcome").then().extract(),
                403, "forbidden");

        // The ladder itself is readable data.
        JsonPath ladder = given().auth().oauth2(head).get("/api/v1/sanction-ladder").then().statusCode(200).extract().jsonPath();
        assertThat(ladder.getList("consecutiveMisses")).containsExactly(1, 2, 3);
        assertThat(ladder.getList("opensResignationCase")).containsExactly(false, false, true);
    }

    @Inject
    io.xiaoneng.platform.events.EventSchemas schemas;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** The events keyed by {@code keys} on the accountability topic, each validated against its schema. */
    Map<String, com.fasterxml.jackson.databind.JsonNode> events(List<String> keys, int expected) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> found = new java.util.HashMap<>();
        var records = TopicReader.read(bootstrap, io.xiaoneng.platform.events.Topics.ACCOUNTABILITY,
                r -> r.key() != null && keys.contains(r.key()),
                read -> read.stream().map(r -> r.key()).distinct().count() >= expected, java.time.Duration.ofSeconds(30));
        for (var r : records) {
            String type = new String(r.headers().lastHeader(io.xiaoneng.platform.events.CloudEventHeaders.TYPE).value(),
                    java.nio.charset.StandardCharsets.UTF_8);
            try {
                var data = json.readTree(r.value());
                assertThat(schemas.validate(type, data)).as("schema errors of %s %s", type, data).isEmpty();
                assertThat(type).isEqualTo(io.xiaoneng.platform.events.AccountabilityEventTypes.SANCTION_IMPOSED.type());
                found.put(r.key(), data);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(found).hasSize(expected);
        return found;
    }

    @Test
    void yearsAreEvaluatedInOrderAndOnce() {
        today.set("2033-01-05"); // 2031 and 2032 are over: only the order is in question here
        String dept = org.agency("order");
        String y1 = investmentTarget(dept, 2031, "100");
        String y2 = investmentTarget(dept, 2032, "100");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", "*")
                .body(Map.of("attractedAmount", 1)).post("/api/v1/investment-targets/" + y2 + "/outcome").then().extract(), 409, "conflict");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                .body(Map.of("attractedAmount", 1)).post("/api/v1/investment-targets/" + y1 + "/outcome").then().extract(), 428, "precondition-required");
        outcome(y1, "100");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", "*")
                .body(Map.of("attractedAmount", 1)).post("/api/v1/investment-targets/" + y1 + "/outcome").then().extract(), 409, "illegal-transition");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                .body(Map.of("departmentCode", dept, "year", 2031, "targetAmount", 5)).post("/api/v1/investment-targets").then().extract(), 409, "conflict");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                .body(Map.of("departmentCode", dept, "year", 2040, "targetAmount", 0)).post("/api/v1/investment-targets").then().extract(), 400, "validation-failed");
        String town = org.department("town", Departments.TOWN);
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                .body(Map.of("departmentCode", town, "year", 2040, "targetAmount", 5)).post("/api/v1/investment-targets").then().extract(), 422, "unprocessable");
    }

    /**
     * What a department attracted in a year is recorded once the year is over (the service's clock, Beijing): until then
     * the amount is not final — and a miss decides a sanction, at the top of the ladder a resignation case, for good.
     * Before that a 422 basis-not-final, and nothing changes: no outcome, no sanction, no case, no audit entry.
     */
    @Test
    void anInvestmentOutcomeIsRecordedOnlyOnceItsYearIsOverAndNoSanctionIsDecidedBefore() {
        String dept = org.agency("invest-early");
        today.set("2036-12-31");
        // Two missed years, over: the next miss would be the third, the resignation step.
        outcome(investmentTarget(dept, 2034, "100"), "1");
        outcome(investmentTarget(dept, 2035, "100"), "1");
        String id = investmentTarget(dept, 2036, "100");
        String path = "/api/v1/investment-targets/" + id;
        String etag = given().auth().oauth2(EVALUATOR).get(path).then().statusCode(200).extract().header("ETag");

        // The year's last day: what was attracted may still change.
        JsonPath refused = problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("attractedAmount", 1)).post(path + "/outcome").then().extract(), 422, "basis-not-final");
        assertThat(refused.getString("type")).isEqualTo("https://xiaoneng.example/problems/basis-not-final");
        assertThat(refused.getString("reason")).isEqualTo("year-not-over");
        assertThat(refused.getInt("year")).isEqualTo(2036);
        assertThat(refused.getString("finalFrom")).isEqualTo("2037-01-01");
        assertThat(refused.getString("detail")).contains("2036").contains("2037-01-01");
        JsonPath unchanged = given().auth().oauth2(EVALUATOR).get(path).then().statusCode(200).header("ETag", etag).extract().jsonPath();
        assertThat(unchanged.getString("attractedAmount")).isNull();
        assertThat(unchanged.getString("met")).isNull();
        assertThat(unchanged.getString("consecutiveMisses")).isNull();
        assertThat(unchanged.getString("sanction")).isNull();
        assertThat(audit.of("investment-target", id)).extracting(AuditTrail.Entry::action).containsExactly("created");
        assertThat(given().auth().oauth2(EVALUATOR).queryParam("department", dept).queryParam("year", 2036).get("/api/v1/sanctions")
                .then().statusCode(200).extract().jsonPath().getInt("total")).isZero();
        assertThat(given().auth().oauth2(EVALUATOR).queryParam("source", "INVESTMENT_TARGET").queryParam("department", dept)
                .get("/api/v1/accountability-cases").then().statusCode(200).extract().jsonPath().getInt("total")).isZero();

        // New year's day: final; the third miss in a row is decided, with its resignation case.
        today.set("2037-01-01");
        JsonPath decided = outcome(id, "1");
        assertThat(decided.getInt("consecutiveMisses")).isEqualTo(3);
        assertThat(decided.getString("sanction.sanction")).isEqualTo("RESIGNATION");
        assertThat(decided.getString("sanction.caseId")).isNotNull();
        assertThat(audit.of("investment-target", id)).extracting(AuditTrail.Entry::action).containsExactly("created", "outcome-recorded");
    }

    String termTarget(String town, String... targets) {
        List<Map<String, Object>> years = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            years.add(Map.of("year", 2031 + i, "targetRevenue", new BigDecimal(targets[i])));
        }
        return given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                .body(Map.of("departmentCode", town, "headName", "镇长甲", "firstYear", 2031, "baselineRevenue", new BigDecimal("9000.00"),
                        "yearlyTargets", years))
                .post("/api/v1/term-targets").then().statusCode(201).extract().path("id");
    }

    JsonPath evaluate(String id, int year, String actual) {
        String etag = given().auth().oauth2(EVALUATOR).get("/api/v1/term-targets/" + id).then().statusCode(200).extract().header("ETag");
        return given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("year", year, "actualRevenue", new BigDecimal(actual)))
                .post("/api/v1/term-targets/" + id + "/evaluations").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aTermTargetMetAtTheEndEarnsTheConfiguredShareOfTheIncreaseAndAMissOpensAResignationCase() {
        today.set("2034-01-05"); // the terms 2031–2033 are over
        String town = org.department("town-met", Departments.TOWN);
        String id = termTarget(town, "10000", "11000", "12000");
        assertThat(evaluate(id, 2031, "10500").getBoolean("years[0].met")).isTrue();
        JsonPath second = evaluate(id, 2032, "10999.99");
        assertThat(second.getBoolean("years[1].met")).isFalse();
        assertThat(second.getString("status")).isEqualTo("RUNNING");
        assertThat(second.getInt("nextYear")).isEqualTo(2033);
        // Only the next year can be evaluated.
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", "*")
                .body(Map.of("year", 2031, "actualRevenue", 1)).post("/api/v1/term-targets/" + id + "/evaluations").then().extract(),
                409, "illegal-transition");
        JsonPath last = evaluate(id, 2033, "12000.00");
        assertThat(last.getString("status")).isEqualTo("MET");
        // 5 % of (12,000 − 9,000) = 150.00
        assertThat(new BigDecimal(last.getString("reward"))).isEqualByComparingTo("150.00");
        assertThat(last.getString("caseId")).isNull();

        String missedTown = org.department("town-missed", Departments.TOWN);
        String missed = termTarget(missedTown, "10000", "11000", "12000");
        evaluate(missed, 2031, "10000");
        evaluate(missed, 2032, "11000");
        JsonPath failed = evaluate(missed, 2033, "11999.99");
        assertThat(failed.getString("status")).isEqualTo("NOT_MET");
        assertThat(failed.getString("reward")).isNull();
        String caseId = failed.getString("caseId");
        JsonPath c = given().auth().oauth2(token("head-" + missedTown, missedTown, "dept-head"))
                .get("/api/v1/accountability-cases/" + caseId).then().statusCode(200).extract().jsonPath();
        assertThat(c.getString("kind")).isEqualTo("RESIGNATION_REQUIRED");
        assertThat(c.getString("source")).isEqualTo("TERM_TARGET");
        assertThat(c.getList("allowed")).containsExactly("justification", "resignation");
        assertThat(audit.of("term-target", missed)).extracting(AuditTrail.Entry::action)
                .containsExactly("created", "yearly-evaluation", "yearly-evaluation", "final-evaluation");

        // The term has three years, a target for each; only towns have term targets.
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                .body(Map.of("departmentCode", town, "headName", "x", "firstYear", 2031, "baselineRevenue", 1,
                        "yearlyTargets", List.of(Map.of("year", 2031, "targetRevenue", 1), Map.of("year", 2032, "targetRevenue", 2))))
                .post("/api/v1/term-targets").then().extract(), 422, "unprocessable");
        String agency = org.agency("not-a-town");
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON)
                .body(Map.of("departmentCode", agency, "headName", "x", "firstYear", 2031, "baselineRevenue", 1,
                        "yearlyTargets", List.of(Map.of("year", 2031, "targetRevenue", 1), Map.of("year", 2032, "targetRevenue", 2),
                                Map.of("year", 2033, "targetRevenue", 3))))
                .post("/api/v1/term-targets").then().extract(), 422, "unprocessable");
        // Another town's head does not see this term target.
        problem(given().auth().oauth2(token("head-" + missedTown, missedTown, "dept-head")).get("/api/v1/term-targets/" + id).then().extract(),
                404, "not-found");
    }

    /**
     * A year of a term is evaluated once it is over (the service's clock, Beijing): its revenue is final only then —
     * and the last year's evaluation decides the term, the reward or the resignation case, for good. Before that a
     * 422 basis-not-final, and nothing changes.
     */
    @Test
    void aTermYearIsEvaluatedOnlyOnceItIsOverAndTheTermOutcomeNotBeforeTheTermEnds() {
        String town = org.department("town-early", Departments.TOWN);
        String id = termTarget(town, "10000", "11000", "12000");
        String path = "/api/v1/term-targets/" + id;

        today.set("2031-12-31");
        JsonPath refused = problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("year", 2031, "actualRevenue", 10500)).post(path + "/evaluations").then().extract(), 422, "basis-not-final");
        assertThat(refused.getString("reason")).isEqualTo("year-not-over");
        assertThat(refused.getString("finalFrom")).isEqualTo("2032-01-01");
        today.set("2032-01-01");
        evaluate(id, 2031, "10500");
        today.set("2033-01-01");
        evaluate(id, 2032, "11000");

        // The term's last day: missed so far, but the outcome (here a resignation case) is not decided yet.
        today.set("2033-12-31");
        String etag = given().auth().oauth2(EVALUATOR).get(path).then().statusCode(200).extract().header("ETag");
        refused = problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("year", 2033, "actualRevenue", 100)).post(path + "/evaluations").then().extract(), 422, "basis-not-final");
        assertThat(refused.getString("type")).isEqualTo("https://xiaoneng.example/problems/basis-not-final");
        assertThat(refused.getString("reason")).isEqualTo("year-not-over");
        assertThat(refused.getInt("year")).isEqualTo(2033);
        assertThat(refused.getString("detail")).contains("2033").contains("2034-01-01");
        JsonPath unchanged = given().auth().oauth2(EVALUATOR).get(path).then().statusCode(200).header("ETag", etag).extract().jsonPath();
        assertThat(unchanged.getString("status")).isEqualTo("RUNNING");
        assertThat(unchanged.getInt("nextYear")).isEqualTo(2033);
        assertThat(unchanged.getString("caseId")).isNull();
        assertThat(unchanged.getString("years[2].actualRevenue")).isNull();
        assertThat(audit.of("term-target", id)).extracting(AuditTrail.Entry::action)
                .containsExactly("created", "yearly-evaluation", "yearly-evaluation");
        assertThat(given().auth().oauth2(EVALUATOR).queryParam("source", "TERM_TARGET").queryParam("department", town)
                .get("/api/v1/accountability-cases").then().statusCode(200).extract().jsonPath().getInt("total")).isZero();
        // Years stay in order: a wrong year is still the 409 it always was, whatever the date.
        problem(given().auth().oauth2(EVALUATOR).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("year", 2034, "actualRevenue", 1)).post(path + "/evaluations").then().extract(), 409, "illegal-transition");

        today.set("2034-01-01");
        JsonPath decided = evaluate(id, 2033, "12000");
        assertThat(decided.getString("status")).isEqualTo("MET");
    }
}
