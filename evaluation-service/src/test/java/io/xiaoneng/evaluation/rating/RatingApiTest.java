package io.xiaoneng.evaluation.rating;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.evaluation.Checks;
import io.xiaoneng.evaluation.Facts;
import io.xiaoneng.evaluation.projection.ProjectedCalendar;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.events.EvaluationEventTypes;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.Topics;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static io.xiaoneng.evaluation.Checks.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Ratings (好差评) through HTTP on applications projected from real Kafka records: one rating per completed case by
 * its applicant, never by a handler; bad reviews open a rectification (measures, call-back, re-rating); appeals;
 * published statistics with the response rate; events valid against their schemas; audit trail.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class RatingApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EntityManager em;

    @Inject
    ProjectedCalendar calendar;

    @Inject
    AuditTrail audit;

    Facts facts;

    @BeforeEach
    void facts() {
        facts = new Facts(bootstrap);
    }

    @AfterEach
    void close() {
        facts.close();
    }

    static final String APPLICANT = "zhang-san";

    Facts.Application completedCase(String department, String clerk, String approver) {
        Facts.Application a = facts.application(department, "item-" + department, Instant.now().minusSeconds(86_400))
                .fullLifecycle(clerk, approver, true, 3);
        awaitStatus(a, "COMPLETED");
        return a;
    }

    void awaitStatus(Facts.Application a, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status.equals(Checks.single(em,
                "select status from application_projection where application_id = cast(?1 as uuid)", a.id)));
    }

    ExtractableResponse<Response> rate(String user, Facts.Application a, String level, String... roles) {
        return given().auth().oauth2(token(user, null, roles.length == 0 ? new String[] {"applicant"} : roles))
                .contentType(ContentType.JSON)
                .body(Map.of("applicationId", a.id, "trackingNumber", a.trackingNumber, "level", level, "comment", "窗口态度"))
                .when().post("/api/v1/ratings").then().extract();
    }

    long ratings(Facts.Application a) {
        return Checks.count(em, "select count(*) from rating where application_id = cast(?1 as uuid)", a.id);
    }

    @Test
    void theApplicantRatesOnceAndAGoodRatingOpensNothing() {
        Facts.Application a = completedCase("rt-a", "clerk-rta", "approver-rta");
        var created = rate(APPLICANT, a, "SATISFIED");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/ratings/" + created.path("id"));
        assertThat(created.<String>path("department")).isEqualTo("rt-a");
        assertThat(created.<String>path("rater")).isEqualTo(APPLICANT);
        assertThat(created.<String>path("rectificationId")).isNull();   // a good rating opens none

        problem(rate(APPLICANT, a, "VERY_SATISFIED"), 409, "conflict");
        assertThat(ratings(a)).isEqualTo(1);
        assertThat(Checks.count(em, "select count(*) from rectification where application_id = cast(?1 as uuid)", a.id)).isZero();

        // An official of the department sees it without the rater's name; another department does not see it.
        given().auth().oauth2(token("clerk-rta", "rt-a", "clerk")).when().get("/api/v1/ratings/" + created.path("id"))
                .then().statusCode(200).header("ETag", equalTo("\"0\"")).body("level", equalTo("SATISFIED")).body("rater", nullValue());
        problem(given().auth().oauth2(token("clerk-x", "rt-other", "clerk")).when().get("/api/v1/ratings/" + created.path("id"))
                .then().extract(), 404, "not-found");

        String ratingId = created.path("id");
        assertThat(audit.of("rating", ratingId)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(APPLICANT);
            assertThat(e.action()).isEqualTo("rated");
        });
        List<Checks.Received> events = Checks.events(bootstrap, Topics.RATINGS, a.id, l -> !l.isEmpty());
        assertThat(events).extracting(Checks.Received::type).containsExactly(EvaluationEventTypes.RATING_SUBMITTED.type());
        assertValid(events);
        assertThat(events.get(0).json()).doesNotContain(APPLICANT);
    }

    @Test
    void aHandlerCanNeverRateHisOwnCaseAndOnlyCompletedCasesAreRated() throws Exception {
        Facts.Application a = completedCase("rt-b", "clerk-rtb", "approver-rtb");
        // The clerk who accepted it, even signed in as an applicant (a private matter of his own), and the approver.
        JsonAssert.forbidden(problem(rate("clerk-rtb", a, "VERY_SATISFIED"), 403, "forbidden").getString("detail"));
        problem(rate("approver-rtb", a, "VERY_SATISFIED", "applicant", "approver"), 403, "forbidden");
        // Officials as such cannot rate at all.
        problem(rate("clerk-other", a, "SATISFIED", "clerk"), 403, "forbidden");
        // The tracking number on the receipt must match: otherwise the case is not found.
        problem(given().auth().oauth2(token(APPLICANT, null, "applicant")).contentType(ContentType.JSON)
                .body(Map.of("applicationId", a.id, "trackingNumber", "XN20990101000001", "level", "SATISFIED"))
                .when().post("/api/v1/ratings").then().extract(), 404, "not-found");
        problem(given().auth().oauth2(token(APPLICANT, null, "applicant")).contentType(ContentType.JSON)
                .body(Map.of("applicationId", UUID.randomUUID(), "trackingNumber", a.trackingNumber, "level", "SATISFIED"))
                .when().post("/api/v1/ratings").then().extract(), 404, "not-found");
        var unknownLevel = problem(rate(APPLICANT, a, "SUPERB"), 422, "unprocessable");
        assertThat(unknownLevel.getString("errors[0].field")).isEqualTo("level");
        problem(given().auth().oauth2(token(APPLICANT, null, "applicant")).contentType(ContentType.JSON)
                .body(Map.of("trackingNumber", a.trackingNumber)).when().post("/api/v1/ratings").then().extract(), 400, "validation-failed");
        assertThat(ratings(a)).isZero();

        Facts.Application running = facts.application("rt-b", "item-rt-b", Instant.now()).submitted().accepted("clerk-rtb");
        awaitStatus(running, "ACCEPTED");
        problem(rate(APPLICANT, running, "SATISFIED"), 409, "conflict");
        assertThat(ratings(running)).isZero();

        given().when().post("/api/v1/ratings").then().statusCode(401);
    }

    /** The detail names the reason (not a bare "forbidden"). */
    static final class JsonAssert {
        static void forbidden(String detail) {
            assertThat(detail).isNotBlank();
        }
    }

    @Test
    void aBadReviewOpensARectificationThatIsFixedCalledBackAndReRated() {
        Facts.Application a = completedCase("rt-c", "clerk-rtc", "approver-rtc");
        var rated = rate(APPLICANT, a, "VERY_DISSATISFIED");
        assertThat(rated.statusCode()).isEqualTo(201);
        String ratingId = rated.path("id");
        // The rater reaches his rectification over HTTP: its id is in the rating (the answer and GET), and he lists it.
        String id = rated.path("rectificationId");
        assertThat(id).isEqualTo(Checks.single(em, "select cast(id as varchar) from rectification where rating_id = cast(?1 as uuid)", ratingId));
        var rater = token(APPLICANT, null, "applicant");
        given().auth().oauth2(rater).when().get("/api/v1/ratings/" + ratingId).then().statusCode(200).body("rectificationId", equalTo(id));
        given().auth().oauth2(rater).when().get("/api/v1/rectifications").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id))
                .body("items.ratingId", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.in(
                        given().auth().oauth2(rater).when().get("/api/v1/ratings?size=100").then().statusCode(200)
                                .extract().jsonPath().getList("items.id", String.class))));
        // Another applicant lists none of his; an official of the department sees the id in the rating too.
        given().auth().oauth2(token("li-si", null, "applicant")).when().get("/api/v1/rectifications").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
        given().auth().oauth2(token("clerk-rtc2", "rt-c", "clerk")).when().get("/api/v1/ratings/" + ratingId).then().statusCode(200)
                .body("rectificationId", equalTo(id)).body("rater", nullValue());
        given().auth().oauth2(rater).when().get("/api/v1/rectifications/" + id).then().statusCode(200).body("ratingId", equalTo(ratingId));

        LocalDate today = LocalDate.now(WorkingDayCalendar.ZONE);
        String url = "/api/v1/rectifications/" + id;
        var clerk = token("clerk-rtc2", "rt-c", "clerk");
        given().auth().oauth2(clerk).when().get(url).then().statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("dueOn", equalTo(calendar.current().addWorkingDays(today, 15).toString()))
                .body("allowedCommands", equalTo(List.of("measures")));

        // Another department's official may not act; the rater may not record measures; If-Match is required.
        problem(given().auth().oauth2(token("clerk-x", "rt-other", "clerk")).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("measures", "x")).when().post(url + "/measures").then().extract(), 404, "not-found");
        problem(given().auth().oauth2(clerk).contentType(ContentType.JSON)
                .body(Map.of("measures", "培训窗口人员")).when().post(url + "/measures").then().extract(), 428, "precondition-required");
        problem(given().auth().oauth2(clerk).contentType(ContentType.JSON).header("If-Match", "\"7\"")
                .body(Map.of("measures", "培训窗口人员")).when().post(url + "/measures").then().extract(), 412, "precondition-failed");
        // Re-rating before the call-back: 409 naming what is allowed.
        var early = problem(given().auth().oauth2(token(APPLICANT, null, "applicant")).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("level", "SATISFIED")).when().post(url + "/re-rating").then().extract(), 409, "illegal-transition");
        assertThat(early.getList("allowed", String.class)).containsExactly("measures");

        given().auth().oauth2(clerk).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("measures", "培训窗口人员，公开材料清单")).when().post(url + "/measures")
                .then().statusCode(200).header("ETag", equalTo("\"1\"")).body("status", equalTo("FIXED"))
                .body("fixedOn", equalTo(today.toString()));
        // Not reached: the attempt is recorded, the case waits for the next call.
        given().auth().oauth2(clerk).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("reached", false, "note", "无人接听")).when().post(url + "/call-back")
                .then().statusCode(200).body("status", equalTo("FIXED")).body("callbackAttempts", equalTo(1));
        given().auth().oauth2(clerk).contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body(Map.of("reached", true, "note", "已回访")).when().post(url + "/call-back")
                .then().statusCode(200).body("status", equalTo("CALLED_BACK")).body("allowedCommands", equalTo(List.of("re-rating")));

        // Only the rater rates the fix.
        problem(given().auth().oauth2(token("li-si", null, "applicant")).contentType(ContentType.JSON).header("If-Match", "\"3\"")
                .body(Map.of("level", "SATISFIED")).when().post(url + "/re-rating").then().extract(), 404, "not-found");
        given().auth().oauth2(token(APPLICANT, null, "applicant")).contentType(ContentType.JSON).header("If-Match", "\"3\"")
                .body(Map.of("level", "SATISFIED")).when().post(url + "/re-rating")
                .then().statusCode(200).body("status", equalTo("CLOSED")).body("reRatingLevel", equalTo("SATISFIED"))
                .body("onTime", equalTo(true)).body("allowedCommands", equalTo(List.of()));

        assertThat(audit.of("rectification", id)).extracting(AuditTrail.Entry::action)
                .containsExactly("opened", "measures", "call-back", "call-back", "re-rated");
        List<Checks.Received> events = Checks.events(bootstrap, Topics.RATINGS, a.id, l -> l.size() >= 3);
        assertThat(events).extracting(Checks.Received::type).containsExactly(EvaluationEventTypes.RATING_SUBMITTED.type(),
                EvaluationEventTypes.RECTIFICATION_OPENED.type(), EvaluationEventTypes.RECTIFICATION_CLOSED.type());
        assertValid(events);
        assertThat(events.get(2).json()).contains("\"outcome\":\"RESOLVED\"");
    }

    @Test
    void anUpheldAppealExcludesTheRatingAndCancelsItsRectification() {
        Facts.Application a = completedCase("rt-d", "clerk-rtd", "approver-rtd");
        String ratingId = rate(APPLICANT, a, "DISSATISFIED").path("id");
        Facts.Application good = completedCase("rt-d", "clerk-rtd", "approver-rtd");
        String goodId = rate(APPLICANT, good, "VERY_SATISFIED").path("id");

        // A clerk cannot appeal; a head of another department does not see it; only bad reviews are appealed.
        problem(given().auth().oauth2(token("clerk-rtd", "rt-d", "clerk")).contentType(ContentType.JSON)
                .body(Map.of("reason", "恶意差评")).when().post("/api/v1/ratings/" + ratingId + "/appeal").then().extract(), 403, "forbidden");
        problem(given().auth().oauth2(token("head-x", "rt-other", "dept-head")).contentType(ContentType.JSON)
                .body(Map.of("reason", "恶意差评")).when().post("/api/v1/ratings/" + ratingId + "/appeal").then().extract(), 404, "not-found");
        var head = token("head-rtd", "rt-d", "dept-head");
        problem(given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("reason", "x")).when().post("/api/v1/ratings/" + goodId + "/appeal").then().extract(), 422, "unprocessable");

        var filed = given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("reason", "评价人与窗口无业务往来，系恶意差评")).when().post("/api/v1/ratings/" + ratingId + "/appeal")
                .then().statusCode(201).body("status", equalTo("FILED")).extract();
        String appealId = filed.path("id");
        problem(given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("reason", "again")).when().post("/api/v1/ratings/" + ratingId + "/appeal").then().extract(), 409, "conflict");

        // The department cannot decide its own appeal.
        problem(given().auth().oauth2(head).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("upheld", true)).when().post("/api/v1/rating-appeals/" + appealId + "/decision").then().extract(), 403, "forbidden");
        var supervisor = token("sup-1", null, "supervisor");
        problem(given().auth().oauth2(supervisor).contentType(ContentType.JSON)
                .body(Map.of("upheld", true)).when().post("/api/v1/rating-appeals/" + appealId + "/decision").then().extract(), 428, "precondition-required");
        given().auth().oauth2(supervisor).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("upheld", true, "note", "核实为恶意")).when().post("/api/v1/rating-appeals/" + appealId + "/decision")
                .then().statusCode(200).body("status", equalTo("UPHELD")).body("decidedBy", equalTo("sup-1"));
        problem(given().auth().oauth2(supervisor).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("upheld", false)).when().post("/api/v1/rating-appeals/" + appealId + "/decision").then().extract(), 409, "illegal-transition");

        given().auth().oauth2(supervisor).when().get("/api/v1/ratings/" + ratingId).then().statusCode(200)
                .body("excluded", equalTo(true)).body("rater", equalTo(APPLICANT));
        assertThat(Checks.single(em, "select status from rectification where rating_id = cast(?1 as uuid)", ratingId)).isEqualTo("CANCELLED");
        List<Checks.Received> events = Checks.events(bootstrap, Topics.RATINGS, a.id, l -> l.size() >= 4);
        assertThat(events).extracting(Checks.Received::type).containsExactly(EvaluationEventTypes.RATING_SUBMITTED.type(),
                EvaluationEventTypes.RECTIFICATION_OPENED.type(), EvaluationEventTypes.RATING_EXCLUDED.type(),
                EvaluationEventTypes.RECTIFICATION_CLOSED.type());
        assertValid(events);

        // Statistics: the excluded rating is out of the satisfaction, yet the applicant did respond.
        String today = LocalDate.now(WorkingDayCalendar.ZONE).toString();
        String yesterday = LocalDate.now(WorkingDayCalendar.ZONE).minusDays(1).toString();
        given().auth().oauth2(token("head-rtd", "rt-d", "dept-head"))
                .queryParam("from", yesterday).queryParam("to", today)
                .when().get("/api/v1/ratings/statistics")
                .then().statusCode(200)
                .body("departments.size()", equalTo(1))
                .body("departments[0].department", equalTo("rt-d"))
                .body("departments[0].completed", equalTo(2))
                .body("departments[0].rated", equalTo(2))
                .body("departments[0].responseRate", equalTo(1.0f))
                .body("departments[0].validRatings", equalTo(1))
                .body("departments[0].excluded", equalTo(1))
                .body("departments[0].satisfactionRate", equalTo(1.0f))
                .body("departments[0].badReviews", equalTo(0))
                .body("departments[0].rectificationsOpened", equalTo(0));
    }

    @Test
    void statisticsPublishTheResponseRateBesideTheSatisfactionInDepartmentScope() {
        Facts.Application good = completedCase("rt-e", "clerk-rte", "approver-rte");
        Facts.Application bad = completedCase("rt-e", "clerk-rte", "approver-rte");
        completedCase("rt-e", "clerk-rte", "approver-rte");
        completedCase("rt-e", "clerk-rte", "approver-rte");
        rate(APPLICANT, good, "BASICALLY_SATISFIED");
        rate("wang-wu", bad, "DISSATISFIED");
        String from = LocalDate.now(WorkingDayCalendar.ZONE).minusDays(1).toString();
        String to = LocalDate.now(WorkingDayCalendar.ZONE).toString();

        given().auth().oauth2(token("eval-1", null, "evaluator"))
                .queryParam("from", from).queryParam("to", to).queryParam("department", "rt-e")
                .when().get("/api/v1/ratings/statistics")
                .then().statusCode(200)
                .body("departments[0].completed", equalTo(4))
                .body("departments[0].rated", equalTo(2))
                .body("departments[0].responseRate", equalTo(0.5f))
                .body("departments[0].basicallySatisfied", equalTo(1))
                .body("departments[0].dissatisfied", equalTo(1))
                .body("departments[0].satisfactionRate", equalTo(0.5f))
                .body("departments[0].badReviews", equalTo(1))
                .body("departments[0].rectificationsOpened", equalTo(1))
                .body("departments[0].rectificationsOverdue", equalTo(0));
        // An official sees only his own department; applicants see no statistics; dates are required and ordered.
        problem(given().auth().oauth2(token("clerk-x", "rt-other", "clerk"))
                .queryParam("from", from).queryParam("to", to).queryParam("department", "rt-e")
                .when().get("/api/v1/ratings/statistics").then().extract(), 403, "forbidden");
        problem(given().auth().oauth2(token(APPLICANT, null, "applicant"))
                .queryParam("from", from).queryParam("to", to).when().get("/api/v1/ratings/statistics").then().extract(), 403, "forbidden");
        problem(given().auth().oauth2(token("eval-1", null, "evaluator"))
                .queryParam("from", to).queryParam("to", from).when().get("/api/v1/ratings/statistics").then().extract(), 400, "bad-request");
        var malformed = problem(given().auth().oauth2(token("eval-1", null, "evaluator")).header("Accept-Language", "en")
                .queryParam("from", "2026-13-01").queryParam("to", to).when().get("/api/v1/ratings/statistics").then().extract(),
                400, "validation-failed");
        assertThat(malformed.getList("errors.field", String.class)).containsExactly("from");
        assertThat(malformed.getList("errors.message", String.class)).containsExactly("a date yyyy-MM-dd is required");
        problem(given().auth().oauth2(token("eval-1", null, "evaluator"))
                .queryParam("from", from).when().get("/api/v1/ratings/statistics").then().extract(), 400, "validation-failed");
        // Dates that parse but lie beyond any next day or the database's range: 400 naming the parameter, not a 500.
        var farTo = problem(given().auth().oauth2(token("eval-1", null, "evaluator")).header("Accept-Language", "en")
                .queryParam("from", from).queryParam("to", "+999999999-12-31").when().get("/api/v1/ratings/statistics").then().extract(),
                400, "validation-failed");
        assertThat(farTo.getList("errors.field", String.class)).containsExactly("to");
        assertThat(farTo.getList("errors.message", String.class)).containsExactly("must lie in the years 2000 to 2100");
        var farFrom = problem(given().auth().oauth2(token("eval-1", null, "evaluator"))
                .queryParam("from", "-999999999-01-01").queryParam("to", to).when().get("/api/v1/ratings/statistics").then().extract(),
                400, "validation-failed");
        assertThat(farFrom.getList("errors.field", String.class)).containsExactly("from");

        // Lists: the applicant sees his own, the department its own.
        given().auth().oauth2(token("wang-wu", null, "applicant")).when().get("/api/v1/ratings")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].level", equalTo("DISSATISFIED"));
        given().auth().oauth2(token("clerk-rte", "rt-e", "clerk")).when().get("/api/v1/ratings")
                .then().statusCode(200).body("total", equalTo(2));
        given().auth().oauth2(token("clerk-rte", "rt-e", "clerk")).queryParam("status", "OPEN").when().get("/api/v1/rectifications")
                .then().statusCode(200).body("total", equalTo(1));
        problem(given().auth().oauth2(token("clerk-rte", "rt-e", "clerk")).queryParam("size", 1000).when().get("/api/v1/ratings")
                .then().extract(), 400, "validation-failed");
    }

    void assertValid(List<Checks.Received> events) {
        EventSchemas schemas = new EventSchemas();
        for (Checks.Received e : events) {
            try {
                assertThat(schemas.validate(e.type(), Facts.JSON.readTree(e.json()))).as(e.type()).isEmpty();
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }
    }
}
