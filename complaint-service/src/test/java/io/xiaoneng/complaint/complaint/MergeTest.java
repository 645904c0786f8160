package io.xiaoneng.complaint.complaint;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** Duplicates across channels merge into one case; every complainant gets the reply and rates it himself. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class MergeTest {

    @Test
    void everyComplainantOfAMergedCaseGetsTheReplyAndGivesFeedback() {
        String dept = department();
        Case master = register(intake(), hotline(dept, "孙七", "13812340001"));
        Case web = register(null, web(dept));
        Case letter = register(intake(), Map.of("channel", "LETTER", "category", "delay", "description", "同一问题来信反映",
                "targetDepartment", dept, "anonymous", false, "complainant", Map.of("name", "周八")));
        Case third = register(null, web(dept));
        master.ok(intake(), "accept", null);
        web.ok(intake(), "merge", Map.of("into", master.id));
        // the letter was merged into the web duplicate first: it follows to the master
        letter.ok(intake(), "merge", Map.of("into", third.id));
        third.ok(intake(), "merge", Map.of("into", master.id));
        var m = master.get(intake());
        assertThat((List<String>) m.path("duplicates")).containsExactlyInAnyOrder(web.id, letter.id, third.id);
        // the letter's move to the master is a change of its own: audited (and published, ComplaintEventsTest)
        List<Map<String, Object>> letterHistory = given().auth().oauth2(supervisor()).when()
                .get(COMPLAINTS + "/" + letter.id + "/history").then().statusCode(200).extract().path("$");
        List<Map<String, Object>> merges = letterHistory.stream().filter(e -> "merge".equals(e.get("action"))).toList();
        assertThat(merges).hasSize(2);
        assertThat(((Map<String, Object>) merges.get(0).get("after")).get("mergedInto")).isEqualTo(third.id);
        Map<String, Object> moved = merges.get(1);
        assertThat(moved.get("actor")).isEqualTo("intake-li");
        assertThat(((Map<String, Object>) moved.get("before")).get("mergedInto")).isEqualTo(third.id);
        assertThat(((Map<String, Object>) moved.get("after")).get("mergedInto")).isEqualTo(master.id);
        assertThat(((Map<String, Object>) ((Map<String, Object>) moved.get("after")).get("details")).get("previousMaster"))
                .isEqualTo(third.id);
        assertThat((String) letter.get(intake()).path("mergedInto")).isEqualTo(master.id);

        web.command(intake(), "accept", null).then().statusCode(409).body("state", equalTo("MERGED"));
        web.command(intake(), "merge", Map.of("into", web.id)).then().statusCode(422);

        master.ok(intake(), "dispatch", Map.of("department", dept));
        master.ok(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "已整改"));
        var replied = master.ok(official(dept), "reply", Map.of("text", "经查属实，已督促整改。"));
        assertThat((List<String>) replied.path("replies.addresseeId")).containsExactlyInAnyOrder(master.id, web.id, letter.id, third.id);

        for (Case dup : List.of(web, letter, third)) {
            given().when().get("/api/v1/complaint-tracking/" + dup.trackingCode).then().statusCode(200)
                    .body("merged", equalTo(true))
                    .body("mergedIntoReference", equalTo(master.reference))
                    .body("status", equalTo("REPLIED"))
                    .body("replies[0].text", equalTo("经查属实，已督促整改。"))
                    .body("canGiveFeedback", equalTo(true));
        }
        given().contentType(ContentType.JSON).body(Map.of("satisfied", false, "note", "整改不到位"))
                .when().post("/api/v1/complaint-tracking/" + web.trackingCode + "/feedback").then().statusCode(200)
                .body("replies[0].satisfied", equalTo(false)).body("canGiveFeedback", equalTo(false));
        given().contentType(ContentType.JSON).body(Map.of("satisfied", true))
                .when().post("/api/v1/complaint-tracking/" + web.trackingCode + "/feedback").then().statusCode(409);
        letter.get(intake());
        letter.ok(intake(), "feedback", Map.of("satisfied", true, "note", "电话回访满意"));
        given().contentType(ContentType.JSON).body(Map.of("satisfied", true))
                .when().post("/api/v1/complaint-tracking/" + master.trackingCode + "/feedback").then().statusCode(200)
                .body("status", equalTo("RATED"));
        var after = master.get(intake());
        assertThat((List<Boolean>) after.path("replies.satisfied")).containsExactlyInAnyOrder(true, false, true, null);

        // an answered case takes no more duplicates: their complainant would miss the reply
        Case late = register(null, web(dept));
        late.command(intake(), "merge", Map.of("into", master.id)).then().statusCode(422).body("errors.field", hasItem("into"));
    }
}
