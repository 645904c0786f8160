package io.xiaoneng.complaint.complaint;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.xiaoneng.complaint.app.Statistics;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.*;

/** The funnel by department, category and channel; the public summary; per monitoring point statistics. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class StatisticsTest {

    @Inject
    TestClock clock;

    @Inject
    Statistics statistics;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void funnelCountsEveryStepPerDepartmentAndTimesThem() {
        clock.set("2025-06-02"); // a day no other test uses
        String dept = department();
        Case done = register(intake(), hotline(dept, "吴九", "13812349999"));
        Case dispatched = register(null, web(dept));
        Case received = register(null, web(dept));
        Case dup = register(null, web(dept));
        dup.ok(intake(), "merge", Map.of("into", received.id));
        for (Case c : java.util.List.of(done, dispatched)) {
            c.ok(intake(), "accept", null);
            c.ok(intake(), "dispatch", Map.of("department", dept));
        }
        clock.set("2025-06-04");
        done.ok(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "m"));
        done.ok(official(dept), "reply", Map.of("text", "r"));
        done.ok(intake(), "feedback", Map.of("satisfied", true));
        done.ok(intake(), "close", null);

        given().auth().oauth2(supervisor()).when()
                .get("/api/v1/complaint-statistics/funnel?by=DEPARTMENT&from=2025-06-01&to=2025-06-30&department=" + dept)
                .then().statusCode(200)
                .body("rows", hasSize(1))
                .body("rows[0].key", equalTo(dept))
                .body("rows[0].received", equalTo(3)) // the merged duplicate counts in its master
                .body("rows[0].accepted", equalTo(2))
                .body("rows[0].dispatched", equalTo(2))
                .body("rows[0].handled", equalTo(1))
                .body("rows[0].replied", equalTo(1))
                .body("rows[0].rated", equalTo(1))
                .body("rows[0].satisfied", equalTo(1))
                .body("rows[0].closedOnTime", equalTo(1))
                .body("rows[0].averageHours.handle", equalTo(48.0f));
        // a department official: his own department only, whatever he asks for
        given().auth().oauth2(official(dept)).when().get("/api/v1/complaint-statistics/funnel?by=CHANNEL&from=2025-06-01&to=2025-06-30")
                .then().statusCode(200)
                .body("rows.key", containsInAnyOrder("HOTLINE_12345", "WEB"))
                .body("rows.find { it.key == 'WEB' }.received", equalTo(2));
        given().auth().oauth2(supervisor()).when().get("/api/v1/complaint-statistics/funnel?by=CATEGORY&from=2025-06-01&to=2025-06-30")
                .then().statusCode(200).body("rows.key", hasItems("attitude", "delay"));
        given().when().get("/api/v1/complaint-statistics/public?from=2025-06-01&to=2025-06-30").then().statusCode(200)
                .body("county[0].received", greaterThanOrEqualTo(3))
                .body("byCategory.key", hasItem("delay"))
                .body("byChannel.key", hasItem("WEB"))
                .body(not(containsString("吴九")));
        given().when().get("/api/v1/complaint-statistics/funnel").then().statusCode(401);
        given().when().get("/api/v1/complaint-statistics/public?from=2025-07-01&to=2025-06-01").then().statusCode(400);
    }

    /**
     * The rollup (daily rows + uncompacted deltas, maintained by the trigger in the writing transaction) gives exactly
     * what the aggregate over complaint gives, for every dimension, before and after compaction, through intake,
     * transitions, a re-dispatch to another department, a merge and a reopening.
     */
    @Test
    void rollupAgreesWithTheComplaintsBeforeAndAfterCompaction() {
        clock.set("2025-09-01");
        String dept = department();
        String other = department();
        Case a = register(intake(), hotline(dept, "钱二", "13812341111"));
        Case b = register(null, web(dept));
        Case c = register(null, web(other));
        a.ok(intake(), "accept", null);
        a.ok(intake(), "dispatch", Map.of("department", other));
        a.ok(official(other), "bounce", Map.of("reason", "非本单位"));
        a.ok(intake(), "dispatch", Map.of("department", dept));
        statistics.compact();
        b.ok(intake(), "merge", Map.of("into", c.id));
        clock.set("2025-09-03");
        a.ok(official(dept), "handle", Map.of("finding", "PARTLY_SUBSTANTIATED", "measures", "m"));
        a.ok(official(dept), "reply", Map.of("text", "r"));
        a.ok(intake(), "feedback", Map.of("satisfied", false));
        a.ok(intake(), "reopen", Map.of("reason", "不满意"));
        assertSamePaths();
        assertThat(statistics.compact()).isPositive();
        assertSamePaths();
        given().auth().oauth2(supervisor()).when().get("/api/v1/complaint-statistics/funnel?by=HANDLING_DEPARTMENT&from=2025-09-01&to=2025-09-01")
                .then().statusCode(200)
                .body("rows.find { it.key == '" + dept + "' }.received", equalTo(1))
                .body("rows.find { it.key == '" + dept + "' }.accepted", equalTo(1))
                .body("rows.key", not(hasItem(other)))                   // a was re-dispatched: it moved to dept
                .body("rows.find { it.key == '-' }.received", equalTo(1)); // c, not dispatched; b merged into it counts once
    }

    private void assertSamePaths() {
        LocalDate from = LocalDate.parse("2020-01-01");
        LocalDate to = LocalDate.parse("2035-12-31");
        for (Statistics.Dimension by : Statistics.Dimension.values()) {
            List<Object[]> rollup = QuarkusTransaction.requiringNew().call(() -> statistics.fromRollup(by, from, to));
            List<Object[]> direct = QuarkusTransaction.requiringNew().call(() -> statistics.fromComplaints(by, from, to, null));
            assertThat(rollup).as("%s groups", by).hasSameSizeAs(direct);
            for (int i = 0; i < direct.size(); i++) {
                for (int col = 0; col < 16; col++) {
                    Object x = rollup.get(i)[col];
                    Object y = direct.get(i)[col];
                    if (col == 0) {
                        assertThat(String.valueOf(x)).as("%s key", by).isEqualTo(String.valueOf(y));
                    } else if (col <= 10) {
                        assertThat(((Number) x).longValue()).as("%s %s col %d", by, y, col).isEqualTo(((Number) y).longValue());
                    } else if (y == null) {
                        assertThat(x).as("%s %s col %d", by, direct.get(i)[0], col).isNull();
                    } else {
                        assertThat(((Number) x).doubleValue()).as("%s %s col %d", by, direct.get(i)[0], col)
                                .isCloseTo(((Number) y).doubleValue(), within(1e-6));
                    }
                }
            }
        }
    }

    @Test
    void periodsBeyondAnyPlausibleYearAre400NamingTheParameter() {
        String dept = department();
        String funnel = "/api/v1/complaint-statistics/funnel";
        // department-scoped (official, or department=) and county-wide (rollup) paths, and the public summary
        List<Map<String, String>> tooFar = List.of(Map.of("to", "+999999999-12-31"),
                Map.of("to", "+999999999-12-31", "department", dept), Map.of("from", "2026-01-01", "to", "9999-12-31"),
                Map.of("from", "1999-12-31", "to", "2000-06-01"));
        for (String t : List.of(official(dept), supervisor())) {
            for (Map<String, String> q : tooFar) {
                given().auth().oauth2(t).queryParams(q).when().get(funnel).then().statusCode(400)
                        .body("type", endsWith("/validation-failed"))
                        .body("errors.field", contains(q.get("from") != null && q.get("from").startsWith("1999") ? "from" : "to"));
            }
            given().auth().oauth2(t).queryParams(Map.of("from", "-999999999-01-01", "to", "+999999999-12-31")).when().get(funnel)
                    .then().statusCode(400).body("errors.field", containsInAnyOrder("from", "to"));
        }
        // the platform's query-date rule (QueryDates), in its words
        given().header("Accept-Language", "en").queryParam("to", "+999999999-12-31").when().get("/api/v1/complaint-statistics/public")
                .then().statusCode(400).body("errors.field", contains("to"))
                .body("errors.message", contains("must lie in the years 2000 to 2100"));
        given().queryParam("from", "-999999999-01-01").when().get("/api/v1/complaint-statistics/public").then().statusCode(400)
                .body("errors.field", contains("from"));
        given().auth().oauth2(official(dept)).queryParams(Map.of("from", "2000-01-01", "to", "2000-12-31")).when().get(funnel)
                .then().statusCode(200);
    }

    @Test
    void perMonitoringPointStatistics() {
        String dept = department();
        String point = "mp-stat-" + dept.substring(5);
        given().auth().oauth2(supervisor()).contentType(ContentType.JSON)
                .body(Map.of("code", point, "name", "监测点", "enterpriseName", "县光伏科技有限公司"))
                .when().post("/api/v1/monitoring-points").then().statusCode(201);
        Map<String, Object> body = hotline(dept, "郑十", "13812340000");
        body.put("channel", "MONITORING_POINT");
        body.put("monitoringPoint", point);
        Case a = register(intake(), body);
        register(intake(), body);
        a.ok(intake(), "refer", Map.of("referredTo", "市发改委"));
        a.ok(intake(), "reply", Map.of("text", "已转办"));
        a.ok(intake(), "feedback", Map.of("satisfied", false));
        a.ok(intake(), "close", null);
        given().auth().oauth2(official(dept)).when().get("/api/v1/monitoring-points/statistics").then().statusCode(200)
                .body("find { it.code == '" + point + "' }.received", equalTo(2))
                .body("find { it.code == '" + point + "' }.open", equalTo(1))
                .body("find { it.code == '" + point + "' }.closed", equalTo(1))
                .body("find { it.code == '" + point + "' }.unsatisfied", equalTo(1));
    }
}
