package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.approval.window.api.OrgFixtures;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static io.xiaoneng.approval.application.ProblemChecks.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statistics per window (issue 4, item 7): the window that received a filing is recorded with it, checked (in
 * service, serving the handling department, only for window and agency filings), and counted per window.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class WindowStatisticsTest {

    @Inject
    TestClock clock;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    private static Case fileAt(String dept, String item, String window) {
        Map<String, Object> body = body(item, person(personId()));
        body.put("window", window);
        return file(clerk(dept), body);
    }

    private static JsonPath statistics(String bearer, String window) {
        return given().auth().oauth2(bearer).queryParam("window", window).when().get(APPLICATIONS + "/statistics")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void eachWindowCountsTheFilingsItReceived() {
        clock.set("2026-03-02");
        String dept = department();
        String item = item(dept, 10, false);
        String a01 = OrgFixtures.window(List.of(dept), false, false);
        String a02 = OrgFixtures.window(List.of(dept), false, false);

        Case first = fileAt(dept, item, a01);
        fileAt(dept, item, a01);
        fileAt(dept, item, a02);
        fileOnline("applicant-win", item); // online: no window
        assertThat(first.get(clerk(dept)).jsonPath().getString("window")).isEqualTo(a01);
        first.ok(clerk(dept), "acceptance", null);

        JsonPath atA01 = statistics(clerk(dept), a01);
        assertThat(atA01.getString("department")).isEqualTo(dept);
        assertThat(atA01.getString("window")).isEqualTo(a01);
        assertThat(atA01.getLong("received")).isEqualTo(2);
        assertThat(atA01.getLong("accepted")).isEqualTo(1);
        assertThat(atA01.getLong("currentLights.GREEN")).isEqualTo(2);
        assertThat(statistics(supervisor(), a02).getLong("received")).isEqualTo(1);
        assertThat(given().auth().oauth2(clerk(dept)).when().get(APPLICATIONS + "/statistics").then().statusCode(200)
                .extract().jsonPath().getLong("received")).as("the department: every channel").isEqualTo(4);
        // an official of another department counts only his own department's filings at the window: none
        assertThat(statistics(clerk(department()), a01).getLong("received")).isZero();
        problem(given().auth().oauth2(supervisor()).queryParam("window", "no-such-window").when().get(APPLICATIONS + "/statistics")
                .then().extract(), 404, "not-found");
    }

    @Test
    void theWindowMustServeTheDepartmentBeInServiceAndReceiveTheFiling() {
        clock.set("2026-03-02");
        String dept = department();
        String item = item(dept, 10, false);
        String elsewhere = OrgFixtures.window(List.of(department()), false, false);
        Map<String, Object> body = body(item, person(personId()));
        body.put("window", elsewhere);
        JsonPath notServing = problem(given().auth().oauth2(clerk(dept)).contentType(ContentType.JSON).body(body)
                .when().post(APPLICATIONS).then().extract(), 422, "unprocessable");
        assertThat(notServing.getString("rule")).isEqualTo("window-not-serving");
        assertThat(notServing.getList("errors.field")).containsExactly("window");

        body.put("window", "no-such-window");
        assertThat(problem(given().auth().oauth2(clerk(dept)).contentType(ContentType.JSON).body(body)
                .when().post(APPLICATIONS).then().extract(), 422, "unprocessable").getList("errors.field")).containsExactly("window");

        // an applicant filing online reaches no window
        body.put("window", OrgFixtures.window(List.of(dept), false, false));
        JsonPath online = problem(given().auth().oauth2(applicant("applicant-win")).contentType(ContentType.JSON).body(body)
                .when().post(APPLICATIONS).then().extract(), 422, "unprocessable");
        assertThat(online.getString("rule")).isEqualTo("window-not-for-channel");
        assertThat(given().auth().oauth2(clerk(dept)).when().get(APPLICATIONS).then().statusCode(200).extract().jsonPath()
                .getInt("total")).as("nothing was filed").isZero();
    }
}
