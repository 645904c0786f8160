package io.xiaoneng.approval.appointment.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.xiaoneng.approval.appointment.app.MovableAppointmentClock;
import io.xiaoneng.approval.window.api.OrgFixtures;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.api.ProblemAssert.problem;
import static io.xiaoneng.approval.window.api.OrgFixtures.admin;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/**
 * Booking, cancelling, attendance and no-shows through the API, with "now" moved around one slot: Monday
 * 2 March 2026 (an ordinary working day in the 2026 calendar), 09:00–10:00 at the center.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class AppointmentResourceTest {

    static final String APPOINTMENTS = "/api/v1/appointments";
    static final LocalDateTime DAY_BEFORE = LocalDateTime.of(2026, 3, 1, 15, 0);
    static final LocalDateTime MORNING = LocalDateTime.of(2026, 3, 2, 8, 0);
    static final LocalDateTime SLOT_START = LocalDateTime.of(2026, 3, 2, 9, 0);
    static final LocalDateTime DURING = LocalDateTime.of(2026, 3, 2, 9, 30);
    static final LocalDateTime AFTER = LocalDateTime.of(2026, 3, 2, 10, 1);

    @Inject
    MovableAppointmentClock clock;

    @Inject
    DataSource dataSource;

    String department;
    String window;
    String clerk;
    String applicantA;
    String applicantB;

    @BeforeEach
    void setUp() {
        clock.setCenterTime(DAY_BEFORE);
        department = OrgFixtures.department("appt");
        window = OrgFixtures.window(List.of(department), true, true);
        clerk = token("clerk-appt", department, "clerk");
        applicantA = token("appl-a-" + UUID.randomUUID(), null, "applicant");
        applicantB = token("appl-b-" + UUID.randomUUID(), null, "applicant");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    long slot(String start, String end, int capacity) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("windowCode", window, "date", "2026-03-02", "start", start, "end", end, "kind", "REGULAR", "capacity", capacity))
                .when().post(SlotResourceTest.SLOTS).then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static ValidatableResponse book(String token, long slotId, String itemCode) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("Accept-Language", "en")
                .body(Map.of("slotId", slotId, "itemCode", itemCode))
                .when().post(APPOINTMENTS).then();
    }

    static String bookedId(String token, long slotId) {
        return book(token, slotId, "ITEM-1").statusCode(201).extract().jsonPath().getString("id");
    }

    static ValidatableResponse command(String token, String id, String command) {
        return given().auth().oauth2(token).header("Accept-Language", "en")
                .when().post(APPOINTMENTS + "/" + id + "/" + command).then();
    }

    static int available(long slotId) {
        return given().auth().oauth2(admin()).when().get(SlotResourceTest.SLOTS + "/" + slotId)
                .then().statusCode(200).extract().jsonPath().getInt("available");
    }

    // --- booking and cancelling -------------------------------------------------------------------------------------

    @Test
    void anApplicantBooksCancelsAndBooksAgain() {
        long slot = slot("09:00", "10:00", 2);
        ExtractableResponse<Response> booked = book(applicantA, slot, "ITEM-1").statusCode(201)
                .body("status", equalTo("BOOKED"))
                .body("windowCode", equalTo(window))
                .body("startsAt", equalTo("2026-03-02T09:00:00+08:00"))
                .body("allowed", contains("cancel", "attend", "no-show"))
                .extract();
        String id = booked.jsonPath().getString("id");
        assertThat(booked.header("Location")).endsWith(APPOINTMENTS + "/" + id);
        assertThat(available(slot)).isEqualTo(1);

        // One active booking per applicant and slot.
        ExtractableResponse<Response> twice = problem(book(applicantA, slot, "ITEM-2"), 409, "already-booked");
        assertThat(twice.jsonPath().getString("appointmentId")).isEqualTo(id);
        assertThat(available(slot)).isEqualTo(1);

        command(applicantA, id, "cancellation").statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("allowed", empty());
        assertThat(available(slot)).isEqualTo(2);

        ExtractableResponse<Response> again = problem(command(applicantA, id, "cancellation"), 409, "illegal-transition");
        assertThat(again.jsonPath().getString("state")).isEqualTo("CANCELLED");
        assertThat(again.jsonPath().getList("allowed")).isNullOrEmpty(); // nothing is allowed any more

        book(applicantA, slot, "ITEM-1").statusCode(201);
        assertThat(available(slot)).isEqualTo(1);
    }

    @Test
    void aFullSlotRefusesWithSlotFull() {
        long slot = slot("09:00", "10:00", 1);
        bookedId(applicantA, slot);
        ExtractableResponse<Response> full = problem(book(applicantB, slot, "ITEM-1"), 409, "slot-full");
        assertThat(full.jsonPath().getLong("slotId")).isEqualTo(slot);
        assertThat(full.jsonPath().getString("title")).isEqualTo("Slot fully booked");
    }

    @Test
    void bookingHonoursIdempotencyKey() {
        long slot = slot("09:00", "10:00", 3);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("slotId", slot, "itemCode", "ITEM-1");
        String first = given().auth().oauth2(applicantA).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post(APPOINTMENTS).then().statusCode(201).extract().jsonPath().getString("id");
        // The retry (e.g. after a lost response) gets the same booking, not already-booked, and takes no place.
        given().auth().oauth2(applicantA).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post(APPOINTMENTS).then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
        assertThat(available(slot)).isEqualTo(2);
        problem(given().auth().oauth2(applicantA).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("slotId", slot, "itemCode", "ITEM-2")).when().post(APPOINTMENTS).then(), 422, "idempotency-key-reused");
    }

    @Test
    void bookingAndCancellingEndWhenTheSlotStarts() {
        long slot = slot("09:00", "10:00", 3);
        clock.setCenterTime(MORNING);
        String id = bookedId(applicantA, slot);
        clock.setCenterTime(SLOT_START);
        ExtractableResponse<Response> late = problem(command(applicantA, id, "cancellation"), 409, "conflict");
        assertThat(late.jsonPath().getString("detail")).contains("has already started");
        problem(book(applicantB, slot, "ITEM-1"), 409, "conflict");
        assertThat(available(slot)).isEqualTo(2);
    }

    @Test
    void unknownSlotsInactiveWindowsAndBadBodiesAreRefused() {
        ExtractableResponse<Response> r = problem(book(applicantA, 999_999_999L, "ITEM-1"), 422, "unprocessable");
        assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo("slotId");
        problem(given().auth().oauth2(applicantA).contentType(ContentType.JSON).body(Map.of("itemCode", "bad code!"))
                .when().post(APPOINTMENTS).then(), 400, "validation-failed");

        long slot = slot("09:00", "10:00", 3);
        Map<String, Object> change = new HashMap<>(given().auth().oauth2(admin()).when().get("/api/v1/windows/" + window)
                .then().extract().jsonPath().getMap(""));
        change.remove("code");
        change.put("active", false);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(change)
                .when().put("/api/v1/windows/" + window).then().statusCode(200);
        problem(book(applicantA, slot, "ITEM-1"), 422, "unprocessable");
    }

    @Test
    void anItemTheCatalogKnowsMustBeRetainedAndHandledAtTheWindow() throws Exception {
        String other = OrgFixtures.department("other");
        String here = registerItem(department);
        String elsewhere = registerItem(other);
        long slot = slot("09:00", "10:00", 3);

        ExtractableResponse<Response> wrong = problem(book(applicantA, slot, elsewhere), 422, "unprocessable");
        assertThat(wrong.jsonPath().getString("errors[0].field")).isEqualTo("itemCode");

        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     update catalog_item set status = 'CANCELLED', cancel_document = '县政府令第1号', cancelled_on = date '2026-01-01'
                     where implementation_code = ?""")) {
            ps.setString(1, here);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        problem(book(applicantA, slot, here), 422, "unprocessable");
        // Free text the catalog does not (yet) list is accepted.
        book(applicantA, slot, "NOT-IN-CATALOG-1").statusCode(201);
    }

    private static String registerItem(String department) {
        String code = "ITEM-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> terms = new HashMap<>();
        terms.put("name", "测试事项");
        terms.put("category", "ADMINISTRATIVE_LICENSE");
        terms.put("legalBasis", "《测试条例》第一条");
        terms.put("statutoryLimitDays", 20);
        terms.put("committedLimitDays", 5);
        terms.put("maxVisits", 1);
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("implementationCode", code, "basicCode", "B-1", "departmentCode", department, "terms", terms))
                .when().post("/api/v1/catalog/items").then().statusCode(201);
        return code;
    }

    // --- clerks: on behalf, attendance, no-shows ----------------------------------------------------------------------

    @Test
    void aClerkOfTheWindowBooksOnBehalfOfAnApplicant() {
        long slot = slot("09:00", "10:00", 3);
        String applicant = "appl-phone-" + UUID.randomUUID();
        String id = given().auth().oauth2(clerk).contentType(ContentType.JSON)
                .body(Map.of("slotId", slot, "itemCode", "ITEM-1", "applicant", applicant))
                .when().post(APPOINTMENTS).then().statusCode(201)
                .body("applicant", equalTo(applicant))
                .body("bookedBy", equalTo("clerk-appt"))
                .extract().jsonPath().getString("id");

        String applicantToken = token(applicant, null, "applicant");
        given().auth().oauth2(applicantToken).when().get(APPOINTMENTS + "/mine")
                .then().statusCode(200).body("items.id", contains(id));
        command(applicantToken, id, "cancellation").statusCode(200);

        // A clerk must say whom he books for; a clerk of another department may not book at this window at all;
        // an applicant cannot book for somebody else.
        problem(given().auth().oauth2(clerk).contentType(ContentType.JSON).body(Map.of("slotId", slot, "itemCode", "ITEM-1"))
                .when().post(APPOINTMENTS).then(), 422, "unprocessable");
        problem(given().auth().oauth2(token("clerk-x", OrgFixtures.department("x"), "clerk")).contentType(ContentType.JSON)
                .body(Map.of("slotId", slot, "itemCode", "ITEM-1", "applicant", applicant))
                .when().post(APPOINTMENTS).then(), 403, "forbidden");
        problem(given().auth().oauth2(applicantA).contentType(ContentType.JSON)
                .body(Map.of("slotId", slot, "itemCode", "ITEM-1", "applicant", applicant))
                .when().post(APPOINTMENTS).then(), 403, "forbidden");
    }

    @Test
    void aNoShowIsRecordedByAClerkOfTheWindowOnlyAfterTheSlot() {
        long slot = slot("09:00", "10:00", 3);
        String id = bookedId(applicantA, slot);

        clock.setCenterTime(DURING);
        ExtractableResponse<Response> early = problem(command(clerk, id, "no-show"), 409, "conflict");
        assertThat(early.jsonPath().getString("detail")).contains("has not ended");

        clock.setCenterTime(AFTER);
        // The applicant himself, and officials of other departments (who do not even see it), cannot mark it.
        problem(command(applicantA, id, "no-show"), 403, "forbidden");
        problem(command(token("clerk-x", OrgFixtures.department("x"), "clerk"), id, "no-show"), 404, "not-found");
        problem(command(token("approver-appt", department, "approver"), id, "no-show"), 403, "forbidden");

        command(clerk, id, "no-show").statusCode(200)
                .body("status", equalTo("NO_SHOW"))
                .body("closedBy", equalTo("clerk-appt"));
        // The outcome is final, and the place stays used: the slot is over.
        ExtractableResponse<Response> twice = problem(command(clerk, id, "attendance"), 409, "illegal-transition");
        assertThat(twice.jsonPath().getString("state")).isEqualTo("NO_SHOW");
        assertThat(available(slot)).isEqualTo(2);
    }

    @Test
    void attendanceIsRecordedFromTheSlotsDayOn() {
        long slot = slot("09:00", "10:00", 3);
        String id = bookedId(applicantA, slot);
        problem(command(clerk, id, "attendance"), 409, "conflict");

        clock.setCenterTime(MORNING); // applicants come early
        command(clerk, id, "attendance").statusCode(200).body("status", equalTo("ATTENDED"));
        problem(command(applicantA, id, "cancellation"), 409, "illegal-transition");
    }

    // --- who sees what ------------------------------------------------------------------------------------------------

    @Test
    void applicantsSeeOnlyTheirOwnAppointments() {
        long slot = slot("09:00", "10:00", 3);
        String a = bookedId(applicantA, slot);
        String b = bookedId(applicantB, slot);

        given().auth().oauth2(applicantA).when().get(APPOINTMENTS + "/mine")
                .then().statusCode(200)
                .body("items.id", contains(a))
                .body("total", equalTo(1));
        given().auth().oauth2(applicantA).when().get(APPOINTMENTS + "/" + a).then().statusCode(200);

        // Someone else's booking does not exist as far as an applicant can tell.
        problem(given().auth().oauth2(applicantA).when().get(APPOINTMENTS + "/" + b).then(), 404, "not-found");
        problem(command(applicantA, b, "cancellation"), 404, "not-found");
        problem(given().auth().oauth2(applicantA).when().get(APPOINTMENTS + "?window=" + window).then(), 403, "forbidden");

        given().auth().oauth2(applicantB).when().get(APPOINTMENTS + "/mine?status=BOOKED")
                .then().statusCode(200).body("items.id", contains(b));
    }

    @Test
    void officialsOfTheWindowsDepartmentsListItsBookings() {
        long nine = slot("09:00", "10:00", 3);
        long ten = slot("10:00", "11:00", 3);
        String late = bookedId(applicantA, ten);
        String early = bookedId(applicantB, nine);
        String cancelled = bookedId(applicantA, nine);
        command(applicantA, cancelled, "cancellation").statusCode(200);

        given().auth().oauth2(clerk).when().get(APPOINTMENTS + "?window=" + window + "&date=2026-03-02")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.id", hasItem(late))
                .body("items[2].id", equalTo(late)); // by slot time
        given().auth().oauth2(token("head-appt", department, "dept-head"))
                .when().get(APPOINTMENTS + "?window=" + window + "&status=BOOKED&size=1&page=1")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", contains(late))
                .body("page", equalTo(1))
                .body("size", equalTo(1));
        given().auth().oauth2(token("supervisor", "efficiency-office", "supervisor"))
                .when().get(APPOINTMENTS + "?window=" + window)
                .then().statusCode(200).body("items.id", hasItem(early));
        given().auth().oauth2(clerk).when().get(APPOINTMENTS + "/" + early).then().statusCode(200);

        String other = OrgFixtures.department("other");
        problem(given().auth().oauth2(token("clerk-other", other, "clerk")).when().get(APPOINTMENTS + "?window=" + window).then(),
                403, "forbidden");
        problem(given().auth().oauth2(token("clerk-other", other, "clerk")).when().get(APPOINTMENTS + "/" + early).then(),
                404, "not-found");
        given().auth().oauth2(token("clerk-other", other, "clerk")).when().get(APPOINTMENTS + "/mine")
                .then().statusCode(200).body("items.id", not(hasItem(early)));
        problem(given().auth().oauth2(clerk).when().get(APPOINTMENTS + "?window=no-such-window").then(), 404, "not-found");
        problem(given().auth().oauth2(clerk).when().get(APPOINTMENTS).then(), 400, "validation-failed");
    }
}
