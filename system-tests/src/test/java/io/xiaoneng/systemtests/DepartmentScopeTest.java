package io.xiaoneng.systemtests;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Object level (BOLA) for complaint-service and evaluation-service, through the gateway with the demo users' real
 * Keycloak tokens: an official of housing can neither read nor change market's complaints, ratings,
 * rectifications, appeals, commitments, personal assessments or hospitality figures — every read, every list (the
 * object absent) and every kind of state-changing operation, each answered 403 or 404 with an RFC 9457 problem —
 * and afterwards the object is unchanged (same ETag, same body as its owner sees it). Applicant B sees nothing of
 * applicant A's. The complainant is in clear for the intake only, masked for county-wide readers, absent for the
 * department complained about, and never anywhere for an anonymous complaint.
 *
 * Evaluation's accountability cases are market's alone (and its head's to answer); at market's window, housing's
 * officials and applicant B neither read applicant A's booking nor record its attendance, no-show or cancellation,
 * nor change the window's slots; the monthly attendance of market's window posts is neither read, ranked nor
 * entered by housing (whose head holds the role that enters it, for his own windows).
 *
 * <p>Approval-service's applications are proven the same way by
 * {@link AuthorizationMatrixTest#anApplicationIsSeenAndChangedOnlyByItsApplicantAndItsDepartment()}.
 */
@Order(12)
class DepartmentScopeTest {

    static final List<String> HOUSING = List.of("clerk-housing", "approver-housing", "head-housing");
    static final List<String> MARKET = List.of("clerk-market", "approver-market", "head-market");
    static final String NAME = "欧阳明远";
    static final String PHONE = "13512345432";

    /** area → cases tried, failures; printed as the summary table. */
    static final Map<String, int[]> TABLE = new LinkedHashMap<>();
    static final List<String> FAILURES = new ArrayList<>();

    @BeforeAll
    static void stack() throws Exception {
        SystemStack.get();
    }

    @AfterAll
    static void summary() {
        StringBuilder sb = new StringBuilder("\n## Object-level access (BOLA) and PII: complaint-service, evaluation-service, approval's appointments\n\n")
                .append("| area | cases tried | failures |\n|---|---:|---:|\n");
        int[] total = new int[2];
        TABLE.forEach((area, r) -> {
            sb.append(String.format("| %s | %d | %d |%n", area, r[0], r[1]));
            total[0] += r[0];
            total[1] += r[1];
        });
        sb.append(String.format("| **total** | %d | %d |%n", total[0], total[1]));
        FAILURES.stream().limit(100).forEach(f -> sb.append("- ").append(f).append('\n'));
        System.out.println(sb);
    }

    // ---- complaints -------------------------------------------------------------------------------------------

    @Test
    void housingCannotReadOrChangeMarketsComplaintsAndTheComplainantIsShownPerRole() {
        String area = "complaints";
        String first = registerAndDispatch("市场监管窗口办事拖延，多次往返", false);
        String second = registerAndDispatch("市场监管窗口同一事项再次反映", false);
        // market's clerk links his two cases, so that there is a link for housing to (fail to) remove
        Response linked = as("clerk-market").contentType(ContentType.JSON).body(Map.of("with", second, "reason", "同一事项"))
                .when().post("/api/v1/complaints/" + first + "/links");
        assertThat(linked.statusCode()).as(linked.asString()).isEqualTo(201);

        String url = "/api/v1/complaints/" + first;
        Response before = as("intake").when().get(url);
        assertThat(before.statusCode()).isEqualTo(200);
        String etag = before.header("ETag");
        int historyBefore = as("intake").when().get(url + "/history").then().statusCode(200).extract().path("size()");

        Map<String, Object> commands = new LinkedHashMap<>();
        commands.put("accept", null);
        commands.put("refer", Map.of("referredTo", "市政府", "reason", "越权"));
        commands.put("dispatch", Map.of("department", "housing"));
        commands.put("bounce", Map.of("reason", "不属本部门"));
        commands.put("decide", Map.of("department", "housing", "reason", "改派"));
        commands.put("handle", Map.of("finding", "UNSUBSTANTIATED", "measures", "无"));
        commands.put("reply", Map.of("text", "已处理"));
        commands.put("feedback", Map.of("satisfied", true));
        commands.put("close", null);
        commands.put("reopen", Map.of("reason", "不满意"));
        commands.put("merge", Map.of("into", second));

        for (String outsider : concat(HOUSING, List.of("applicant-a", "applicant-b"))) {
            denied(area, outsider, "GET", url, null, null);
            denied(area, outsider, "GET", url + "/history", null, null);
            denied(area, outsider, "GET", url + "/links", null, null);
            commands.forEach((command, body) -> denied(area, outsider, "POST", url + "/" + command, etag, body));
            denied(area, outsider, "POST", url + "/links", null, Map.of("with", second));
            denied(area, outsider, "DELETE", url + "/links/" + second, null, null);
            if (outsider.startsWith("applicant")) {
                denied(area, outsider, "GET", "/api/v1/complaints", null, null);
            } else {
                for (String query : List.of("", "?department=market", "?status=DISPATCHED&size=100")) {
                    Response list = as(outsider).when().get("/api/v1/complaints" + query);
                    check(area, outsider + " lists /api/v1/complaints" + query, list.statusCode() == 200
                            && !list.asString().contains(first) && !list.asString().contains(second), list.statusCode() + " " + list.asString());
                }
                Response alerts = as(outsider).when().get("/api/v1/complaint-alerts");
                check(area, outsider + " lists the alerts", alerts.statusCode() == 200 && !alerts.asString().contains(first),
                        alerts.statusCode() + " " + alerts.asString());
            }
        }

        Response after = as("intake").when().get(url);
        check(area, "market's case unchanged (ETag)", etag.equals(after.header("ETag")), etag + " → " + after.header("ETag"));
        check(area, "market's case unchanged (body)", before.asString().equals(after.asString()), after.asString());
        int historyAfter = as("intake").when().get(url + "/history").then().extract().path("size()");
        check(area, "no audit entry added by the refused calls", historyAfter == historyBefore, historyBefore + " → " + historyAfter);
        check(area, "the link is still there", as("intake").when().get(url + "/links").asString().contains(second), "");

        // Its own department still can: the refusals above are scope, not a broken operation.
        for (String official : MARKET) {
            Response own = as(official).when().get(url);
            check(area, official + " reads his department's case", own.statusCode() == 200, own.statusCode() + " " + own.asString());
        }

        // PII per role.
        String pii = "complainant PII";
        Response intake = as("intake").when().get(url);
        check(pii, "intake sees the complainant in clear", NAME.equals(intake.path("complainant.name"))
                && PHONE.equals(intake.path("complainant.phone")), intake.asString());
        for (String official : MARKET) {
            Response own = as(official).when().get(url);
            check(pii, official + " (department complained about) gets no complainant", own.statusCode() == 200
                    && own.jsonPath().get("complainant") == null && noPii(own.asString()), own.asString());
        }
        for (String countyWide : List.of("supervisor", "admin", "evaluator")) {
            Response read = as(countyWide).when().get(url);
            check(pii, countyWide + " sees the complainant masked", read.statusCode() == 200
                    && Boolean.TRUE.equals(read.path("complainant.masked")) && noPii(read.asString()), read.asString());
            Response list = as(countyWide).when().get("/api/v1/complaints?size=100");
            check(pii, countyWide + "'s list names no complainant", list.statusCode() == 200 && noPii(list.asString()), list.asString());
        }
        for (String reader : List.of("intake", "supervisor")) {
            Response history = as(reader).when().get(url + "/history");
            check(pii, reader + ": the audit trail holds no personal data", history.statusCode() == 200 && noPii(history.asString()),
                    history.asString());
        }

        // An anonymous complaint: nobody, not even the intake, learns who filed it.
        Response anonymous = as("applicant-a").contentType(ContentType.JSON).body(Map.of("channel", "WEB", "category", "attitude",
                "description", "窗口人员态度生硬", "targetDepartment", "market", "anonymous", true)).when().post("/api/v1/complaints");
        assertThat(anonymous.statusCode()).as(anonymous.asString()).isEqualTo(201);
        String anonymousUrl = "/api/v1/complaints/" + anonymous.path("id");
        for (String reader : List.of("intake", "supervisor", "admin")) {
            Response read = as(reader).when().get(anonymousUrl);
            check(pii, reader + " reads the anonymous complaint: anonymous, no identity", read.statusCode() == 200
                    && Boolean.TRUE.equals(read.path("complainant.anonymous")) && read.path("complainant.name") == null
                    && read.path("complainant.phone") == null && !read.asString().contains("applicant-a"), read.asString());
        }
        // the applicant who filed it online sees it through its tracking code only, not through the case API
        denied(area, "applicant-a", "GET", anonymousUrl, null, null);
        denied(area, "applicant-b", "GET", anonymousUrl, null, null);
        assertNoFailures();
    }

    // ---- ratings, rectifications, appeals ---------------------------------------------------------------------

    @Test
    void housingAndApplicantBCannotReadOrChangeMarketsRatingRectificationOrAppeal() {
        String area = "ratings, rectifications, appeals";
        // Demo data: applicant A's completed market case (approval-service's ApplicationDemoData, key "completed").
        String application = UUID.nameUUIDFromBytes("xiaoneng-demo-application:completed".getBytes(StandardCharsets.UTF_8)).toString();
        String tracking = as("applicant-a").when().get("/api/v1/applications/" + application)
                .then().statusCode(200).extract().path("trackingNumber");

        // applicant B, even knowing the case id, cannot rate it without A's tracking number
        Response guessed = as("applicant-b").contentType(ContentType.JSON)
                .body(Map.of("applicationId", application, "trackingNumber", "GUESSED-0000", "level", "VERY_DISSATISFIED"))
                .when().post("/api/v1/ratings");
        check(area, "applicant-b rates A's case with a guessed tracking number", isProblem(guessed, 404), describe(guessed));

        Response rated = null;
        long deadline = System.currentTimeMillis() + 90_000; // the case reaches evaluation's projection through Kafka
        while (System.currentTimeMillis() < deadline) {
            rated = as("applicant-a").contentType(ContentType.JSON)
                    .body(Map.of("applicationId", application, "trackingNumber", tracking, "level", "VERY_DISSATISFIED",
                            "comment", "办事拖拉"))
                    .when().post("/api/v1/ratings");
            if (rated.statusCode() != 404) {
                break;
            }
            sleep(1000);
        }
        assertThat(rated.statusCode()).as(rated.asString()).isEqualTo(201);
        String rating = rated.path("id");
        String ratingUrl = "/api/v1/ratings/" + rating;
        String rectification = pollRectification(rating);
        String rectificationUrl = "/api/v1/rectifications/" + rectification;
        Response appealed = as("head-market").contentType(ContentType.JSON).body(Map.of("reason", "恶意差评"))
                .when().post(ratingUrl + "/appeal");
        assertThat(appealed.statusCode()).as(appealed.asString()).isEqualTo(201);
        String appealUrl = "/api/v1/rating-appeals/" + appealed.path("id");

        Response ratingBefore = as("supervisor").when().get(ratingUrl);
        Response rectificationBefore = as("supervisor").when().get(rectificationUrl);
        Response appealBefore = as("supervisor").when().get(appealUrl);
        String rectificationTag = rectificationBefore.header("ETag");

        for (String outsider : concat(HOUSING, List.of("applicant-b"))) {
            denied(area, outsider, "GET", ratingUrl, null, null);
            denied(area, outsider, "GET", rectificationUrl, null, null);
            denied(area, outsider, "GET", appealUrl, null, null);
            denied(area, outsider, "POST", ratingUrl + "/appeal", null, Map.of("reason", "恶意差评"));
            denied(area, outsider, "POST", rectificationUrl + "/measures", rectificationTag, Map.of("measures", "已整改"));
            denied(area, outsider, "POST", rectificationUrl + "/call-back", rectificationTag, Map.of("reached", true));
            denied(area, outsider, "POST", rectificationUrl + "/re-rating", rectificationTag, Map.of("level", "SATISFIED"));
            for (String list : outsider.startsWith("applicant") ? List.of("/api/v1/ratings")
                    : List.of("/api/v1/ratings", "/api/v1/ratings?department=market", "/api/v1/rectifications",
                    "/api/v1/rectifications?department=market")) {
                Response r = as(outsider).when().get(list);
                check(area, outsider + " lists " + list, r.statusCode() == 403 && isProblem(r, 403)
                        || r.statusCode() == 200 && !r.asString().contains(rating) && !r.asString().contains(rectification), describe(r));
            }
        }
        // The appeal decision is the county's (supervisor/evaluator), never a department's: housing is refused by role.
        for (String official : HOUSING) {
            denied(area, official, "POST", appealUrl + "/decision", appealBefore.header("ETag"), Map.of("upheld", true));
        }

        check(area, "rating unchanged", same(ratingBefore, as("supervisor").when().get(ratingUrl)), "");
        check(area, "rectification unchanged", same(rectificationBefore, as("supervisor").when().get(rectificationUrl)), "");
        check(area, "appeal unchanged", same(appealBefore, as("supervisor").when().get(appealUrl)), "");

        // The rater's name: to himself and county-wide roles only.
        String pii = "rater identity";
        check(pii, "applicant-a sees his own rating", "applicant-a".equals(as("applicant-a").when().get(ratingUrl).path("rater")), "");
        check(pii, "supervisor sees the rater", "applicant-a".equals(ratingBefore.path("rater")), ratingBefore.asString());
        for (String official : MARKET) {
            Response own = as(official).when().get(ratingUrl);
            check(pii, official + " reads his department's rating without the rater", own.statusCode() == 200
                    && own.jsonPath().get("rater") == null && !own.asString().contains("applicant-a"), own.asString());
            Response list = as(official).when().get("/api/v1/ratings?department=market");
            check(pii, official + "'s rating list names no rater", list.statusCode() == 200 && list.asString().contains(rating)
                    && !list.asString().contains("applicant-a"), list.asString());
        }
        Response ownList = as("applicant-a").when().get("/api/v1/ratings");
        check(area, "applicant-a lists his own rating", ownList.statusCode() == 200 && ownList.asString().contains(rating), ownList.asString());
        assertNoFailures();
    }

    // ---- commitments, personal assessments, hospitality spending ----------------------------------------------

    @Test
    void housingCannotReadOrChangeMarketsCommitmentsAssessmentsOrSpending() {
        String area = "commitments, assessments, spending";
        int nextYear = Year.now(ZoneId.of("Asia/Shanghai")).getValue() + 1; // open for submission until its 03-31
        int thisYear = nextYear - 1;

        String commitmentsUrl = "/api/v1/commitments/market/" + nextYear;
        Response drafted = as("head-market").contentType(ContentType.JSON).body(Map.of("commitments", List.of(
                Map.of("kind", "FREE_TEXT", "text", "周六延时服务"),
                Map.of("kind", "ON_TIME_RATE", "target", 95, "text", "按时办结率不低于95%"))))
                .when().put(commitmentsUrl);
        assertThat(drafted.statusCode()).as(drafted.asString()).isIn(200, 201);

        Response assessed = as("head-market").contentType(ContentType.JSON).body(Map.of("year", thisYear,
                "departmentCode", "market", "staffRef", "scope-" + UUID.randomUUID().toString().substring(0, 8), "name", "张三",
                "scores", Map.of("morality", 90, "ability", 88, "diligence", 92, "achievement", 85, "integrity", 95)))
                .when().post("/api/v1/personal-assessments");
        assertThat(assessed.statusCode()).as(assessed.asString()).isEqualTo(201);
        String assessmentUrl = "/api/v1/personal-assessments/" + assessed.path("id");

        String spendingUrl = "/api/v1/hospitality-spending/market/" + thisYear;
        Response spent = as("head-market").contentType(ContentType.JSON).body(Map.of("amount", 12345.67)).when().put(spendingUrl);
        assertThat(spent.statusCode()).as(spent.asString()).isIn(200, 201);

        Response commitmentsBefore = as("evaluator").when().get(commitmentsUrl);
        Response assessmentBefore = as("evaluator").when().get(assessmentUrl);
        String spendingBefore = as("evaluator").when().get("/api/v1/hospitality-spending?year=" + thisYear).asString();
        Map<String, Object> scores = Map.of("morality", 10, "ability", 10, "diligence", 10, "achievement", 10, "integrity", 10);

        for (String outsider : List.of("head-housing", "clerk-housing")) {
            denied(area, outsider, "GET", commitmentsUrl, null, null);
            denied(area, outsider, "PUT", commitmentsUrl, commitmentsBefore.header("ETag"),
                    Map.of("commitments", List.of(Map.of("kind", "FREE_TEXT", "text", "篡改"))));
            denied(area, outsider, "POST", commitmentsUrl + "/submission", commitmentsBefore.header("ETag"), Map.of());
        }
        for (String outsider : List.of("head-housing")) { // the only department role these resources admit
            denied(area, outsider, "GET", assessmentUrl, null, null);
            denied(area, outsider, "PUT", assessmentUrl + "/scores", assessmentBefore.header("ETag"), scores);
            denied(area, outsider, "POST", "/api/v1/personal-assessments", null, Map.of("year", thisYear, "departmentCode", "market",
                    "staffRef", "scope-intruder", "name", "李四", "scores", scores));
            denied(area, outsider, "POST", "/api/v1/personal-assessments/grading", null, Map.of("year", thisYear, "departmentCode", "market"));
            denied(area, outsider, "PUT", spendingUrl, null, Map.of("amount", 1));
            Response list = as(outsider).when().get("/api/v1/personal-assessments?year=" + thisYear + "&department=market");
            check(area, outsider + " lists market's assessments", list.statusCode() == 403 && isProblem(list, 403)
                    || list.statusCode() == 200 && !list.asString().contains(assessed.path("id").toString()), describe(list));
            Response spending = as(outsider).when().get("/api/v1/hospitality-spending?year=" + thisYear);
            check(area, outsider + " lists the hospitality spending", spending.statusCode() == 200
                    && !spending.asString().contains("\"market\""), describe(spending));
        }
        check(area, "commitments unchanged", same(commitmentsBefore, as("evaluator").when().get(commitmentsUrl)), "");
        check(area, "assessment unchanged", same(assessmentBefore, as("evaluator").when().get(assessmentUrl)), "");
        check(area, "spending unchanged", spendingBefore.equals(as("evaluator").when().get("/api/v1/hospitality-spending?year=" + thisYear).asString()), "");
        assertNoFailures();
    }

    // ---- window-post attendance (evaluation) -------------------------------------------------------------------

    @Test
    void housingCannotReadOrEnterTheAttendanceOfMarketsWindowPosts() {
        String area = "window-post attendance";
        // Two months back: AuditTrailTest enters last month's figure for the same post.
        String month = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusMonths(2).toString().substring(0, 7);
        String url = "/api/v1/assessments/attendance/market-acceptance/" + month;
        Response entered = as("head-market").header("If-Match", "*").contentType(ContentType.JSON)
                .body(Map.of("dueDays", 21, "presentDays", 19)).when().put(url);
        assertThat(entered.statusCode()).as(entered.asString()).isEqualTo(200);
        Response before = as("supervisor").when().get(url);

        for (String outsider : List.of("head-housing", "clerk-housing", "approver-housing")) {
            denied(area, outsider, "GET", url, null, null);
            Response ranking = as(outsider).when().get("/api/v1/assessments/posts?period=" + month);
            check(area, outsider + " ranks market's posts", ranking.statusCode() == 403 && isProblem(ranking, 403)
                    || ranking.statusCode() == 200 && !ranking.asString().contains("market-acceptance"), describe(ranking));
        }
        // head-housing holds the role that enters attendance, but not for a window that does not serve housing
        denied(area, "head-housing", "PUT", url, before.header("ETag"), Map.of("dueDays", 21, "presentDays", 21));
        denied(area, "head-housing", "PUT", "/api/v1/assessments/attendance/market-approval/" + month, null,
                Map.of("dueDays", 21, "presentDays", 21));
        check(area, "attendance unchanged", same(before, as("supervisor").when().get(url)), "");
        Response notEntered = as("supervisor").when().get("/api/v1/assessments/attendance/market-approval/" + month);
        check(area, "nothing entered for market-approval", notEntered.statusCode() == 404, describe(notEntered));
        assertNoFailures();
    }

    // ---- accountability cases (evaluation) ---------------------------------------------------------------------

    @Test
    void housingCannotReadOrChangeMarketsAccountabilityCase() {
        String area = "accountability cases";
        // A year-end survey in which 7 of 30 respondents are dissatisfied with market (23 %): an explanation case.
        int year = java.util.stream.IntStream.rangeClosed(2001, 2099)
                .filter(y -> as("evaluator").when().get("/api/v1/surveys/" + y).statusCode() == 404).findFirst().orElseThrow();
        Response opened = as("evaluator").contentType(ContentType.JSON).body(Map.of("year", year)).when().post("/api/v1/surveys");
        assertThat(opened.statusCode()).as(opened.asString()).isEqualTo(201);
        List<Map<String, Object>> sheets = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sheets.add(Map.of("reference", "SCOPE-" + year + "-" + i, "respondentType", "INDIVIDUAL",
                    "ballots", List.of(Map.of("departmentCode", "market", "verdict", i < 7 ? "DISSATISFIED" : "SATISFIED"))));
        }
        Response registered = as("evaluator").contentType(ContentType.JSON).body(Map.of("sheets", sheets))
                .when().post("/api/v1/surveys/" + year + "/sheets");
        assertThat(registered.statusCode()).as(registered.asString()).isIn(200, 201);
        Response closed = as("evaluator").header("If-Match", as("evaluator").when().get("/api/v1/surveys/" + year).header("ETag"))
                .when().post("/api/v1/surveys/" + year + "/closing");
        assertThat(closed.statusCode()).as(closed.asString()).isEqualTo(200);
        List<String> ids = as("evaluator").when().get("/api/v1/accountability-cases?source=SURVEY&year=" + year + "&department=market")
                .then().statusCode(200).extract().path("items.id");
        assertThat(ids).as("market's explanation case of %d", year).hasSize(1);
        String caseId = ids.get(0);
        String url = "/api/v1/accountability-cases/" + caseId;
        Response before = as("evaluator").when().get(url);
        String etag = before.header("ETag");

        for (String outsider : concat(HOUSING, List.of("applicant-a", "applicant-b"))) {
            denied(area, outsider, "GET", url, null, null);
            denied(area, outsider, "POST", url + "/statement", etag, Map.of("text", "越权说明"));
            denied(area, outsider, "POST", url + "/justification", etag, Map.of("text", "越权理由"));
            for (String decision : List.of("closure", "justification-acceptance", "justification-rejection", "resignation")) {
                denied(area, outsider, "POST", url + "/" + decision, etag, Map.of("reason", "越权决定"));
            }
            for (String list : List.of("/api/v1/accountability-cases?year=" + year, "/api/v1/accountability-cases?department=market&year=" + year)) {
                Response r = as(outsider).when().get(list);
                check(area, outsider + " lists " + list, isProblem(r, 403) || r.statusCode() == 200 && !r.asString().contains(caseId), describe(r));
            }
            Response results = as(outsider).when().get("/api/v1/surveys/" + year + "/results");
            check(area, outsider + " reads the survey results without market's", isProblem(results, 403) || isProblem(results, 404)
                    || results.statusCode() == 200 && !results.asString().contains("\"market\"") && !results.asString().contains(caseId),
                    describe(results));
        }
        check(area, "market's case unchanged", same(before, as("evaluator").when().get(url)), "");
        // scope, not a broken operation: market's head reads it and answers it
        Response own = as("head-market").when().get(url);
        check(area, "head-market reads his department's case", own.statusCode() == 200, describe(own));
        Response answered = as("head-market").header("If-Match", own.header("ETag")).contentType(ContentType.JSON)
                .body(Map.of("text", "情况说明")).when().post(url + "/statement");
        check(area, "head-market submits the statement", answered.statusCode() / 100 == 2, describe(answered));
        assertNoFailures();
    }

    // ---- appointments at a window: bookings, attendance and no-shows (approval) --------------------------------

    @Test
    void housingCannotReadOrMarkBookingsAtMarketsWindowNorManageItsSlots() {
        String area = "appointments at market's window";
        List<Integer> slots = as("applicant-a").when().get("/api/v1/appointment-slots?window=market-window&available=true")
                .then().statusCode(200).extract().path("id");
        assertThat(slots).as("demo slots at market's window").isNotEmpty();
        String slotUrl = "/api/v1/appointment-slots/" + slots.get(0);
        Response booked = as("applicant-a").contentType(ContentType.JSON)
                .body(Map.of("slotId", slots.get(0), "itemCode", "34112201000104001000")).when().post("/api/v1/appointments");
        assertThat(booked.statusCode()).as(booked.asString()).isIn(201, 409); // 409: booked already by an earlier run
        String id = booked.statusCode() == 201 ? booked.path("id") : booked.path("appointmentId");
        String url = "/api/v1/appointments/" + id;
        Response before = as("clerk-market").when().get(url);
        assertThat(before.statusCode()).as(before.asString()).isEqualTo(200);
        Response slotBefore = as("head-market").when().get(slotUrl);
        String slotTag = slotBefore.header("ETag");
        String slotDate = slotBefore.path("date");
        String slotStart = slotBefore.path("start");
        String slotEnd = slotBefore.path("end");

        for (String outsider : concat(HOUSING, List.of("applicant-b"))) {
            denied(area, outsider, "GET", url, null, null);
            for (String command : List.of("attendance", "no-show", "cancellation")) {
                denied(area, outsider, "POST", url + "/" + command, null, null);
            }
            denied(area, outsider, "GET", "/api/v1/appointments?window=market-window", null, null);
            Response mine = as(outsider).when().get("/api/v1/appointments/mine");
            check(area, outsider + "'s own bookings hold none of applicant-a's", mine.statusCode() == 200 && !mine.asString().contains(id),
                    describe(mine));
            if (!outsider.startsWith("applicant")) {
                denied(area, outsider, "PUT", slotUrl, slotTag, Map.of("date", slotDate, "start", slotStart,
                        "end", slotEnd, "capacity", 99));
                denied(area, outsider, "DELETE", slotUrl + "?cancelBookings=true&reason=x", slotTag, null);
                denied(area, outsider, "POST", "/api/v1/appointment-slots", null, Map.of("windowCode", "market-window",
                        "date", slotDate, "start", "23:50", "end", "23:55", "kind", "REGULAR", "capacity", 1));
            }
        }
        // the applicant's identity: to himself and the window's officials, not in other people's lists
        String pii = "booking applicant";
        for (String official : MARKET) {
            Response own = as(official).when().get(url);
            check(pii, official + " (the window's department) reads the booking and whose it is", own.statusCode() == 200
                    && "applicant-a".equals(own.path("applicant")), describe(own));
        }
        Response window = as("clerk-market").when().get("/api/v1/appointments?window=market-window&size=100");
        check(area, "clerk-market lists his window's bookings", window.statusCode() == 200, describe(window));
        check(area, "the booking unchanged", same(before, as("clerk-market").when().get(url)), "");
        check(area, "the slot unchanged", same(slotBefore, as("head-market").when().get(slotUrl)), "");
        assertNoFailures();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Registered by the intake by telephone, accepted and dispatched to market. */
    private static String registerAndDispatch(String description, boolean anonymous) {
        Response registered = as("intake").contentType(ContentType.JSON).body(Map.of("channel", "HOTLINE_12345", "category", "delay",
                "description", description, "targetDepartment", "market", "anonymous", anonymous,
                "complainant", Map.of("name", NAME, "phone", PHONE))).when().post("/api/v1/complaints");
        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(201);
        String id = registered.path("id");
        String url = "/api/v1/complaints/" + id;
        Response accepted = as("intake").header("If-Match", registered.header("ETag")).when().post(url + "/accept");
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(200);
        Response dispatched = as("intake").header("If-Match", accepted.header("ETag")).contentType(ContentType.JSON)
                .body(Map.of("department", "market")).when().post(url + "/dispatch");
        assertThat(dispatched.statusCode()).as(dispatched.asString()).isEqualTo(200);
        return id;
    }

    private static String pollRectification(String rating) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            List<String> ids = as("supervisor").when().get("/api/v1/rectifications?size=100")
                    .then().statusCode(200).extract().path("items.findAll { it.ratingId == '" + rating + "' }.id");
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
            assertThat(System.currentTimeMillis()).as("the bad review opened a rectification").isLessThan(deadline);
            sleep(500);
        }
    }

    /** One denial case: 403 or 404, an RFC 9457 problem whose status is the response's. */
    private static void denied(String area, String who, String method, String url, String etag, Object body) {
        RequestSpecification spec = as(who);
        if (etag != null) {
            spec.header("If-Match", etag);
        }
        if (body != null) {
            spec.contentType(ContentType.JSON).body(body);
        }
        Response r = spec.when().request(method, url);
        check(area, who + " " + method + " " + url, isProblem(r, 403) || isProblem(r, 404), describe(r));
    }

    private static boolean isProblem(Response r, int status) {
        String type = r.contentType();
        return r.statusCode() == status && type != null && type.startsWith("application/problem+json")
                && Integer.valueOf(status).equals(r.path("status")) && r.path("title") != null;
    }

    private static boolean same(Response before, Response after) {
        return after.statusCode() == 200 && java.util.Objects.equals(before.header("ETag"), after.header("ETag"))
                && before.asString().equals(after.asString());
    }

    private static boolean noPii(String text) {
        return !text.contains(NAME) && !text.contains(PHONE);
    }

    private static String describe(Response r) {
        String body = r.asString();
        return r.statusCode() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }

    static synchronized void check(String area, String what, boolean ok, String detail) {
        int[] row = TABLE.computeIfAbsent(area, a -> new int[2]);
        row[0]++;
        if (!ok) {
            row[1]++;
            FAILURES.add(area + ": " + what + " → " + detail);
        }
    }

    private static void assertNoFailures() {
        assertThat(FAILURES).as("object-level access and PII cases that failed (see the table)").isEmpty();
    }

    static RequestSpecification as(String who) {
        RequestSpecification spec = given().baseUri(RunningStack.gatewayUrl()).filter(RateLimitRetry.INSTANCE);
        return who == null ? spec : spec.auth().oauth2(Tokens.of(who));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
