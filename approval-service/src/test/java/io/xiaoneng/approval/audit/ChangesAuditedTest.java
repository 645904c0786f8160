package io.xiaoneng.approval.audit;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.approval.appointment.app.MovableAppointmentClock;
import io.xiaoneng.approval.window.api.OrgFixtures;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.audit.AuditTrail;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.window.api.OrgFixtures.admin;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every state change of the reference data and the appointments leaves its audit record in the same transaction
 * (issue 8): departments, windows, posts, catalog items (through the API and through an import), slots (one and
 * generated), bookings (booked, cancelled, attended, no-show) and calendar years. Each operation is called through
 * HTTP with a real token; the record must name the caller, the aggregate and the action, and carry the state after
 * (and before, for a change of something that existed). A refused request records nothing.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class ChangesAuditedTest {

    @Inject
    AuditTrail audit;

    @Inject
    MovableAppointmentClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The one record of {@code action} on the aggregate, by {@code actor}, written at most a minute ago. */
    private AuditTrail.Entry expectRecord(String type, String id, String action, String actor) {
        List<AuditTrail.Entry> trail = audit.of(type, id).stream().filter(e -> e.action().equals(action)).toList();
        assertThat(trail).as("%s %s: one '%s' record (trail %s)", type, id, action, audit.of(type, id)).hasSize(1);
        AuditTrail.Entry e = trail.get(0);
        assertThat(e.actor()).as("%s %s %s: actor", type, id, action).isEqualTo(actor);
        assertThat(e.at()).isAfter(Instant.now().minusSeconds(60));
        return e;
    }

    private static String etag(String bearer, String path) {
        return given().auth().oauth2(bearer).when().get(path).then().statusCode(200).extract().header("ETag");
    }

    // ---- departments, windows, posts ----------------------------------------------------------------------------

    @Test
    void departmentsWindowsAndPostsAreAuditedWithBeforeAndAfter() {
        String admin = admin();
        String department = OrgFixtures.unique("audit-dept");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("code", department, "name", "审计部门", "kind", "COUNTY_AGENCY"))
                .when().post("/api/v1/departments").then().statusCode(201);
        AuditTrail.Entry created = expectRecord("department", department, "create", "admin");
        assertThat(created.before()).isNull();
        assertThat(created.after().get("name").asText()).isEqualTo("审计部门");

        String d = "/api/v1/departments/" + department;
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", etag(admin, d))
                .body(Map.of("name", "审计部门（更名）", "active", false)).when().put(d).then().statusCode(200);
        AuditTrail.Entry renamed = expectRecord("department", department, "change", "admin");
        assertThat(renamed.before().get("name").asText()).isEqualTo("审计部门");
        assertThat(renamed.before().get("active").asBoolean()).isTrue();
        assertThat(renamed.after().get("name").asText()).isEqualTo("审计部门（更名）");
        assertThat(renamed.after().get("active").asBoolean()).isFalse();
        // the same data again changes nothing and records nothing
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", etag(admin, d))
                .body(Map.of("name", "审计部门（更名）", "active", false)).when().put(d).then().statusCode(200);
        assertThat(audit.of("department", department)).hasSize(2);

        String served = OrgFixtures.department("audit-served");
        String window = OrgFixtures.unique("audit-w");
        Map<String, Object> body = OrgFixtures.windowBody(window, List.of(served), false, false);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).when().post("/api/v1/windows").then().statusCode(201);
        assertThat(expectRecord("window", window, "create", "admin").after().get("departmentCodes").get(0).asText()).isEqualTo(served);

        String w = "/api/v1/windows/" + window;
        Map<String, Object> change = new HashMap<>(body);
        change.remove("code");
        change.put("extendedHours", true);
        change.put("active", true);
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", etag(admin, w)).body(change)
                .when().put(w).then().statusCode(200);
        AuditTrail.Entry windowChanged = expectRecord("window", window, "change", "admin");
        assertThat(windowChanged.before().get("extendedHours").asBoolean()).isFalse();
        assertThat(windowChanged.after().get("extendedHours").asBoolean()).isTrue();

        String post = OrgFixtures.unique("audit-p");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("code", post, "windowCode", window, "title", "受理岗", "responsibilities", "收件", "assignees", List.of("clerk-a")))
                .when().post("/api/v1/posts").then().statusCode(201);
        assertThat(expectRecord("post", post, "create", "admin").after().get("assignees").get(0).asText()).isEqualTo("clerk-a");
        String p = "/api/v1/posts/" + post;
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", etag(admin, p))
                .body(Map.of("windowCode", window, "title", "受理岗", "responsibilities", "收件", "assignees", List.of("clerk-b")))
                .when().put(p).then().statusCode(200);
        AuditTrail.Entry reassigned = expectRecord("post", post, "change", "admin");
        assertThat(reassigned.before().get("assignees").get(0).asText()).isEqualTo("clerk-a");
        assertThat(reassigned.after().get("assignees").get(0).asText()).isEqualTo("clerk-b");
        given().auth().oauth2(admin).header("If-Match", etag(admin, p)).when().delete(p).then().statusCode(204);
        AuditTrail.Entry removed = expectRecord("post", post, "remove", "admin");
        assertThat(removed.before().get("assignees").get(0).asText()).isEqualTo("clerk-b");
        assertThat(removed.after()).isNull();

        // refused: a stale If-Match records nothing
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"999\"").body(change)
                .when().put(w).then().statusCode(412);
        assertThat(audit.of("window", window)).hasSize(2);
    }

    // ---- catalog ------------------------------------------------------------------------------------------------

    static Map<String, Object> terms(String name, int committed) {
        Map<String, Object> terms = new HashMap<>();
        terms.put("name", name);
        terms.put("category", "ADMINISTRATIVE_LICENSE");
        terms.put("legalBasis", "《中华人民共和国行政许可法》第四十二条");
        terms.put("statutoryLimitDays", 20);
        terms.put("committedLimitDays", committed);
        terms.put("online", true);
        terms.put("maxVisits", 1);
        terms.put("fees", new ArrayList<>());
        terms.put("materials", new ArrayList<>(List.of(Map.of("name", "申请书", "form", "ORIGINAL", "copies", 1, "mandatory", true))));
        return terms;
    }

    static String itemCode() {
        return "TAUDIT" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    @Test
    void catalogRegistrationRevisionCancellationAndImportAreAudited() {
        String admin = admin();
        String department = OrgFixtures.department("audit-cat");
        String code = itemCode();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("implementationCode", code, "basicCode", "000104001000", "departmentCode", department,
                        "terms", terms("审计事项", 10)))
                .when().post("/api/v1/catalog/items").then().statusCode(201);
        AuditTrail.Entry registered = expectRecord("catalog-item", code, "register", "admin");
        assertThat(registered.before()).isNull();
        assertThat(registered.after().get("committedLimitDays").asInt()).isEqualTo(10);
        assertThat(registered.after().get("status").asText()).isEqualTo("RETAINED");

        String item = "/api/v1/catalog/items/" + code;
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(terms("审计事项", 5))
                .when().post(item + "/versions").then().statusCode(201);
        AuditTrail.Entry revised = expectRecord("catalog-item", code, "revise", "admin");
        assertThat(revised.before().get("version").asInt()).isEqualTo(1);
        assertThat(revised.before().get("committedLimitDays").asInt()).isEqualTo(10);
        assertThat(revised.after().get("version").asInt()).isEqualTo(2);
        assertThat(revised.after().get("committedLimitDays").asInt()).isEqualTo(5);

        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", etag(admin, item))
                .body(Map.of("cancelDocument", "县政府令第1号", "cancelledOn", "2026-01-15"))
                .when().post(item + "/cancellation").then().statusCode(200);
        AuditTrail.Entry cancelled = expectRecord("catalog-item", code, "cancel", "admin");
        assertThat(cancelled.before().get("status").asText()).isEqualTo("RETAINED");
        assertThat(cancelled.after().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.after().get("cancelDocument").asText()).isEqualTo("县政府令第1号");
        // refused (a cancelled item cannot be revised): nothing recorded
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(terms("审计事项", 4))
                .when().post(item + "/versions").then().statusCode(409);
        assertThat(audit.of("catalog-item", code)).hasSize(3);

        // an import: each item it changes is audited as the importing administrator's change
        String imported = itemCode();
        Map<String, Object> row = new HashMap<>(Map.of("implementationCode", imported, "basicCode", "000104001000",
                "departmentCode", department, "name", "导入事项", "category", "PUBLIC_SERVICE",
                "legalBasis", "《不动产登记暂行条例》第二十条", "statutoryLimitDays", 30, "committedLimitDays", 5));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("items", List.of(row)))
                .when().post("/api/v1/catalog/imports").then().statusCode(200);
        assertThat(expectRecord("catalog-item", imported, "register", "admin").after().get("name").asText()).isEqualTo("导入事项");
        row.put("committedLimitDays", 3);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("items", List.of(row)))
                .when().post("/api/v1/catalog/imports").then().statusCode(200);
        AuditTrail.Entry importRevised = expectRecord("catalog-item", imported, "revise", "admin");
        assertThat(importRevised.before().get("committedLimitDays").asInt()).isEqualTo(5);
        assertThat(importRevised.after().get("committedLimitDays").asInt()).isEqualTo(3);
        // the same file again changes nothing and records nothing
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("items", List.of(row)))
                .when().post("/api/v1/catalog/imports").then().statusCode(200);
        assertThat(audit.of("catalog-item", imported)).hasSize(2);
    }

    // ---- slots and appointments ---------------------------------------------------------------------------------

    @Test
    void slotsAndEveryBookingTransitionAreAudited() {
        clock.setCenterTime(LocalDateTime.of(2026, 3, 1, 15, 0)); // Sunday; Monday 2 March is a working day
        String department = OrgFixtures.department("audit-appt");
        String window = OrgFixtures.window(List.of(department), false, false);
        String head = token("head-" + department, department, "dept-head");
        String clerk = token("clerk-" + department, department, "clerk");

        long slot = given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("windowCode", window, "date", "2026-03-02", "start", "09:00", "end", "10:00", "kind", "REGULAR", "capacity", 5))
                .when().post("/api/v1/appointment-slots").then().statusCode(201).extract().jsonPath().getLong("id");
        AuditTrail.Entry created = expectRecord("appointment-slot", String.valueOf(slot), "create", "head-" + department);
        assertThat(created.before()).isNull();
        assertThat(created.after().get("capacity").asInt()).isEqualTo(5);

        List<Long> generated = given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("windowCode", window, "from", "2026-03-03", "to", "2026-03-04", "kind", "REGULAR",
                        "times", List.of(Map.of("start", "14:00", "end", "15:00", "capacity", 2))))
                .when().post("/api/v1/appointment-slots/generation").then().statusCode(200)
                .extract().jsonPath().getList("created.id", Long.class);
        assertThat(generated).hasSize(2);
        for (long id : generated) {
            assertThat(expectRecord("appointment-slot", String.valueOf(id), "generate", "head-" + department).after().get("start").asText())
                    .isEqualTo("14:00");
        }

        String applicant = "appl-" + UUID.randomUUID().toString().substring(0, 8);
        String applicantToken = token(applicant, null, "applicant");
        String cancelled = book(applicantToken, slot);
        AuditTrail.Entry booked = expectRecord("appointment", cancelled, "book", applicant);
        assertThat(booked.before()).isNull();
        assertThat(booked.after().get("status").asText()).isEqualTo("BOOKED");
        assertThat(booked.after().get("applicant").asText()).isEqualTo(applicant);
        command(applicantToken, cancelled, "cancellation").statusCode(200);
        AuditTrail.Entry cancel = expectRecord("appointment", cancelled, "cancel", applicant);
        assertThat(cancel.before().get("status").asText()).isEqualTo("BOOKED");
        assertThat(cancel.after().get("status").asText()).isEqualTo("CANCELLED");

        // a clerk books on behalf of an applicant who phoned: the clerk is the actor, the applicant in the state
        String phoned = "appl-" + UUID.randomUUID().toString().substring(0, 8);
        String attended = given().auth().oauth2(clerk).contentType(ContentType.JSON)
                .body(Map.of("slotId", slot, "itemCode", "ITEM-1", "applicant", phoned))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().jsonPath().getString("id");
        AuditTrail.Entry onBehalf = expectRecord("appointment", attended, "book", "clerk-" + department);
        assertThat(onBehalf.after().get("applicant").asText()).isEqualTo(phoned);
        String noShow = book(applicantToken, slot);

        clock.setCenterTime(LocalDateTime.of(2026, 3, 2, 9, 10));
        command(clerk, attended, "attendance").statusCode(200);
        AuditTrail.Entry attend = expectRecord("appointment", attended, "attend", "clerk-" + department);
        assertThat(attend.before().get("status").asText()).isEqualTo("BOOKED");
        assertThat(attend.after().get("status").asText()).isEqualTo("ATTENDED");
        // refused (the slot has not ended yet): nothing recorded
        command(clerk, noShow, "no-show").statusCode(409);
        assertThat(audit.of("appointment", noShow)).hasSize(1);

        clock.setCenterTime(LocalDateTime.of(2026, 3, 2, 10, 30));
        command(clerk, noShow, "no-show").statusCode(200);
        AuditTrail.Entry missed = expectRecord("appointment", noShow, "no-show", "clerk-" + department);
        assertThat(missed.before().get("status").asText()).isEqualTo("BOOKED");
        assertThat(missed.after().get("status").asText()).isEqualTo("NO_SHOW");
        assertThat(missed.after().get("closedBy").asText()).isEqualTo("clerk-" + department);
    }

    private static String book(String bearer, long slot) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON).body(Map.of("slotId", slot, "itemCode", "ITEM-1"))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static io.restassured.response.ValidatableResponse command(String bearer, String id, String command) {
        return given().auth().oauth2(bearer).when().post("/api/v1/appointments/" + id + "/" + command).then();
    }

    // ---- calendar -----------------------------------------------------------------------------------------------

    /** A test fixture shaped like a notice (the statutory fixed-date holidays; not official data). */
    static String year(int year, String extraHoliday) {
        return """
                {"year": %1$d, "sources": ["https://www.gov.cn/test-fixture/%1$d"],
                 "holidays": [{"name": "元旦", "dates": ["%1$d-01-01"%2$s]},
                              {"name": "劳动节", "dates": ["%1$d-05-01", "%1$d-05-02"]},
                              {"name": "国庆节", "dates": ["%1$d-10-01", "%1$d-10-02", "%1$d-10-03"]}],
                 "makeUpWorkdays": []}""".formatted(year, extraHoliday);
    }

    @Test
    void loadingAndCorrectingACalendarYearAreAudited() {
        String admin = admin();
        int y = 2093; // a year no other test loads
        String path = "/api/v1/calendar/years/" + y;
        ExtractableResponse<Response> loaded = given().auth().oauth2(admin).contentType(ContentType.JSON).body(year(y, ""))
                .when().put(path).then().extract();
        assertThat(loaded.statusCode()).as(loaded.asString()).isEqualTo(201);
        AuditTrail.Entry load = expectRecord("calendar-year", String.valueOf(y), "load", "admin");
        assertThat(load.before()).isNull();
        assertThat(load.after().get("holidays").get(0).get("dates")).hasSize(1);

        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", loaded.header("ETag"))
                .body(year(y, ", \"" + y + "-01-02\"")).when().put(path).then().statusCode(200);
        AuditTrail.Entry corrected = expectRecord("calendar-year", String.valueOf(y), "correct", "admin");
        assertThat(corrected.before().get("holidays").get(0).get("dates")).hasSize(1);
        assertThat(corrected.after().get("holidays").get(0).get("dates")).hasSize(2);
        // the same data again: nothing changed, nothing recorded
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(year(y, ", \"" + y + "-01-02\"")).when().put(path).then().statusCode(200);
        assertThat(audit.of("calendar-year", String.valueOf(y))).hasSize(2);

        // the bundled years were seeded by the service itself
        assertThat(audit.of("calendar-year", "2026")).first().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("system");
            assertThat(e.action()).isEqualTo("seed-bundled");
        });
    }
}
