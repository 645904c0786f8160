package io.xiaoneng.approval.appointment.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.xiaoneng.approval.appointment.app.MovableAppointmentClock;
import io.xiaoneng.approval.events.TopicProbe;
import io.xiaoneng.approval.window.api.OrgFixtures;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.AppointmentEventTypes;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.Topics;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.api.ProblemAssert.problem;
import static io.xiaoneng.approval.window.api.OrgFixtures.admin;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Editing and removing appointment slots through the API: If-Match, department scope, the capacity never below the
 * bookings, times of booked slots locked, removal only empty or cancelling the bookings with a reason (each
 * cancellation audited and published for the applicant's notification). "Now": Sunday 1 March 2026, 15:00; the slot
 * lies on Monday 2 March (a working day), 09:00–10:00.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class SlotEditRemovalTest {

    static final String SLOTS = SlotResourceTest.SLOTS;

    @Inject
    MovableAppointmentClock clock;

    @Inject
    AuditTrail audit;

    @Inject
    EventSchemas schemas;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String department;
    String window;
    String head;

    @BeforeEach
    void setUp() {
        clock.setCenterTime(LocalDateTime.of(2026, 3, 1, 15, 0));
        department = OrgFixtures.department("slot-edit");
        window = OrgFixtures.window(List.of(department), true, true);
        head = token("head-" + department, department, "dept-head");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private long slot(String date, String start, String end, int capacity) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("windowCode", window, "date", date, "start", start, "end", end, "kind", "REGULAR", "capacity", capacity))
                .when().post(SLOTS).then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String etag(long id) {
        return given().auth().oauth2(admin()).when().get(SLOTS + "/" + id).then().statusCode(200).extract().header("ETag");
    }

    private static Map<String, Object> change(String date, String start, String end, int capacity) {
        return Map.of("date", date, "start", start, "end", end, "capacity", capacity);
    }

    private static ExtractableResponse<Response> put(String bearer, long id, String ifMatch, Map<String, Object> body) {
        RequestSpecification r = given().auth().oauth2(bearer).contentType(ContentType.JSON).header("Accept-Language", "en");
        if (ifMatch != null) {
            r.header("If-Match", ifMatch);
        }
        return r.body(body).when().put(SLOTS + "/" + id).then().extract();
    }

    private static ExtractableResponse<Response> delete(String bearer, long id, String ifMatch, Map<String, Object> query) {
        RequestSpecification r = given().auth().oauth2(bearer).header("Accept-Language", "en").queryParams(query);
        if (ifMatch != null) {
            r.header("If-Match", ifMatch);
        }
        return r.when().delete(SLOTS + "/" + id).then().extract();
    }

    private static String book(long slotId) {
        String applicant = token("appl-" + UUID.randomUUID(), null, "applicant");
        return AppointmentResourceTest.book(applicant, slotId, "ITEM-1").statusCode(201).extract().jsonPath().getString("id");
    }

    private int booked(long id) {
        return given().auth().oauth2(admin()).when().get(SLOTS + "/" + id).then().statusCode(200).extract().jsonPath().getInt("booked");
    }

    @Test
    void theAnswerToACreationCarriesTheETagToChangeTheSlotWith() {
        ExtractableResponse<Response> created = given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("windowCode", window, "date", "2026-03-02", "start", "16:00", "end", "17:00", "kind", "REGULAR", "capacity", 2))
                .when().post(SLOTS).then().statusCode(201).extract();
        long id = created.jsonPath().getLong("id");
        assertThat(created.header("ETag")).isNotBlank().isEqualTo(etag(id));

        ExtractableResponse<Response> changed = put(head, id, created.header("ETag"), change("2026-03-02", "16:00", "17:00", 3));
        assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);
    }

    @Test
    void capacityNeverBelowTheBookingsAndTimesOnlyWhileNobodyBooked() {
        long id = slot("2026-03-02", "09:00", "10:00", 3);
        String v0 = etag(id);
        // free slot: times and capacity may change
        ExtractableResponse<Response> moved = put(head, id, v0, change("2026-03-03", "14:00", "15:00", 4));
        assertThat(moved.statusCode()).as(moved.asString()).isEqualTo(200);
        assertThat(moved.jsonPath().getString("date")).isEqualTo("2026-03-03");
        assertThat(moved.jsonPath().getString("start")).startsWith("14:00");
        assertThat(moved.jsonPath().getInt("capacity")).isEqualTo(4);
        String v1 = moved.header("ETag");
        assertThat(v1).isNotEqualTo(v0);
        // the same again changes nothing: same ETag
        assertThat(put(head, id, v1, change("2026-03-03", "14:00", "15:00", 4)).header("ETag")).isEqualTo(v1);

        book(id);
        book(id);
        // bookings do not change the definition's ETag; the rule is checked on the locked row
        assertThat(etag(id)).isEqualTo(v1);
        JsonPath below = problem(put(head, id, v1, change("2026-03-03", "14:00", "15:00", 1)).response().then(), 409, "conflict").jsonPath();
        assertThat(below.getInt("booked")).isEqualTo(2);
        assertThat(below.getString("detail")).contains("2 are booked");
        // exactly the bookings is the boundary: allowed, and the slot is then full
        ExtractableResponse<Response> tight = put(head, id, v1, change("2026-03-03", "14:00", "15:00", 2));
        assertThat(tight.statusCode()).as(tight.asString()).isEqualTo(200);
        assertThat(tight.jsonPath().getInt("available")).isZero();
        String v2 = tight.header("ETag");
        // times of a booked slot are not moved under the applicants
        JsonPath locked = problem(put(head, id, v2, change("2026-03-03", "15:00", "16:00", 2)).response().then(), 409, "conflict").jsonPath();
        assertThat(locked.getString("detail")).contains("2 active bookings");

        // audited: the creation, then before/after of each change
        List<AuditTrail.Entry> trail = audit.of("appointment-slot", String.valueOf(id));
        assertThat(trail).extracting(AuditTrail.Entry::action).containsExactly("create", "change", "change");
        assertThat(trail.get(1).before().get("date").asText()).isEqualTo("2026-03-02");
        assertThat(trail.get(1).after().get("date").asText()).isEqualTo("2026-03-03");
        assertThat(trail.get(2).after().get("capacity").asInt()).isEqualTo(2);
        assertThat(trail.get(2).actor()).isEqualTo("head-" + department);
    }

    @Test
    void editsAreGuardedByIfMatchScopeAndTheCreationRules() {
        long id = slot("2026-03-02", "09:00", "10:00", 3);
        long other = slot("2026-03-02", "10:00", "11:00", 3);
        String v0 = etag(id);
        Map<String, Object> body = change("2026-03-02", "09:00", "10:00", 5);
        problem(put(head, id, null, body).response().then(), 428, "precondition-required");
        problem(put(head, id, "\"999\"", body).response().then(), 412, "precondition-failed");
        // a head of another department, a clerk of this one
        String stranger = token("head-x", OrgFixtures.department("other"), "dept-head");
        problem(put(stranger, id, v0, body).response().then(), 403, "forbidden");
        problem(put(token("clerk-" + department, department, "clerk"), id, v0, body).response().then(), 403, "forbidden");
        problem(put(head, 999_999_999L, v0, body).response().then(), 404, "not-found");
        // creation rules for new times
        problem(put(head, id, v0, change("2026-03-02", "10:00", "11:00", 3)).response().then(), 409, "conflict");   // other starts then
        problem(put(head, id, v0, change("2026-03-02", "10:00", "09:30", 3)).response().then(), 422, "unprocessable");
        problem(put(head, id, v0, change("2026-02-27", "09:00", "10:00", 3)).response().then(), 422, "unprocessable"); // past
        problem(put(head, id, v0, change("2026-03-07", "09:00", "10:00", 3)).response().then(), 422, "unprocessable"); // Saturday: REGULAR not allowed
        problem(put(head, id, v0, change("2026-03-02", "09:00", "10:00", 0)).response().then(), 400, "validation-failed");
        // nothing changed by all that
        assertThat(etag(id)).isEqualTo(v0);
        assertThat(audit.of("appointment-slot", String.valueOf(id))).extracting(AuditTrail.Entry::action).containsExactly("create");
        assertThat(etag(other)).isNotNull();

        // a slot that has started is history
        clock.setCenterTime(LocalDateTime.of(2026, 3, 2, 9, 0));
        problem(put(head, id, v0, body).response().then(), 409, "conflict");
        problem(delete(head, id, v0, Map.of()).response().then(), 409, "conflict");
    }

    @Test
    void removalOfAFreeSlotAndOfABookedOneCancellingAndNotifying() {
        long free = slot("2026-03-02", "09:00", "10:00", 3);
        ExtractableResponse<Response> gone = delete(head, free, etag(free), Map.of());
        assertThat(gone.statusCode()).as(gone.asString()).isEqualTo(200);
        assertThat(gone.jsonPath().getInt("cancelledBookings")).isZero();
        given().auth().oauth2(admin()).when().get(SLOTS + "/" + free).then().statusCode(404);
        List<Long> listed = given().auth().oauth2(admin()).queryParam("window", window).queryParam("from", "2026-03-02")
                .queryParam("to", "2026-03-02").when().get(SLOTS).then().statusCode(200).extract().jsonPath().getList("id", Long.class);
        assertThat(listed).doesNotContain(free);
        // its time is free for a new slot
        long again = slot("2026-03-02", "09:00", "10:00", 2);

        String a1 = book(again);
        String a2 = book(again);
        String v = etag(again);
        JsonPath refused = problem(delete(head, again, v, Map.of()).response().then(), 409, "conflict").jsonPath();
        assertThat(refused.getInt("activeBookings")).isEqualTo(2);
        problem(delete(head, again, v, Map.of("cancelBookings", true)).response().then(), 422, "unprocessable");
        problem(delete(token("head-y", OrgFixtures.department("other"), "dept-head"), again, v,
                Map.of("cancelBookings", true, "reason", "x")).response().then(), 403, "forbidden");
        assertThat(booked(again)).as("nothing changed by the refusals").isEqualTo(2);

        ExtractableResponse<Response> removed = delete(head, again, v, Map.of("cancelBookings", true, "reason", "窗口系统升级，请改约"));
        assertThat(removed.statusCode()).as(removed.asString()).isEqualTo(200);
        assertThat(removed.jsonPath().getInt("cancelledBookings")).isEqualTo(2);
        assertThat(removed.jsonPath().getList("cancelledAppointmentIds")).containsExactlyInAnyOrder(a1, a2);

        // the applicants see why; the booking is final; nobody can book the removed slot
        JsonPath view = given().auth().oauth2(admin()).when().get(AppointmentResourceTest.APPOINTMENTS + "/" + a1)
                .then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("status")).isEqualTo("CANCELLED");
        assertThat(view.getString("cancellationReason")).isEqualTo("窗口系统升级，请改约");
        assertThat(view.getString("closedBy")).isEqualTo("head-" + department);
        AppointmentResourceTest.book(token("late-" + UUID.randomUUID(), null, "applicant"), again, "ITEM-1").statusCode(422);
        problem(delete(head, again, v, Map.of()).response().then(), 404, "not-found");

        // audited: each cancellation and the removal
        assertThat(audit.of("appointment", a1)).extracting(AuditTrail.Entry::action).containsExactly("book", "cancel-by-center");
        List<AuditTrail.Entry> slotTrail = audit.of("appointment-slot", String.valueOf(again));
        assertThat(slotTrail).extracting(AuditTrail.Entry::action).containsExactly("create", "remove");
        assertThat(slotTrail.get(1).before().get("booked").asInt()).isEqualTo(2);
        assertThat(slotTrail.get(1).after().get("booked").asInt()).isZero();

        // published in order on the slot's key, valid against their schemas, without the applicants
        String key = AppointmentEventTypes.slotKey(again);
        List<InboundEvent> events = TopicProbe.await(bootstrap, json, Topics.APPOINTMENTS, key::equals, 3, Duration.ofSeconds(60));
        assertThat(events).extracting(InboundEvent::type).containsExactly(AppointmentEventTypes.APPOINTMENT_CANCELLED.type(),
                AppointmentEventTypes.APPOINTMENT_CANCELLED.type(), AppointmentEventTypes.SLOT_REMOVED.type());
        for (InboundEvent e : events) {
            assertThat(schemas.validate(e.type(), e.data())).as("%s: %s", e.type(), e.data()).isEmpty();
            assertThat(e.data().toString()).doesNotContain("appl-");
        }
        assertThat(events.get(0).data().get("reason").asText()).isEqualTo("窗口系统升级，请改约");
        assertThat(events.get(2).data().get("cancelledBookings").asInt()).isEqualTo(2);
    }

    @Test
    void aChangeIsPublished() {
        long id = slot("2026-03-02", "09:00", "10:00", 3);
        book(id);
        ExtractableResponse<Response> r = put(head, id, etag(id), change("2026-03-02", "09:00", "10:00", 6));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        String key = AppointmentEventTypes.slotKey(id);
        List<InboundEvent> events = TopicProbe.await(bootstrap, json, Topics.APPOINTMENTS, key::equals, 1, Duration.ofSeconds(60));
        assertThat(events).hasSize(1);
        InboundEvent changed = events.get(0);
        assertThat(changed.type()).isEqualTo(AppointmentEventTypes.SLOT_CHANGED.type());
        assertThat(schemas.validate(changed.type(), changed.data())).isEmpty();
        assertThat(changed.data().get("capacity").asInt()).isEqualTo(6);
        assertThat(changed.data().get("booked").asInt()).isEqualTo(1);
        assertThat(changed.data().get("previous").get("capacity").asInt()).isEqualTo(3);
    }
}
