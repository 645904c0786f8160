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

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.api.ProblemAssert.problem;
import static io.xiaoneng.approval.window.api.OrgFixtures.admin;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Slot definition against the bundled 2026 working-day calendar (platform calendar/cn/2026.json, from the State
 * Council notice of November 2025, gov.cn content_7047091):
 * <ul>
 *   <li>春节 break: 15–23 February 2026 are all days off, among them Tuesday 17 February — a weekday that is
 *       <em>not</em> a working day, so a regular slot there is refused and a holiday slot is fine;</li>
 *   <li>Saturday 14 February and Saturday 28 February 2026 are make-up working days (调休上班) for that break — a
 *       weekend day that <em>is</em> a working day, so a regular slot there is accepted and a holiday slot refused;</li>
 *   <li>Saturday 7 February 2026 is an ordinary weekend day.</li>
 * </ul>
 * A weekday rule would get both of the first two wrong; that is what these tests pin down. "Now" is moved to
 * Monday 5 January 2026 so that February is in the future.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class SlotResourceTest {

    static final String SLOTS = "/api/v1/appointment-slots";

    static final LocalDate SPRING_FESTIVAL_TUESDAY = LocalDate.of(2026, 2, 17);
    static final LocalDate MAKE_UP_SATURDAY = LocalDate.of(2026, 2, 14);
    static final LocalDate ORDINARY_SATURDAY = LocalDate.of(2026, 2, 7);
    static final LocalDate ORDINARY_TUESDAY = LocalDate.of(2026, 2, 10);

    @Inject
    MovableAppointmentClock clock;

    String department;
    String head;
    /** Serves {@link #department}, extended hours and holiday service. */
    String window;

    @BeforeEach
    void setUp() {
        clock.setCenterTime(LocalDateTime.of(2026, 1, 5, 10, 0));
        department = OrgFixtures.department("slots");
        head = token("head-slots", department, "dept-head");
        window = OrgFixtures.window(List.of(department), true, true);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static Map<String, Object> slot(String window, LocalDate date, String start, String end, String kind, int capacity) {
        return Map.of("windowCode", window, "date", date.toString(), "start", start, "end", end, "kind", kind, "capacity", capacity);
    }

    static ValidatableResponse post(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("Accept-Language", "en").body(body)
                .when().post(SLOTS).then();
    }

    static ValidatableResponse generate(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("Accept-Language", "en").body(body)
                .when().post(SLOTS + "/generation").then();
    }

    // --- slot kinds against the calendar ----------------------------------------------------------------------------

    @Test
    void aRegularSlotOnTheSpringFestivalTuesdayIsRefusedAHolidaySlotIsFine() {
        ExtractableResponse<Response> refused = problem(post(head, slot(window, SPRING_FESTIVAL_TUESDAY, "09:00", "10:00", "REGULAR", 5)),
                422, "unprocessable");
        assertThat(refused.jsonPath().getString("errors[0].field")).isEqualTo("date");
        assertThat(refused.jsonPath().getString("detail")).contains("2026-02-17 is not a working day");

        post(head, slot(window, SPRING_FESTIVAL_TUESDAY, "09:30", "11:30", "HOLIDAY", 5))
                .statusCode(201)
                .body("kind", equalTo("HOLIDAY"))
                .body("startsAt", equalTo("2026-02-17T09:30:00+08:00"))
                .body("available", equalTo(5));

        // Extended hours are working-day service too.
        problem(post(head, slot(window, SPRING_FESTIVAL_TUESDAY, "17:30", "18:30", "EXTENDED_HOURS", 3)), 422, "unprocessable");
    }

    @Test
    void theMakeUpSaturdayTakesRegularSlotsButNoHolidaySlots() {
        post(head, slot(window, MAKE_UP_SATURDAY, "09:00", "10:00", "REGULAR", 5)).statusCode(201).body("kind", equalTo("REGULAR"));
        post(head, slot(window, MAKE_UP_SATURDAY, "12:00", "13:30", "EXTENDED_HOURS", 3)).statusCode(201);
        ExtractableResponse<Response> refused = problem(post(head, slot(window, MAKE_UP_SATURDAY, "14:00", "15:00", "HOLIDAY", 5)),
                422, "unprocessable");
        assertThat(refused.jsonPath().getString("detail")).contains("2026-02-14 is a working day");
    }

    @Test
    void ordinaryWeekendsAndWeekdaysFollowTheWeek() {
        problem(post(head, slot(window, ORDINARY_SATURDAY, "09:00", "10:00", "REGULAR", 5)), 422, "unprocessable");
        post(head, slot(window, ORDINARY_SATURDAY, "09:00", "10:00", "HOLIDAY", 5)).statusCode(201);
        post(head, slot(window, ORDINARY_TUESDAY, "09:00", "10:00", "REGULAR", 5)).statusCode(201);
        problem(post(head, slot(window, ORDINARY_TUESDAY, "10:00", "11:00", "HOLIDAY", 5)), 422, "unprocessable");
    }

    @Test
    void extendedAndHolidaySlotsOnlyAtWindowsOfferingThem() {
        String plain = OrgFixtures.window(List.of(department), false, false);
        ExtractableResponse<Response> r = problem(post(head, slot(plain, ORDINARY_TUESDAY, "17:30", "18:30", "EXTENDED_HOURS", 3)),
                422, "unprocessable");
        assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo("kind");
        problem(post(head, slot(plain, SPRING_FESTIVAL_TUESDAY, "09:00", "10:00", "HOLIDAY", 3)), 422, "unprocessable");
        post(head, slot(plain, ORDINARY_TUESDAY, "09:00", "10:00", "REGULAR", 3)).statusCode(201);
    }

    @Test
    void aYearWithoutCalendarDataIsRefusedNotGuessed() {
        ExtractableResponse<Response> r = problem(post(head, slot(window, LocalDate.of(2027, 3, 1), "09:00", "10:00", "REGULAR", 5)),
                422, "calendar-year-missing");
        assertThat(r.jsonPath().getString("detail")).contains("2027");
        problem(generate(head, Map.of("windowCode", window, "from", "2026-12-28", "to", "2027-01-08", "kind", "REGULAR",
                "times", List.of(Map.of("start", "09:00", "end", "10:00", "capacity", 5)))), 422, "calendar-year-missing");
        // Nothing of the range was created: the refusal is whole.
        given().auth().oauth2(head).when().get(SLOTS + "?window=" + window + "&from=2026-12-28&to=2026-12-31")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void timesMustMakeSense() {
        ExtractableResponse<Response> r = problem(post(head, slot(window, ORDINARY_TUESDAY, "10:00", "09:00", "REGULAR", 5)), 422, "unprocessable");
        assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo("end");
        // 5 January 2026 09:00 is before "now" (10:00 that day).
        problem(post(head, slot(window, LocalDate.of(2026, 1, 5), "09:00", "09:30", "REGULAR", 5)), 422, "unprocessable");
        problem(post(head, slot(window, ORDINARY_TUESDAY, "09:00", "10:00", "REGULAR", 0)), 400, "validation-failed");

        post(head, slot(window, ORDINARY_TUESDAY, "09:00", "10:00", "REGULAR", 5)).statusCode(201);
        problem(post(head, slot(window, ORDINARY_TUESDAY, "09:00", "09:45", "REGULAR", 5)), 409, "conflict");
    }

    // --- generation from a template ---------------------------------------------------------------------------------

    @Test
    void generationFollowsTheCalendarAndIsRepeatable() {
        Map<String, Object> regular = Map.of("windowCode", window, "from", "2026-02-09", "to", "2026-02-28", "kind", "REGULAR",
                "times", List.of(Map.of("start", "09:00", "end", "10:00", "capacity", 5),
                        Map.of("start", "14:30", "end", "15:30", "capacity", 5)));
        ExtractableResponse<Response> first = generate(head, regular).statusCode(200).extract();
        // Working days 9–14 Feb (the 14th a make-up Saturday) and 24–28 Feb (the 28th one too): 11 days × 2 times.
        List<String> dates = first.jsonPath().getList("created.date", String.class).stream().distinct().toList();
        assertThat(dates).containsExactly("2026-02-09", "2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13", "2026-02-14",
                "2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27", "2026-02-28");
        assertThat(first.jsonPath().getInt("createdCount")).isEqualTo(22);
        // 15–23 Feb, the whole Spring Festival break (weekend days inside it included), are skipped as days off.
        assertThat(first.jsonPath().getList("skippedDays.date", String.class)).containsExactly("2026-02-15", "2026-02-16",
                "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23");
        assertThat(first.jsonPath().getList("skippedDays.reason", String.class)).containsOnly("NON_WORKING_DAY");

        ExtractableResponse<Response> again = generate(head, regular).statusCode(200).extract();
        assertThat(again.jsonPath().getInt("createdCount")).isZero();
        assertThat(again.jsonPath().getInt("alreadyExisting")).isEqualTo(22);

        Map<String, Object> holiday = Map.of("windowCode", window, "from", "2026-02-09", "to", "2026-02-28", "kind", "HOLIDAY",
                "times", List.of(Map.of("start", "09:30", "end", "11:30", "capacity", 5)));
        ExtractableResponse<Response> holidays = generate(head, holiday).statusCode(200).extract();
        assertThat(holidays.jsonPath().getList("created.date", String.class)).containsExactly("2026-02-15", "2026-02-16",
                "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23");

        // Everyone signed in sees the slots, e.g. an applicant choosing one.
        given().auth().oauth2(token("applicant-a", null, "applicant"))
                .when().get(SLOTS + "?window=" + window + "&from=2026-02-14&to=2026-02-14")
                .then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].start", equalTo("09:00:00"))
                .body("[0].kind", equalTo("REGULAR"))
                .body("[0].available", equalTo(5));
    }

    @Test
    void generationRefusesBadTemplatesAndRanges() {
        ExtractableResponse<Response> r = problem(generate(head, Map.of("windowCode", window, "from", "2026-02-09", "to", "2026-02-13",
                "kind", "REGULAR", "times", List.of(Map.of("start", "09:00", "end", "10:00", "capacity", 5),
                        Map.of("start", "09:00", "end", "09:30", "capacity", 5)))), 422, "unprocessable");
        assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo("times[1].start");
        problem(generate(head, Map.of("windowCode", window, "from", "2026-02-13", "to", "2026-02-09", "kind", "REGULAR",
                "times", List.of(Map.of("start", "09:00", "end", "10:00", "capacity", 5)))), 422, "unprocessable");
        problem(generate(head, Map.of("windowCode", window, "from", "2026-02-01", "to", "2026-06-30", "kind", "REGULAR",
                "times", List.of(Map.of("start", "09:00", "end", "10:00", "capacity", 5)))), 422, "unprocessable");
        problem(generate(head, Map.of("windowCode", window, "from", "2026-01-02", "to", "2026-01-09", "kind", "REGULAR",
                "times", List.of(Map.of("start", "09:00", "end", "10:00", "capacity", 5)))), 422, "unprocessable");
    }

    // --- who may define slots ---------------------------------------------------------------------------------------

    @Test
    void onlyAnAdminOrAHeadOfTheWindowsDepartmentDefinesSlots() {
        String other = OrgFixtures.department("other");
        Map<String, Object> body = slot(window, ORDINARY_TUESDAY, "11:00", "12:00", "REGULAR", 5);

        ExtractableResponse<Response> r = problem(post(token("head-other", other, "dept-head"), body), 403, "forbidden");
        assertThat(r.jsonPath().getString("detail")).contains(window);
        problem(generate(token("head-other", other, "dept-head"), Map.of("windowCode", window, "from", "2026-02-09",
                "to", "2026-02-13", "kind", "REGULAR", "times", List.of(Map.of("start", "09:00", "end", "10:00", "capacity", 5)))),
                403, "forbidden");
        problem(post(token("clerk-slots", department, "clerk"), body), 403, "forbidden");
        problem(post(token("applicant-a", null, "applicant"), body), 403, "forbidden");

        post(admin(), body).statusCode(201);
        post(head, slot(window, ORDINARY_TUESDAY, "12:00", "13:00", "REGULAR", 5)).statusCode(201);
    }

    @Test
    void unknownAndInactiveWindowsAreRefused() {
        ExtractableResponse<Response> r = problem(post(head, slot("no-such-window", ORDINARY_TUESDAY, "09:00", "10:00", "REGULAR", 5)),
                422, "unprocessable");
        assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo("windowCode");

        Map<String, Object> change = given().auth().oauth2(admin()).when().get("/api/v1/windows/" + window)
                .then().extract().jsonPath().getMap("");
        change.remove("code");
        change.put("active", false);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(change)
                .when().put("/api/v1/windows/" + window).then().statusCode(200);
        problem(post(head, slot(window, ORDINARY_TUESDAY, "09:00", "10:00", "REGULAR", 5)), 422, "unprocessable");

        problem(given().auth().oauth2(head).when().get(SLOTS + "?window=no-such-window").then(), 404, "not-found");
        problem(given().auth().oauth2(head).when().get(SLOTS + "/999999999").then(), 404, "not-found");
    }
}
