package io.xiaoneng.approval.calendar;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.approval.events.TopicProbe;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.calendar.CalendarYearParser;
import io.xiaoneng.platform.events.CalendarEvents;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.Topics;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.api.ProblemAssert.problem;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The calendar admin: bundled years seeded, a new year loaded and used at once, invalid data refused whole, the
 * year published on the compacted topic, other replicas' changes picked up. Ordered: 2027 is loaded once.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CalendarResourceTest {

    static final String YEARS = "/api/v1/calendar/years";

    /**
     * A test fixture for 2027, shaped like a State Council notice (春节 on 6 Feb 2027), NOT the official data: the
     * notice for 2027 is published late in 2026 and is what an administrator would load.
     */
    static final String Y2027 = """
            {
              "year": 2027,
              "sources": ["https://www.gov.cn/test-fixture/2027-holidays"],
              "holidays": [
                {"name": "元旦", "dates": ["2027-01-01", "2027-01-02", "2027-01-03"]},
                {"name": "春节", "dates": ["2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12", "2027-02-13"]},
                {"name": "劳动节", "dates": ["2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04", "2027-05-05"]},
                {"name": "国庆节", "dates": ["2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"]}
              ],
              "makeUpWorkdays": [
                {"name": "春节", "dates": ["2027-02-14", "2027-02-20"]},
                {"name": "劳动节", "dates": ["2027-05-08"]},
                {"name": "国庆节", "dates": ["2027-09-26", "2027-10-09"]}
              ]
            }""";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    EventSchemas schemas;

    @Inject
    Calendars calendars;

    @Inject
    EntityManager em;

    private static String admin() {
        return token("admin", "efficiency-office", "admin");
    }

    private static JsonPath workingDays(String from, int days) {
        return given().queryParam("from", from).queryParam("days", days)
                .when().get("/api/v1/calendar/working-days").then().statusCode(200).extract().jsonPath();
    }

    @Test
    @Order(1)
    void theBundledYearsAreSeededAndReadablePublicly() throws Exception {
        JsonPath years = given().when().get(YEARS).then().statusCode(200).extract().jsonPath();
        assertThat(years.getList("year", Integer.class)).contains(2024, 2025, 2026);
        assertThat(years.getString("find { it.year == 2025 }.origin")).isEqualTo("BUNDLED");
        assertThat(years.getInt("find { it.year == 2025 }.holidays")).isGreaterThan(20);

        // The document is the platform format: the parser accepts it as it is, so GET → edit → PUT works.
        String document = given().when().get(YEARS + "/2025").then().statusCode(200).header("ETag", "\"0\"").extract().asString();
        assertThat(CalendarYearParser.parse(document, 2025)).isEqualTo(calendars.current().year(2025).orElseThrow());

        // 春节 2025: 28 Jan – 4 Feb off, Sunday 26 Jan a make-up day.
        assertThat(workingDays("2025-01-24", 3).getString("date")).isEqualTo("2025-02-05");
        problem(given().when().get(YEARS + "/2031").then(), 404, "not-found");
    }

    @Test
    @Order(2)
    void aYearWithoutDataCannotBeCountedThrough() {
        var r = problem(given().queryParam("from", "2026-12-30").queryParam("days", 5)
                .when().get("/api/v1/calendar/working-days").then(), 422, "calendar-year-missing");
        assertThat(r.jsonPath().getInt("year")).isEqualTo(2027);
        assertThat(r.jsonPath().getString("detail")).contains("2027");
    }

    @Test
    @Order(3)
    void invalidYearDataIsRefusedWithEveryProblemAndNothingIsStored() {
        String broken = Y2027
                .replace("\"2027-10-01\", ", "")                    // a fixed-date statutory holiday missing
                .replace("\"2027-05-08\"", "\"2027-05-06\"")          // a make-up day on a Thursday
                .replace("\"2027-02-20\"", "\"2027-02-30\"");         // not a date
        var r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(broken)
                .when().put(YEARS + "/2027").then(), 422, "invalid-calendar-data");
        List<String> messages = r.jsonPath().getList("errors.message");
        assertThat(messages).hasSize(3);
        assertThat(String.join("\n", messages)).contains("2027-10-01").contains("2027-05-06").contains("2027-02-30");
        assertThat(r.jsonPath().getList("errors.field")).contains("holidays", "makeUpWorkdays", "makeUpWorkdays[0].dates");
        assertThat(r.jsonPath().getString("detail")).contains("2027").contains("3");

        // The year in the path and in the document must agree.
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Y2027)
                .when().put(YEARS + "/2028").then(), 422, "invalid-calendar-data");
        // Unknown members are refused, not dropped (a misspelt makeUpWorkdays would lose the make-up days).
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Y2027.replace("makeUpWorkdays", "makeupWorkdays"))
                .when().put(YEARS + "/2027").then(), 422, "invalid-calendar-data");
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"year\": 2027,")
                .when().put(YEARS + "/2027").then(), 400, "malformed-json");

        problem(given().when().get(YEARS + "/2027").then(), 404, "not-found");
        problem(given().when().get(YEARS + "/2028").then(), 404, "not-found");
        assertThat(calendars.current().coveredYears()).doesNotContain(2027, 2028);
    }

    @Test
    @Order(4)
    void onlyAnAdminLoadsYears() {
        problem(given().auth().oauth2(token("head-market", "market", "dept-head")).contentType(ContentType.JSON).body(Y2027)
                .when().put(YEARS + "/2027").then(), 403, "forbidden");
        problem(given().contentType(ContentType.JSON).body(Y2027).when().put(YEARS + "/2027").then(), 401, "unauthorized");
        problem(given().when().get(YEARS + "/2027").then(), 404, "not-found");
    }

    @Test
    @Order(5)
    void loading2027MakesWorkingDaysAcrossItAnswerable() {
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Y2027)
                .when().put(YEARS + "/2027")
                .then().statusCode(201).header("ETag", "\"0\"").header("Location", org.hamcrest.Matchers.endsWith(YEARS + "/2027"));

        // Across the new year: 31 Dec 2026 (Thu), 1–3 Jan off, then 4, 5, 6, 7 Jan.
        JsonPath newYear = workingDays("2026-12-30", 5);
        assertThat(newYear.getString("date")).isEqualTo("2027-01-07");
        assertThat(newYear.getString("from")).isEqualTo("2026-12-30");
        assertThat(newYear.getInt("days")).isEqualTo(5);
        // Across 春节 2027: Fri 5 Feb, (6–13 Feb off), Sun 14 Feb make-up day, Mon 15 Feb.
        assertThat(workingDays("2027-02-04", 3).getString("date")).isEqualTo("2027-02-15");
        assertThat(workingDays("2027-02-04", 0).getString("date")).isEqualTo("2027-02-04");
        assertThat(calendars.current().isWorkingDay(LocalDate.of(2027, 2, 20))).isTrue();

        JsonPath years = given().when().get(YEARS).then().statusCode(200).extract().jsonPath();
        assertThat(years.getString("find { it.year == 2027 }.origin")).isEqualTo("UPLOADED");
        assertThat(years.getInt("find { it.year == 2027 }.makeUpWorkdays")).isEqualTo(5);

        // The same data again changes nothing.
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Y2027)
                .when().put(YEARS + "/2027").then().statusCode(200).header("ETag", "\"0\"");
    }

    @Test
    @Order(6)
    void aCorrectionNeedsTheCurrentETagWhenOneIsGiven() {
        String corrected = Y2027.replace("{\"name\": \"劳动节\", \"dates\": [\"2027-05-08\"]}",
                "{\"name\": \"劳动节\", \"dates\": [\"2027-04-25\", \"2027-05-08\"]}");
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"7\"").body(corrected)
                .when().put(YEARS + "/2027").then(), 412, "precondition-failed");
        assertThat(calendars.current().isWorkingDay(LocalDate.of(2027, 4, 25))).isFalse();

        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(corrected)
                .when().put(YEARS + "/2027").then().statusCode(200).header("ETag", "\"1\"")
                .body("makeUpWorkdays.find { it.name == '劳动节' }.dates", org.hamcrest.Matchers.contains("2027-04-25", "2027-05-08"));
        assertThat(calendars.current().isWorkingDay(LocalDate.of(2027, 4, 25))).isTrue(); // applied at once
    }

    @Test
    @Order(7)
    void eachYearIsPublishedKeyedByTheYearAndValidAgainstItsSchema() throws Exception {
        // 2027 loaded and corrected here; 2025 seeded at the first start (and republished again by
        // ReferenceDataRepublicationTest when that ran before in this JVM: the topic is shared).
        List<InboundEvent> of2025 = TopicProbe.await(bootstrap, json, Topics.CALENDAR, "2025"::equals, 1, Duration.ofSeconds(60));
        assertThat(of2025).isNotEmpty();
        List<InboundEvent> events = new java.util.ArrayList<>(of2025);
        List<InboundEvent> of2027 = TopicProbe.await(bootstrap, json, Topics.CALENDAR, "2027"::equals, 2, Duration.ofSeconds(60));
        assertThat(of2027).extracting(InboundEvent::subject).containsExactly("2027", "2027");
        events.addAll(of2027);
        for (InboundEvent event : events) {
            assertThat(event.type()).isEqualTo(CalendarEvents.YEAR_PUBLISHED.type());
            assertThat(schemas.validate(event.type(), event.data())).as(event.data().toString()).isEmpty();
            // A consumer reads the data with the platform parser, as it would a bundled file.
            int year = Integer.parseInt(event.subject());
            assertThat(CalendarYearParser.parse(json.writeValueAsString(event.data()), year).year()).isEqualTo(year);
        }
        InboundEvent latest2027 = events.stream().filter(e -> e.subject().equals("2027")).reduce((a, b) -> b).orElseThrow();
        assertThat(latest2027.data().toString()).contains("2027-04-25"); // the corrected year, last per key
        assertThat(schemas.validate(CalendarEvents.YEAR_PUBLISHED.type(), json.readTree("{\"year\": 2027, \"sources\": []}"))).isNotEmpty();
    }

    @Test
    @Order(8)
    void aChangeMadeByAnotherReplicaIsPickedUp() {
        // Another replica corrects 2027 (here: straight in the table, as its transaction would); ours has not seen it.
        String moved = Y2027.replace("\"2027-09-26\"", "\"2027-09-25\"");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update calendar_year set data = ?1, row_version = row_version + 1 where year = 2027")
                .setParameter(1, moved).executeUpdate());
        assertThat(calendars.current().isWorkingDay(LocalDate.of(2027, 9, 25))).isFalse();
        calendars.refreshIfChanged(); // what the scheduled refresh does every xiaoneng.calendar.refresh-interval
        assertThat(calendars.current().isWorkingDay(LocalDate.of(2027, 9, 25))).isTrue();
        assertThat(calendars.current().isWorkingDay(LocalDate.of(2027, 9, 26))).isFalse();
        given().when().get(YEARS + "/2027").then().statusCode(200).header("ETag", "\"2\"")
                .body("year", equalTo(2027));
    }

    @Test
    @Order(9)
    void workingDaysParametersAreValidated() {
        problem(given().queryParam("from", "2025-02-30").queryParam("days", 1)
                .when().get("/api/v1/calendar/working-days").then(), 400, "validation-failed");
        problem(given().queryParam("from", "2025-01-01").queryParam("days", -1)
                .when().get("/api/v1/calendar/working-days").then(), 400, "validation-failed");
        problem(given().queryParam("days", 1).when().get("/api/v1/calendar/working-days").then(), 400, "validation-failed");
    }
}
