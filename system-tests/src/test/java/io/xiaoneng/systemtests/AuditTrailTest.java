package io.xiaoneng.systemtests;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.xiaoneng.systemtests.OpenApiOperations.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail, end to end on the running stack.
 *
 * <p><b>Coverage</b>: every state-changing operation (every non-GET operation of the services' OpenAPI documents, as
 * the authorization matrix walks them) is called successfully with the demo users' real tokens, and each call must
 * leave, in that service's database, a new audit record by the caller — who ({@code actor}), when ({@code at}, within
 * the call), what (aggregate type and id, action; for approval's applications {@code application_history}: command)
 * and the state after (and before, for a change of an existing object). An operation neither exercised here nor in
 * one of the documented exclusion lists below fails the test, so a new operation cannot slip through.
 *
 * <p><b>Append-only</b>: UPDATE, DELETE and TRUNCATE of every audit table are refused by the database itself, for the
 * services' own database user (the one they connect with), each attempt inside a transaction that is rolled back.
 */
@Order(13)
class AuditTrailTest {

    /** The database account the services connect with (the documented development account, see SecretsTest). */
    static final String DB_USER = "xiaoneng";
    static final String DB_PASSWORD = "xiaoneng";

    /** Audit tables per service database. */
    static final Map<String, List<String>> AUDIT_TABLES = Map.of(
            "approval", List.of("audit_record", "application_history"),
            "complaint", List.of("audit_record"),
            "evaluation", List.of("audit_record"),
            "integration", List.of("audit_record"));

    /** Operations that change no state although they are not GETs. */
    static final Map<String, String> NOT_STATE_CHANGES = Map.of();

    /**
     * Operations that cannot succeed on a freshly started stack through its API, with why; each is proven audited
     * by the service's own tests.
     */
    static final Map<String, String> CANNOT_SUCCEED_HERE = Map.of(
            "approveReport", "four eyes: a committee member other than the drafter must approve, and the realm has one evaluator (ReportTest)",
            "checkCommitments", "the year-end check needs an ended year whose commitments were submitted before its 03-31 deadline: only with a moved clock (CommitmentApiTest)",
            "assessCommitment", "follows the year-end check (CommitmentApiTest)",
            "replayDelivery", "needs a delivery to a subscriber that failed for good (DeliveryTest)",
            "redriveDeadLetter", "needs an event a consumer gave up on, which a healthy stack does not produce (evaluation's DeadLetterRedriveTest)",
            "redriveDeadLetters", "audits each dead letter it redrives, and a healthy stack has none (evaluation's DeadLetterRedriveTest)");

    /**
     * Known defects found by this test: state changes that leave no audit record. Empty since approval-service audits
     * its reference data, catalog, slots, bookings and calendar (issue 8); a defect found later is listed here with
     * its reason until its service records it, and must leave the list then (the test fails on a stale entry).
     */
    static final Map<String, String> KNOWN_UNAUDITED = new TreeMap<>();

    /** Not yet exercised by this test (to do): none. */
    static final Map<String, String> NOT_YET_EXERCISED = new TreeMap<>();

    record Audited(String service, String operationId, String who, String table, String actor, String what) {}

    static final Map<String, Audited> COVERED = new LinkedHashMap<>();
    static final List<String> FAILURES = new ArrayList<>();

    @BeforeAll
    static void stack() throws Exception {
        SystemStack.get();
    }

    /**
     * The effects of these calls that travel by Kafka (projections in evaluation-service, integration's deliveries)
     * settle before the next class, whose fuzzing counts every table's rows before and after.
     */
    @AfterAll
    static void settle() throws Exception {
        Map<String, Long> last = ApiFuzzTest.rowCounts();
        long deadline = System.currentTimeMillis() + 60_000;
        int stable = 0;
        while (stable < 2 && System.currentTimeMillis() < deadline) {
            sleep(2000);
            Map<String, Long> now = ApiFuzzTest.rowCounts();
            stable = now.equals(last) ? stable + 1 : 0;
            last = now;
        }
    }

    // ---- append-only ------------------------------------------------------------------------------------------

    @Test
    void auditTablesRefuseUpdateDeleteAndTruncateEvenForTheServicesOwnUser() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<String, int[]> table = new TreeMap<>(); // db.table → attempts, refused
        for (Map.Entry<String, List<String>> db : AUDIT_TABLES.entrySet()) {
            try (Connection c = DriverManager.getConnection(SystemStack.jdbcUrl(db.getKey()), DB_USER, DB_PASSWORD)) {
                c.setAutoCommit(false);
                for (String audit : db.getValue()) {
                    long rowsBefore = count(c, audit);
                    long probe = insertProbe(c, audit); // an own row, so the row triggers have something to refuse
                    for (String statement : List.of(
                            "update " + audit + " set actor = 'tampered' where id = " + probe,
                            "update " + audit + " set actor = 'tampered'",
                            "delete from " + audit + " where id = " + probe,
                            "delete from " + audit,
                            "truncate " + audit,
                            "truncate " + audit + " cascade")) {
                        int[] row = table.computeIfAbsent(db.getKey() + "." + audit, k -> new int[2]);
                        row[0]++;
                        Savepoint sp = c.setSavepoint();
                        try (Statement s = c.createStatement()) {
                            s.execute(statement);
                            failures.add(db.getKey() + ": '" + statement + "' was accepted");
                        } catch (SQLException refused) {
                            if (refused.getMessage().contains("append-only")) {
                                row[1]++;
                            } else {
                                failures.add(db.getKey() + ": '" + statement + "' failed otherwise: " + refused.getMessage());
                            }
                        }
                        c.rollback(sp);
                    }
                    c.rollback(); // the probe never commits
                    long rowsAfter = count(c, audit);
                    c.rollback();
                    if (rowsAfter < rowsBefore) {
                        failures.add(db.getKey() + "." + audit + " lost rows: " + rowsBefore + " → " + rowsAfter);
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder("\n## Audit tables append-only (as the services' database user)\n\n")
                .append("| table | statements tried | refused by the database | failures |\n|---|---:|---:|---:|\n");
        table.forEach((t, r) -> sb.append(String.format("| %s | %d | %d | %d |%n", t, r[0], r[1], r[0] - r[1])));
        failures.forEach(f -> sb.append("- ").append(f).append('\n'));
        System.out.println(sb);
        assertThat(failures).isEmpty();
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long insertProbe(Connection c, String table) throws SQLException {
        String sql = table.equals("application_history")
                ? "insert into application_history (application_id, at, actor, command, from_state, to_state) "
                  + "select id, now(), 'audit-test', 'probe', null, 'SUBMITTED' from application limit 1 returning id"
                : "insert into audit_record (at, actor, aggregate_type, aggregate_id, action) "
                  + "values (now(), 'audit-test', 'probe', 'probe', 'probe') returning id";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a probe row in %s (approval has demo applications)", table).isTrue();
            return rs.getLong(1);
        }
    }

    // ---- coverage ---------------------------------------------------------------------------------------------

    @Test
    void everySuccessfulStateChangeOfEveryServiceLeavesAnAuditRecord() throws Exception {
        approvalApplications();
        approvalReferenceDataAndAppointments();
        complaints();
        evaluationRatings();
        evaluationCommitmentsAssessmentsSpending();
        evaluationSurveyTargetsAccountability();
        evaluationReportsAndProjections();
        integrationSubscribers();
        administration();

        // Every non-GET operation of every service: covered here or excluded with its reason.
        Map<String, int[]> table = new TreeMap<>(); // service → mutating, audited, excluded, not covered, failures
        List<String> uncovered = new ArrayList<>();
        for (String service : OpenApiOperations.SERVICES) {
            int[] row = table.computeIfAbsent(service, s -> new int[5]);
            for (Operation op : OpenApiOperations.of(service)) {
                if (!op.mutating()) {
                    continue;
                }
                row[0]++;
                String id = op.operationId();
                if (COVERED.containsKey(id)) {
                    row[1]++;
                } else if (NOT_STATE_CHANGES.containsKey(id) || CANNOT_SUCCEED_HERE.containsKey(id)
                        || KNOWN_UNAUDITED.containsKey(id) || NOT_YET_EXERCISED.containsKey(id)) {
                    row[2]++;
                } else {
                    row[3]++;
                    uncovered.add(op.toString());
                }
            }
            row[4] = (int) FAILURES.stream().filter(f -> f.startsWith(service + " ")).count();
        }
        StringBuilder sb = new StringBuilder("\n## Audit coverage: every state-changing operation × a successful call\n\n")
                .append("| service | state-changing operations | called, audit record found | excluded (listed) | neither | failures |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        table.forEach((s, r) -> sb.append(String.format("| %s | %d | %d | %d | %d | %d |%n", s, r[0], r[1], r[2], r[3], r[4])));
        sb.append("\ncannot succeed on a fresh stack: ").append(CANNOT_SUCCEED_HERE.keySet())
                .append("\nknown unaudited (defects, follow-up): ").append(KNOWN_UNAUDITED.keySet())
                .append("\nnot yet exercised: ").append(NOT_YET_EXERCISED.keySet())
                .append("\nneither covered nor excluded: ").append(uncovered.isEmpty() ? "none" : uncovered).append('\n');
        FAILURES.stream().limit(100).forEach(f -> sb.append("- ").append(f).append('\n'));
        System.out.println(sb);

        assertThat(uncovered).as("state-changing operations neither exercised nor excluded with a reason").isEmpty();
        assertThat(FAILURES).as("successful state changes without their audit record (see the table)").isEmpty();
        Set<String> stale = COVERED.keySet().stream().filter(KNOWN_UNAUDITED::containsKey).collect(Collectors.toSet());
        assertThat(stale).as("now audited: remove from KNOWN_UNAUDITED").isEmpty();
    }

    // ---- approval-service: the application lifecycle (application_history) -----------------------------------

    static final String FIRM_REGISTRATION = "34112201000104001000"; // market, simple
    static final String BUSINESS_START = "34112201000104101000";    // market + natural-resources + housing, parallel

    /** The completed market application applicant A rates below. */
    static String completedApplication;
    static String completedTracking;

    private void approvalApplications() {
        String simple = file("applicant-a", FIRM_REGISTRATION);
        String url = "/api/v1/applications/" + simple;
        call("approval", "acceptApplication", "clerk-market", "POST", url + "/acceptance", Map.of());
        call("approval", "startReview", "approver-market", "POST", url + "/review", null);
        call("approval", "pauseApplication", "approver-market", "POST", url + "/pauses", Map.of("reason", "INSPECTION", "note", "现场核查"));
        call("approval", "resumeApplication", "approver-market", "POST", url + "/resumption", null);
        call("approval", "extendApplication", "head-market", "POST", url + "/extension", Map.of("reason", "情况复杂", "days", 5));
        call("approval", "approveApplication", "approver-market", "POST", url + "/approval", Map.of("note", "符合条件"));
        call("approval", "deliverCertificate", "clerk-market", "POST", url + "/certificate-delivery",
                Map.of("method", "ELECTRONIC", "certificateNumber", "AUDIT-" + simple.substring(0, 8)));
        call("approval", "completeApplication", "clerk-market", "POST", url + "/completion", null);
        completedApplication = simple;
        completedTracking = as("applicant-a", "approval").when().get(url).then().statusCode(200).extract().path("trackingNumber");

        String supplement = file("applicant-a", FIRM_REGISTRATION);
        String s = "/api/v1/applications/" + supplement;
        call("approval", "requestSupplement", "clerk-market", "POST", s + "/supplement-request",
                Map.of("missingMaterials", List.of("营业执照复印件"), "note", "一次性告知"));
        call("approval", "resubmitApplication", "applicant-a", "POST", s + "/resubmission", Map.of("materials", List.of("营业执照复印件")));
        call("approval", "acceptApplication", "clerk-market", "POST", s + "/acceptance", Map.of());
        call("approval", "startReview", "approver-market", "POST", s + "/review", null);
        call("approval", "denyApplication", "head-market", "POST", s + "/denial", Map.of("reasons", "不符合法定条件"));

        String withdrawn = file("applicant-a", FIRM_REGISTRATION);
        call("approval", "withdrawApplication", "applicant-a", "POST", "/api/v1/applications/" + withdrawn + "/withdrawal",
                Map.of("reason", "不再需要"));
        String rejected = file("applicant-b", FIRM_REGISTRATION);
        call("approval", "rejectApplication", "clerk-market", "POST", "/api/v1/applications/" + rejected + "/rejection",
                Map.of("reason", "不属本机关职权", "remedy", "向有权机关申请"));

        call("approval", "submitExternalApplication", "province-platform", "POST", "/api/v1/applications/external",
                Map.of("externalReference", "AUDIT-" + UUID.randomUUID(), "itemCode", FIRM_REGISTRATION, "channel", "PROVINCIAL_PLATFORM",
                        "materials", List.of("申请书"), "applicant",
                        Map.of("kind", "PERSON", "name", "审计测试", "idNumber", "11010519491231002X", "phone", "13812345678")),
                Set.of("province-platform", "service-account-province-platform"), Map.of("Idempotency-Key", UUID.randomUUID().toString()));

        String parallel = file("applicant-b", BUSINESS_START);
        String p = "/api/v1/applications/" + parallel;
        call("approval", "acceptApplication", "clerk-market", "POST", p + "/acceptance", Map.of());
        call("approval", "startReview", "approver-market", "POST", p + "/review", null);
        call("approval", "approveSubCase", "approver-market", "POST", p + "/sub-cases/market/approval", Map.of("note", "同意"));
        call("approval", "denySubCase", "approver-housing", "POST", p + "/sub-cases/housing/denial", Map.of("reasons", "不符合条件"));

        // 容缺受理: the parallel business start-up allows acceptance on a pledge; the pledged material handed in later
        String pledged = "/api/v1/applications/" + file("applicant-a", BUSINESS_START);
        call("approval", "acceptApplication", "clerk-market", "POST", pledged + "/acceptance",
                Map.of("pledge", Map.of("missingMaterials", List.of("消防安全检查意见书"))));
        call("approval", "fulfilPledge", "clerk-market", "POST", pledged + "/pledge-fulfilment",
                Map.of("materials", List.of("消防安全检查意见书")));
    }

    // ---- approval-service: reference data, catalog, calendar, slots and bookings (audit_record) -----------------

    /**
     * Slots can only be made for the future, attendance is recorded from the slot's day on and a no-show only after
     * the slot ended: so a slot of today starting in a minute, booked at once, attended by one applicant, and the
     * other's no-show recorded once it is over (the other calls run meanwhile).
     */
    private void approvalReferenceDataAndAppointments() {
        ZoneId center = ZoneId.of("Asia/Shanghai");
        LocalDate today = LocalDate.now(center);
        java.time.LocalTime start = java.time.LocalTime.now(center).plusSeconds(60).withNano(0);
        java.time.LocalTime end = start.plusSeconds(20);
        boolean workingDay = today.toString().equals(as(null, "approval").when()
                .get("/api/v1/calendar/working-days?from=" + today.minusDays(1) + "&days=1").then().statusCode(200).extract().path("date"));
        String s = "/api/v1/appointment-slots";
        long slot = ((Number) call("approval", "createSlot", "head-market", "POST", s, Map.of("windowCode", "market-window",
                "date", today.toString(), "start", start.toString(), "end", end.toString(), "kind", workingDay ? "REGULAR" : "HOLIDAY",
                "capacity", 5)).path("id")).longValue();
        String a = "/api/v1/appointments";
        String cancelled = call("approval", "bookAppointment", "applicant-a", "POST", a,
                Map.of("slotId", slot, "itemCode", FIRM_REGISTRATION), Set.of("applicant-a"), Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                .path("id");
        call("approval", "cancelAppointment", "applicant-a", "POST", a + "/" + cancelled + "/cancellation", null, Set.of("applicant-a"));
        String attended = as("applicant-a", "approval").contentType(ContentType.JSON).body(Map.of("slotId", slot, "itemCode", FIRM_REGISTRATION))
                .when().post(a).then().statusCode(201).extract().path("id");
        String missed = as("applicant-b", "approval").contentType(ContentType.JSON).body(Map.of("slotId", slot, "itemCode", FIRM_REGISTRATION))
                .when().post(a).then().statusCode(201).extract().path("id");
        call("approval", "markAttended", "clerk-market", "POST", a + "/" + attended + "/attendance", null);

        // slots generated for the coming week (within the year: the calendar has no data beyond it), one edited, one removed
        LocalDate from = today.plusDays(1);
        LocalDate to = from.plusDays(6).getYear() == today.getYear() ? from.plusDays(6) : LocalDate.of(today.getYear(), 12, 31);
        int minute = new java.util.Random().nextInt(120);
        String time = String.format("%02d:%02d", 6 + minute / 60, minute % 60);
        List<Map<String, Object>> generated = call("approval", "generateSlots", "head-market", "POST", s + "/generation",
                Map.of("windowCode", "market-window", "from", from.toString(), "to", to.toString(), "kind", "REGULAR",
                        "times", List.of(Map.of("start", time, "end", java.time.LocalTime.parse(time).plusMinutes(20).toString(), "capacity", 3))))
                .jsonPath().getList("created");
        if (generated.size() >= 2) {
            Map<String, Object> edited = generated.get(0);
            call("approval", "updateSlot", "head-market", "PUT", s + "/" + edited.get("id"), Map.of("date", edited.get("date"),
                    "start", edited.get("start"), "end", edited.get("end"), "capacity", 4));
            String removed = s + "/" + generated.get(1).get("id");
            call("approval", "removeSlot", "head-market", "DELETE", removed, null, Set.of("head-market"),
                    Map.of("If-Match", as("head-market", "approval").when().get(removed).then().statusCode(200).extract().header("ETag")));
        } else {
            FAILURES.add("approval generateSlots: " + generated.size() + " slots from " + from + " to " + to + ", two needed to edit and remove");
        }

        // departments, windows and posts
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String department = "audit-" + tag;
        call("approval", "createDepartment", "admin", "POST", "/api/v1/departments",
                Map.of("code", department, "name", "审计测试局", "kind", "COUNTY_AGENCY"));
        call("approval", "updateDepartment", "admin", "PUT", "/api/v1/departments/" + department,
                Map.of("name", "审计测试局（更名）", "active", true));
        String window = "audit-window-" + tag;
        Map<String, Object> windowData = new HashMap<>(Map.of("name", "审计测试窗口", "number", "Z" + tag.toUpperCase().substring(0, 6),
                "departmentCodes", List.of(department), "location", "二楼", "extendedHours", false, "holidayService", false));
        Map<String, Object> newWindow = new HashMap<>(windowData);
        newWindow.put("code", window);
        call("approval", "createWindow", "admin", "POST", "/api/v1/windows", newWindow);
        windowData.put("location", "三楼");
        windowData.put("active", true);
        call("approval", "updateWindow", "admin", "PUT", "/api/v1/windows/" + window, windowData);
        String post = "audit-post-" + tag;
        call("approval", "createPost", "admin", "POST", "/api/v1/posts", Map.of("code", post, "windowCode", window,
                "title", "审计测试岗", "responsibilities", "收件", "assignees", List.of()));
        call("approval", "updatePost", "admin", "PUT", "/api/v1/posts/" + post, Map.of("windowCode", window,
                "title", "审计测试岗", "responsibilities", "收件、告知", "assignees", List.of("clerk-market")));
        String postUrl = "/api/v1/posts/" + post;
        call("approval", "deletePost", "admin", "DELETE", postUrl, null, Set.of("admin"),
                Map.of("If-Match", as("admin", "approval").when().get(postUrl).then().statusCode(200).extract().header("ETag")));

        // the catalog: registered, revised, cancelled; and an import
        String item = "AUDIT" + tag.toUpperCase();
        Map<String, Object> terms = new HashMap<>(Map.of("name", "审计测试事项", "category", "ADMINISTRATIVE_LICENSE",
                "legalBasis", "《中华人民共和国行政许可法》第四十二条", "statutoryLimitDays", 20, "committedLimitDays", 10,
                "online", true, "maxVisits", 1, "fees", List.of(),
                "materials", List.of(Map.of("name", "申请书", "form", "ORIGINAL", "copies", 1, "mandatory", true))));
        call("approval", "registerCatalogItem", "admin", "POST", "/api/v1/catalog/items",
                Map.of("implementationCode", item, "basicCode", "000199001000", "departmentCode", department, "terms", terms));
        String itemUrl = "/api/v1/catalog/items/" + item;
        terms.put("committedLimitDays", 5);
        call("approval", "reviseCatalogItem", "admin", "POST", itemUrl + "/versions", terms);
        call("approval", "cancelCatalogItem", "admin", "POST", itemUrl + "/cancellation",
                Map.of("cancelDocument", "审计测试决定", "cancelledOn", today.toString()), Set.of("admin"),
                Map.of("If-Match", as("admin", "approval").when().get(itemUrl).then().statusCode(200).extract().header("ETag")));
        call("approval", "importCatalogItems", "admin", "POST", "/api/v1/catalog/imports", Map.of("items", List.of(Map.of(
                "implementationCode", item + "-I", "basicCode", "000199002000", "departmentCode", department, "name", "审计导入事项",
                "category", "PUBLIC_SERVICE", "legalBasis", "《不动产登记暂行条例》第二十条", "statutoryLimitDays", 30, "committedLimitDays", 5))));

        // the calendar: a far year nobody has loaded (a fixture shaped like a notice, not official data)
        int year = IntStream.rangeClosed(2090, 2099)
                .filter(y -> as(null, "approval").when().get("/api/v1/calendar/years/" + y).statusCode() == 404)
                .findFirst().orElseThrow();
        call("approval", "putCalendarYear", "admin", "PUT", "/api/v1/calendar/years/" + year, Map.of("year", year,
                "sources", List.of("https://www.gov.cn/test-fixture/" + year),
                "holidays", List.of(Map.of("name", "元旦", "dates", List.of(year + "-01-01")),
                        Map.of("name", "劳动节", "dates", List.of(year + "-05-01", year + "-05-02")),
                        Map.of("name", "国庆节", "dates", List.of(year + "-10-01", year + "-10-02", year + "-10-03"))),
                "makeUpWorkdays", List.of()));

        // the slot of today is over now (or in a moment): applicant B did not come
        java.time.Instant over = today.atTime(end).atZone(center).toInstant().plusSeconds(2);
        while (java.time.Instant.now().isBefore(over)) {
            sleep(500);
        }
        call("approval", "markNoShow", "clerk-market", "POST", a + "/" + missed + "/no-show", null);
    }

    private String file(String applicant, String item) {
        Response filed = call("approval", "submitApplication", applicant, "POST", "/api/v1/applications",
                Map.of("itemCode", item, "materials", List.of("申请书"), "applicant",
                        Map.of("kind", "PERSON", "name", "审计测试", "idNumber", "11010519491231002X", "phone", "13812345678")));
        return filed.path("application.id");
    }

    // ---- complaint-service --------------------------------------------------------------------------------------

    private void complaints() {
        Response registered = call("complaint", "registerComplaint", "intake", "POST", "/api/v1/complaints", complaint("HOTLINE_12345"));
        String id = registered.path("id");
        String tracking = registered.path("trackingCode");
        String c = "/api/v1/complaints/" + id;
        call("complaint", "acceptComplaint", "intake", "POST", c + "/accept", null);
        call("complaint", "dispatchComplaint", "intake", "POST", c + "/dispatch", Map.of("department", "market"));
        call("complaint", "bounceComplaint", "clerk-market", "POST", c + "/bounce", Map.of("reason", "非本部门职责"));
        call("complaint", "dispatchComplaint", "intake", "POST", c + "/dispatch", Map.of("department", "market"));
        call("complaint", "handleComplaint", "clerk-market", "POST", c + "/handle",
                Map.of("finding", "PARTLY_SUBSTANTIATED", "measures", "约谈窗口人员"));
        call("complaint", "replyComplaint", "clerk-market", "POST", c + "/reply", Map.of("text", "已整改，感谢监督"));
        call("complaint", "giveComplaintFeedback", null, "POST", "/api/v1/complaint-tracking/" + tracking + "/feedback",
                Map.of("satisfied", false, "note", "仍不满意"), Set.of("complainant"));
        call("complaint", "reopenComplaintByComplainant", null, "POST", "/api/v1/complaint-tracking/" + tracking + "/reopen",
                Map.of("reason", "问题未解决"), Set.of("complainant"));
        call("complaint", "handleComplaint", "clerk-market", "POST", c + "/handle", Map.of("finding", "SUBSTANTIATED", "measures", "再次整改"));
        call("complaint", "replyComplaint", "clerk-market", "POST", c + "/reply", Map.of("text", "已再次整改"));
        call("complaint", "recordComplaintFeedback", "intake", "POST", c + "/feedback", Map.of("satisfied", true, "note", "回访满意"));
        call("complaint", "closeComplaint", "intake", "POST", c + "/close", null);
        call("complaint", "reopenComplaint", "supervisor", "POST", c + "/reopen", Map.of("reason", "督查复核"));

        String other = call("complaint", "registerComplaint", "intake", "POST", "/api/v1/complaints", complaint("WINDOW")).path("id");
        call("complaint", "linkComplaint", "intake", "POST", c + "/links", Map.of("with", other, "reason", "同一事项"));
        call("complaint", "unlinkComplaint", "intake", "DELETE", c + "/links/" + other, null);
        String master = call("complaint", "registerComplaint", "intake", "POST", "/api/v1/complaints", complaint("LETTER")).path("id");
        call("complaint", "mergeComplaint", "intake", "POST", "/api/v1/complaints/" + other + "/merge", Map.of("into", master));
        call("complaint", "referComplaint", "intake", "POST", "/api/v1/complaints/" + master + "/refer",
                Map.of("referredTo", "市市场监管局", "reason", "超出县级职权"));
        // the bounce limit (2) reached: the supervisor decides who handles it
        String bounced = call("complaint", "registerComplaint", "intake", "POST", "/api/v1/complaints", complaint("WEB")).path("id");
        String b = "/api/v1/complaints/" + bounced;
        call("complaint", "acceptComplaint", "intake", "POST", b + "/accept", null);
        for (int i = 0; i < 2; i++) {
            call("complaint", "dispatchComplaint", "intake", "POST", b + "/dispatch", Map.of("department", "market"));
            call("complaint", "bounceComplaint", "clerk-market", "POST", b + "/bounce", Map.of("reason", "非本部门职责"));
        }
        call("complaint", "decideComplaint", "supervisor", "POST", b + "/decide", Map.of("department", "market", "reason", "属市场监管职责"));

        // Open311: a client registered by the admin files a request with its key (form-encoded, GeoReport v2)
        Response client = call("complaint", "registerOpen311Client", "admin", "POST", "/api/v1/open311-clients",
                Map.of("name", "audit-" + UUID.randomUUID()));
        assertThat(client.statusCode()).as(client.asString()).isEqualTo(201);
        String category = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> categoryBody = Map.of("nameZh", "审计", "nameEn", "Audit", "active", true);
        call("complaint", "putComplaintCategory", "admin", "PUT", "/api/v1/complaint-categories/" + category, categoryBody,
                Set.of("admin"), Map.of("If-Match", "*"));
        call("complaint", "putComplaintCategory", "admin", "PUT", "/api/v1/complaint-categories/" + category, categoryBody);
        call("complaint", "designateMonitoringPoint", "supervisor", "POST", "/api/v1/monitoring-points",
                Map.of("code", "mp-" + category, "name", "审计监测点", "enterpriseName", "县审计有限公司", "townCode", "town-01"));
        Map<String, Long> marks = marks("complaint");
        Instant from = Instant.now().minusSeconds(2);
        Response filed = given().baseUri(SystemStack.serviceUrl("complaint")).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("api_key", client.path("apiKey").toString()).formParam("service_code", "delay")
                .formParam("lat", "31.86").formParam("long", "117.28").formParam("description", "审计测试：窗口排队过长")
                .when().post("/open311/v2/requests.json");
        if (filed.statusCode() / 100 != 2) {
            FAILURES.add("complaint open311CreateRequest → " + filed.statusCode() + " " + filed.asString());
        } else {
            List<String> found = newRecords("complaint", marks, Set.of("open311:" + client.path("client.name")), from, Instant.now().plusSeconds(2));
            if (found.isEmpty()) {
                FAILURES.add("complaint open311CreateRequest: succeeded without an audit record by the client");
            } else {
                COVERED.putIfAbsent("open311CreateRequest", new Audited("complaint", "open311CreateRequest", "open311 client", "", "", found.get(0)));
            }
        }

        call("complaint", "forwardExternalComplaint", "province-platform", "POST", "/api/v1/complaints/external",
                Map.of("externalReference", "AUDIT-" + UUID.randomUUID(), "channel", "PROVINCE", "category", "delay",
                        "description", "省平台转来", "targetDepartment", "market", "anonymous", true),
                Set.of("province-platform", "service-account-province-platform"), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private static Map<String, Object> complaint(String channel) {
        return Map.of("channel", channel, "category", "delay", "description", "审计测试：办事拖延", "targetDepartment", "market",
                "anonymous", false, "complainant", Map.of("name", "审计测试人", "phone", "13512345432"));
    }

    // ---- evaluation-service -------------------------------------------------------------------------------------

    private void evaluationRatings() {
        Response rated = null;
        long deadline = System.currentTimeMillis() + 90_000; // the completed case reaches evaluation through Kafka
        Map<String, Object> rating = Map.of("applicationId", completedApplication, "trackingNumber", completedTracking,
                "level", "VERY_DISSATISFIED", "comment", "审计测试");
        while (System.currentTimeMillis() < deadline) {
            Response probe = as("applicant-a", "evaluation").when().get("/api/v1/ratings"); // keeps the token warm
            rated = as("applicant-a", "evaluation").contentType(ContentType.JSON).body(rating).when().post("/api/v1/ratings");
            if (rated.statusCode() != 404 && rated.statusCode() != 409 || probe.statusCode() != 200) {
                break;
            }
            sleep(1000);
        }
        // the projection has the case now: the audited call proper
        assertThat(rated.statusCode()).as(rated.asString()).isIn(201);
        // rated above outside call(): check its record the same way, from its id
        String ratingId = rated.path("id");
        expectRecord("evaluation", "rateApplication", "applicant-a", "rating", ratingId);
        String rectification = as("supervisor", "evaluation").when().get("/api/v1/rectifications?size=100").then().statusCode(200)
                .extract().path("items.find { it.ratingId == '" + ratingId + "' }.id");
        String r = "/api/v1/rectifications/" + rectification;
        String appeal = call("evaluation", "appealRating", "head-market", "POST", "/api/v1/ratings/" + ratingId + "/appeal",
                Map.of("reason", "疑似恶意差评")).path("id");
        call("evaluation", "decideRatingAppeal", "supervisor", "POST", "/api/v1/rating-appeals/" + appeal + "/decision",
                Map.of("upheld", false, "note", "差评属实"));
        call("evaluation", "recordRectificationMeasures", "clerk-market", "POST", r + "/measures", Map.of("measures", "优化流程"));
        call("evaluation", "recordRectificationCallBack", "clerk-market", "POST", r + "/call-back", Map.of("reached", true, "note", "已回访"));
        call("evaluation", "reRateRectification", "applicant-a", "POST", r + "/re-rating", Map.of("level", "SATISFIED"));
    }

    private void evaluationCommitmentsAssessmentsSpending() {
        int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
        // a coming year (open for submission until its 03-31) without commitments yet
        int nextYear = IntStream.rangeClosed(year + 1, 2100)
                .filter(y -> as("evaluator", "evaluation").when().get("/api/v1/commitments/housing/" + y).statusCode() == 404)
                .findFirst().orElseThrow();
        String set = "/api/v1/commitments/housing/" + nextYear;
        Map<String, Object> drafts = Map.of("commitments", List.of(Map.of("kind", "FREE_TEXT", "text", "午间不打烊"),
                Map.of("kind", "ON_TIME_RATE", "target", 98, "text", "按时办结率98%")));
        call("evaluation", "putCommitments", "head-housing", "PUT", set, drafts);
        call("evaluation", "submitCommitments", "head-housing", "POST", set + "/submission", Map.of());
        call("evaluation", "returnCommitments", "evaluator", "POST", set + "/return", Map.of("note", "目标偏低"));
        call("evaluation", "putCommitments", "head-housing", "PUT", set, drafts);
        call("evaluation", "submitCommitments", "head-housing", "POST", set + "/submission", Map.of());
        call("evaluation", "approveCommitments", "evaluator", "POST", set + "/approval", Map.of("note", "同意"));

        Map<String, Object> scores = Map.of("morality", 91, "ability", 90, "diligence", 92, "achievement", 93, "integrity", 95);
        String assessment = call("evaluation", "createPersonalAssessment", "head-housing", "POST", "/api/v1/personal-assessments",
                Map.of("year", year, "departmentCode", "housing", "staffRef", "audit-" + UUID.randomUUID().toString().substring(0, 8),
                        "name", "审计测试", "scores", scores)).path("id");
        call("evaluation", "rescorePersonalAssessment", "head-housing", "PUT", "/api/v1/personal-assessments/" + assessment + "/scores",
                Map.of("morality", 80, "ability", 80, "diligence", 80, "achievement", 80, "integrity", 80));
        call("evaluation", "gradePersonalAssessments", "head-housing", "POST", "/api/v1/personal-assessments/grading",
                Map.of("year", year, "departmentCode", "housing"));

        String spending = "/api/v1/hospitality-spending/housing/" + year;
        Response entered = call("evaluation", "enterHospitalitySpending", "head-housing", "PUT", spending, Map.of("amount", 5000),
                Set.of("head-housing"), Map.of("If-Match", "*"));
        call("evaluation", "enterHospitalitySpending", "evaluator", "PUT", spending, Map.of("amount", 4800), Set.of("evaluator"),
                Map.of("If-Match", entered.header("ETag")));
    }

    private void evaluationSurveyTargetsAccountability() {
        // A year no survey has used yet (the stack is fresh in CI; by hand it may be reused).
        int surveyYear = IntStream.rangeClosed(2001, 2099)
                .filter(y -> as("evaluator", "evaluation").when().get("/api/v1/surveys/" + y).statusCode() == 404)
                .findFirst().orElseThrow();
        call("evaluation", "openSurvey", "evaluator", "POST", "/api/v1/surveys", Map.of("year", surveyYear));
        List<Map<String, Object>> sheets = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // 7 of 30 dissatisfied: 23 %, an explanation is required
            sheets.add(Map.of("reference", "AUDIT-" + surveyYear + "-" + i, "respondentType", "INDIVIDUAL",
                    "ballots", List.of(Map.of("departmentCode", "market", "verdict", i < 7 ? "DISSATISFIED" : "SATISFIED"))));
        }
        call("evaluation", "registerSurveySheets", "evaluator", "POST", "/api/v1/surveys/" + surveyYear + "/sheets", Map.of("sheets", sheets));
        call("evaluation", "closeSurvey", "evaluator", "POST", "/api/v1/surveys/" + surveyYear + "/closing", null);
        String explanation = caseOf("SURVEY", surveyYear);
        call("evaluation", "submitAccountabilityStatement", "head-market", "POST", "/api/v1/accountability-cases/" + explanation + "/statement",
                Map.of("text", "情况说明"));
        call("evaluation", "closeAccountabilityCase", "evaluator", "POST", "/api/v1/accountability-cases/" + explanation + "/closure",
                Map.of("reason", "说明合理"));

        // Investment-attraction target of housing missed four years in a row: the third and the fourth miss open
        // resignation cases (ladder version 1, in force from 2000).
        int first = IntStream.rangeClosed(2001, 2090)
                .filter(y -> IntStream.range(y, y + 4).noneMatch(z -> as("evaluator", "evaluation").when()
                        .get("/api/v1/investment-targets?department=housing&year=" + z).asString().contains("\"year\":" + z)))
                .findFirst().orElseThrow();
        for (int y = first; y < first + 4; y++) {
            String target = call("evaluation", "createInvestmentTarget", "evaluator", "POST", "/api/v1/investment-targets",
                    Map.of("departmentCode", "housing", "year", y, "targetAmount", 1000)).path("id");
            call("evaluation", "recordInvestmentOutcome", "evaluator", "POST", "/api/v1/investment-targets/" + target + "/outcome",
                    Map.of("attractedAmount", 10));
        }
        String rejected = caseOf("INVESTMENT_TARGET", first + 2);
        String a = "/api/v1/accountability-cases/";
        call("evaluation", "submitAccountabilityJustification", "head-housing", "POST", a + rejected + "/justification", Map.of("text", "客观原因"));
        call("evaluation", "rejectAccountabilityJustification", "evaluator", "POST", a + rejected + "/justification-rejection", Map.of("reason", "理由不足"));
        call("evaluation", "recordAccountabilityResignation", "evaluator", "POST", a + rejected + "/resignation", Map.of("reason", "已辞职"));
        String accepted = caseOf("INVESTMENT_TARGET", first + 3);
        call("evaluation", "submitAccountabilityJustification", "head-housing", "POST", a + accepted + "/justification", Map.of("text", "疫情影响"));
        call("evaluation", "acceptAccountabilityJustification", "evaluator", "POST", a + accepted + "/justification-acceptance", Map.of("reason", "理由成立"));

        int latest = as("evaluator", "evaluation").when().get("/api/v1/sanction-ladder/versions").then().statusCode(200)
                .extract().jsonPath().getList("effectiveFromYear", Integer.class).stream().max(Integer::compare).orElse(2000);
        call("evaluation", "createSanctionLadderVersion", "evaluator", "POST", "/api/v1/sanction-ladder/versions",
                Map.of("effectiveFromYear", Math.max(latest, first + 4) + 1, "note", "审计测试", "steps", List.of(
                        Map.of("consecutiveMisses", 1, "sanction", "PUBLIC_CRITICISM", "nameZh", "通报批评", "nameEn", "Public criticism",
                                "opensResignationCase", false),
                        Map.of("consecutiveMisses", 2, "sanction", "RESIGNATION", "nameZh", "引咎辞职", "nameEn", "Resignation",
                                "opensResignationCase", true))));

        // window posts and the standardized-window acceptance
        String month = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusMonths(1).toString().substring(0, 7);
        call("evaluation", "enterPostAttendance", "supervisor", "PUT", "/api/v1/assessments/attendance/market-acceptance/" + month,
                Map.of("dueDays", 21, "presentDays", 20), Set.of("supervisor"), Map.of("If-Match", "*"));
        String item = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        call("evaluation", "putAcceptanceChecklistItem", "admin", "PUT", "/api/v1/window-acceptance/checklist/" + item,
                Map.of("title", "审计测试项", "maxPoints", 5, "position", 99, "active", true), Set.of("admin"), Map.of("If-Match", "*"));
        List<Map<String, Object>> checklist = as("supervisor", "evaluation").when().get("/api/v1/window-acceptance/checklist")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.active }");
        call("evaluation", "reviewWindowAcceptance", "supervisor", "POST", "/api/v1/window-acceptance/reviews",
                Map.of("windowCode", "market-window", "year", LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear(), "scores",
                        checklist.stream().map(i -> Map.of("item", i.get("code"), "points", 1)).toList()));

        int termYear = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear() - 5;
        String terms = as("evaluator", "evaluation").when().get("/api/v1/term-targets?size=100").asString();
        String town = IntStream.rangeClosed(1, 99).mapToObj(i -> String.format("town-%02d", i))
                .filter(t -> !terms.contains("\"" + t + "\"")).findFirst().orElseThrow();
        String term = call("evaluation", "createTermTarget", "evaluator", "POST", "/api/v1/term-targets",
                Map.of("departmentCode", town, "headName", "审计测试镇长", "firstYear", termYear, "baselineRevenue", 1000,
                        "yearlyTargets", List.of(Map.of("year", termYear, "targetRevenue", 1100), Map.of("year", termYear + 1, "targetRevenue", 1200),
                                Map.of("year", termYear + 2, "targetRevenue", 1300)))).path("id");
        call("evaluation", "evaluateTermTarget", "evaluator", "POST", "/api/v1/term-targets/" + term + "/evaluations",
                Map.of("year", termYear, "actualRevenue", 1150));
    }

    private static String caseOf(String source, int year) {
        List<String> ids = as("evaluator", "evaluation").when().get("/api/v1/accountability-cases?source=" + source + "&year=" + year + "&size=100")
                .then().statusCode(200).extract().path("items.id");
        assertThat(ids).as("an accountability case from %s %d", source, year).isNotEmpty();
        return ids.get(ids.size() - 1);
    }

    private void evaluationReportsAndProjections() {
        int year = IntStream.rangeClosed(2001, 2099)
                .filter(y -> as("evaluator", "evaluation").when().get("/api/v1/reports/" + y).statusCode() == 404)
                .findFirst().orElseThrow();
        call("evaluation", "draftReport", "evaluator", "POST", "/api/v1/reports", Map.of("year", year));
        call("evaluation", "redraftReport", "evaluator", "POST", "/api/v1/reports/" + year + "/redraft", null);
        call("evaluation", "replayProjection", "admin", "POST", "/api/v1/admin/projections/departments/replay", null);
    }

    // ---- integration-service ------------------------------------------------------------------------------------

    private void integrationSubscribers() {
        String id = call("integration", "registerSubscriber", "admin", "POST", "/api/v1/integration/subscribers",
                Map.of("name", "审计测试", "url", "http://127.0.0.1:9/audit", "eventTypes", List.of("xiaoneng.complaint.complaint.closed.v1")))
                .path("subscriber.id");
        call("integration", "deactivateSubscriber", "admin", "POST", "/api/v1/integration/subscribers/" + id + "/deactivation", null);
    }

    /** The administrators' maintenance operations: PII re-encryption in each service holding PII, republication. */
    private void administration() {
        for (String service : List.of("approval", "complaint", "integration")) {
            call(service, "reEncryptPersonalData", "admin", "POST", "/api/v1/admin/pii/re-encrypt", null);
        }
        call("approval", "republishReferenceData", "admin", "POST", "/api/v1/admin/reference-data/republication", null);
    }

    // ---- the audited call ---------------------------------------------------------------------------------------

    private Response call(String service, String operationId, String who, String method, String path, Object body) {
        // approval's history names an applicant acting on his own case "applicant", as its events do
        return call(service, operationId, who, method, path, body,
                who.startsWith("applicant") && service.equals("approval") ? Set.of(who, "applicant") : Set.of(who), Map.of());
    }

    private Response call(String service, String operationId, String who, String method, String path, Object body, Set<String> actors) {
        return call(service, operationId, who, method, path, body, actors, Map.of());
    }

    /**
     * Calls the operation directly on its service (with the current ETag as If-Match for an existing object),
     * requires success, and then a new audit record by one of {@code actors} written during the call.
     */
    private Response call(String service, String operationId, String who, String method, String path, Object body,
                          Set<String> actors, Map<String, String> headers) {
        Map<String, Long> marks = marks(service);
        RequestSpecification spec = as(who, service).headers(headers);
        String object = objectOf(path);
        String etag = headers.containsKey("If-Match") || !method.equals("PUT") && object.equals(path) ? null
                : etagOf(who, service, object);
        if (etag != null) {
            spec.header("If-Match", etag);
        }
        if (body != null) {
            spec.contentType(ContentType.JSON).body(body);
        }
        Instant from = Instant.now().minusSeconds(2);
        Response r = spec.when().request(method, path);
        Instant to = Instant.now().plusSeconds(2);
        if (r.statusCode() / 100 != 2) {
            FAILURES.add(service + " " + operationId + " as " + who + ": " + method + " " + path + " → " + r.statusCode() + " " + r.asString());
            return r;
        }
        List<String> found = newRecords(service, marks, actors, from, to);
        if (found.isEmpty()) {
            FAILURES.add(service + " " + operationId + " as " + who + ": succeeded (" + r.statusCode() + ") without an audit record by " + actors);
        } else {
            COVERED.putIfAbsent(operationId, new Audited(service, operationId, who, "", String.join(",", actors), found.get(0)));
        }
        return r;
    }

    /** The ETag of the object a command acts on: the resource the command's path extends. */
    private static String objectOf(String path) {
        return path.replaceAll("/(acceptance|review|pauses|resumption|extension|approval|certificate-delivery|completion"
                + "|supplement-request|resubmission|denial|withdrawal|rejection|accept|dispatch|bounce|handle|reply|feedback|close"
                + "|reopen|merge|refer|decide|decision|measures|call-back|re-rating|submission|return|scores|closing|redraft|outcome"
                + "|evaluations|statement|closure|justification|justification-acceptance|justification-rejection|resignation|pledge-fulfilment"
                + "|sub-cases/[a-z-]+/(approval|denial))$", "");
    }

    private static String etagOf(String who, String service, String object) {
        Response r = as(who, service).when().get(object);
        if (r.statusCode() != 200) {
            r = as("supervisor", service).when().get(object);
        }
        return r.statusCode() == 200 ? r.header("ETag") : null;
    }

    private void expectRecord(String service, String operationId, String actor, String aggregateType, String aggregateId) {
        try (Connection c = DriverManager.getConnection(SystemStack.jdbcUrl(service), DB_USER, DB_PASSWORD);
             PreparedStatement ps = c.prepareStatement("select action, before_state is null, after_state is not null from audit_record "
                     + "where actor = ? and aggregate_type = ? and aggregate_id = ?")) {
            ps.setString(1, actor);
            ps.setString(2, aggregateType);
            ps.setString(3, aggregateId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(3)) {
                    COVERED.putIfAbsent(operationId, new Audited(service, operationId, actor, "audit_record", actor, rs.getString(1)));
                } else {
                    FAILURES.add(service + " " + operationId + " as " + actor + ": no audit record of " + aggregateType + " " + aggregateId);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The newest id of every audit table of the service's database. */
    private static Map<String, Long> marks(String service) {
        Map<String, Long> marks = new HashMap<>();
        try (Connection c = DriverManager.getConnection(SystemStack.jdbcUrl(service), DB_USER, DB_PASSWORD);
             Statement s = c.createStatement()) {
            for (String table : AUDIT_TABLES.get(service)) {
                try (ResultSet rs = s.executeQuery("select coalesce(max(id), 0) from " + table)) {
                    rs.next();
                    marks.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return marks;
    }

    /**
     * Records written after the marks by one of the actors within [from, to], each complete: who, when, what and
     * the state after (audit_record; for a removal, whose after is null by AuditTrail's contract, the state before)
     * or the state reached (application_history). Returns a description of each.
     */
    private static List<String> newRecords(String service, Map<String, Long> marks, Set<String> actors, Instant from, Instant to) {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(SystemStack.jdbcUrl(service), DB_USER, DB_PASSWORD)) {
            for (String table : AUDIT_TABLES.get(service)) {
                String sql = table.equals("application_history")
                        ? "select actor, at, 'application', cast(application_id as text), command, from_state, to_state from application_history where id > ?"
                        : "select actor, at, aggregate_type, aggregate_id, action, cast(before_state as text), cast(after_state as text) from audit_record where id > ?";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, marks.get(table));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String actor = rs.getString(1);
                            Instant at = rs.getTimestamp(2).toInstant();
                            boolean complete = actors.contains(actor) && !at.isBefore(from) && !at.isAfter(to)
                                    && rs.getString(3) != null && rs.getString(4) != null && rs.getString(5) != null
                                    && (rs.getString(7) != null || rs.getString(6) != null); // after, or before for a removal
                            if (complete) {
                                found.add(table + ": " + actor + " " + rs.getString(3) + " " + rs.getString(5));
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    static RequestSpecification as(String who, String service) {
        RequestSpecification spec = given().baseUri(SystemStack.serviceUrl(service));
        return who == null ? spec : spec.auth().oauth2(Tokens.of(who));
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
