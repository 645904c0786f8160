package io.xiaoneng.complaint.complaint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.devstack.test.TopicReader;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.Topics;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * Related cases: linked, not merged. Both stay open and are handled separately, each shows its links, unlinking
 * removes them from both; an audit record and an event (published for real, valid against its schema) for both
 * cases; department scope: an official links only cases he may see, a supervisor any.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class ComplaintLinkTest {

    @Inject
    EntityManager em;

    @Inject
    EventSchemas schemas;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void linkedCasesStayOpenAndAreHandledSeparately() {
        String dept = department();
        String other = department();
        Case hotline = register(intake(), hotline(dept, "吴九", "13812340009"));
        Case web = register(null, web(other));
        String hotlineEtag = hotline.etag;

        var linked = links(intake(), hotline.id, Map.of("with", web.id, "reason", "同一事项，12345与网上渠道重复反映"))
                .then().statusCode(201).header("Location", endsWith("/links/" + web.id)).extract();
        assertThat((List<String>) linked.path("links.id")).containsExactly(web.id);
        assertThat(linked.<String>path("links[0].linkedBy")).isEqualTo("intake-li");

        // both show the link, both keep their state and ETag (a link is no transition)
        var h = hotline.get(intake());
        assertThat(h.header("ETag")).isEqualTo(hotlineEtag);
        assertThat(h.<String>path("status")).isEqualTo("RECEIVED");
        assertThat((List<String>) h.path("links.id")).containsExactly(web.id);
        assertThat((List<String>) h.path("links.reference")).containsExactly(web.reference);
        assertThat((List<String>) h.path("duplicates")).isEmpty();
        var w = web.get(intake());
        assertThat((List<String>) w.path("links.id")).containsExactly(hotline.id);
        assertThat(w.<String>path("links[0].reason")).isEqualTo("同一事项，12345与网上渠道重复反映");

        // handled separately: each runs its own steps
        hotline.ok(intake(), "accept", null);
        hotline.ok(intake(), "dispatch", Map.of("department", dept));
        hotline.ok(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "已整改"));
        hotline.ok(official(dept), "reply", Map.of("text", "已整改。"));
        web.get(intake());
        assertThat(web.get(intake()).<String>path("status")).isEqualTo("RECEIVED");
        assertThat((List<Object>) web.get(intake()).path("replies")).isEmpty();
        web.ok(intake(), "accept", null);
        web.ok(intake(), "dispatch", Map.of("department", other));
        assertThat(web.get(intake()).<String>path("links[0].status")).isEqualTo("REPLIED");

        // twice: 409; to itself: 422; the list endpoint
        links(supervisor(), web.id, Map.of("with", hotline.id)).then().statusCode(409);
        links(intake(), web.id, Map.of("with", web.id)).then().statusCode(422).body("errors.field", hasItem("with"));
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + web.id + "/links").then().statusCode(200)
                .body("links.id", contains(hotline.id));

        // history: one audit record for each case
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + hotline.id + "/history").then().statusCode(200)
                .body("action", hasItem("link"));
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + web.id + "/history").then().statusCode(200)
                .body("action", hasItem("link"));

        // unlink: gone from both, audit for both, and a second unlink finds nothing
        given().auth().oauth2(intake()).when().delete(COMPLAINTS + "/" + web.id + "/links/" + hotline.id).then().statusCode(200)
                .body("links", empty());
        assertThat((List<Object>) hotline.get(intake()).path("links")).isEmpty();
        assertThat((List<Object>) web.get(intake()).path("links")).isEmpty();
        given().auth().oauth2(intake()).when().delete(COMPLAINTS + "/" + web.id + "/links/" + hotline.id).then().statusCode(404);
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + hotline.id + "/history").then().statusCode(200)
                .body("action", hasItems("link", "unlink"));
        assertThat(linkRows(hotline.id)).isZero();

        // events: linked and unlinked on both keys, valid, no status change, nothing personal
        Map<String, List<InboundEvent>> events = consume(List.of(hotline.id, web.id));
        for (String id : List.of(hotline.id, web.id)) {
            String otherId = id.equals(hotline.id) ? web.id : hotline.id;
            List<InboundEvent> own = events.get(id).stream().filter(e -> e.type().contains("link")).toList();
            assertThat(own.stream().map(InboundEvent::type))
                    .containsExactly("xiaoneng.complaint.complaint.linked.v1", "xiaoneng.complaint.complaint.unlinked.v1");
            for (InboundEvent e : own) {
                assertThat(schemas.validate(e.type(), e.data())).as(e.data().toString()).isEmpty();
                assertThat(e.data().get("linkedWith").asText()).isEqualTo(otherId);
                assertThat(e.data().get("status").asText()).isEqualTo(e.data().get("previousStatus").asText());
                assertThat(e.data().toString()).doesNotContain("吴九").doesNotContain("13812340009").doesNotContain("同一事项");
            }
        }
    }

    @Test
    void departmentScope() {
        String dept = department();
        String other = department();
        Case a = dispatched(dept);
        Case b = dispatched(dept);
        Case foreign = dispatched(other);
        Case merged = register(null, web(dept));
        merged.ok(intake(), "merge", Map.of("into", b.id));

        // an official links two cases of his department
        links(official(dept), a.id, Map.of("with", b.id)).then().statusCode(201).body("links.id", contains(b.id));
        // not one he cannot see: as if it did not exist, nothing written
        links(official(dept), a.id, Map.of("with", foreign.id)).then().statusCode(422).body("errors.field", hasItem("with"));
        links(official(dept), a.id, Map.of("with", UUID.randomUUID())).then().statusCode(422);
        // nor from a case not his: 404
        links(official(dept), foreign.id, Map.of("with", a.id)).then().statusCode(404);
        assertThat(linkRows(foreign.id)).isZero();
        // readers only (admin, evaluator) do not link; a platform client not at all
        links(admin(), a.id, Map.of("with", foreign.id)).then().statusCode(403);
        links(platform(), a.id, Map.of("with", foreign.id)).then().statusCode(403);
        // a merged duplicate: link its master instead
        links(intake(), a.id, Map.of("with", merged.id)).then().statusCode(422).body("errors.field", hasItem("with"));
        // the supervisor links across departments
        links(supervisor(), foreign.id, Map.of("with", a.id)).then().statusCode(201);
        // each department sees only the links it may see
        given().auth().oauth2(official(dept)).when().get(COMPLAINTS + "/" + a.id).then().statusCode(200)
                .body("links.id", contains(b.id));
        given().auth().oauth2(supervisor()).when().get(COMPLAINTS + "/" + a.id).then().statusCode(200)
                .body("links.id", containsInAnyOrder(b.id, foreign.id));
        given().auth().oauth2(official(other)).when().get(COMPLAINTS + "/" + foreign.id + "/links").then().statusCode(200)
                .body("links", empty());
        // nor does the official unlink what he cannot see
        given().auth().oauth2(official(dept)).when().delete(COMPLAINTS + "/" + a.id + "/links/" + foreign.id).then().statusCode(422);
        assertThat(linkRows(foreign.id)).isEqualTo(1);
        // a malformed body: 400, nothing changed
        given().auth().oauth2(intake()).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .when().post(COMPLAINTS + "/" + a.id + "/links").then().statusCode(400);
        assertThat(linkRows(a.id)).isEqualTo(2);
    }

    private static Case dispatched(String dept) {
        Case c = register(null, web(dept));
        c.ok(intake(), "accept", null);
        c.ok(intake(), "dispatch", Map.of("department", dept));
        return c;
    }

    private static Response links(String token, String id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(COMPLAINTS + "/" + id + "/links");
    }

    private long linkRows(String id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from complaint_link where low_id = ?1 or high_id = ?1").setParameter(1, UUID.fromString(id))
                .getSingleResult()).longValue());
    }

    private Map<String, List<InboundEvent>> consume(List<String> keys) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(bootstrap, Topics.COMPLAINTS,
                r -> r.key() != null && keys.contains(r.key()),
                rs -> keys.stream().allMatch(k -> rs.stream().anyMatch(r -> k.equals(r.key()) && isUnlinked(r))),
                Duration.ofSeconds(120));
        Map<String, List<InboundEvent>> received = new HashMap<>();
        keys.forEach(k -> received.put(k, new ArrayList<>()));
        records.forEach(r -> received.get(r.key()).add(InboundEvent.from(r, json)));
        return received;
    }

    private static boolean isUnlinked(ConsumerRecord<String, byte[]> record) {
        String type = InboundEvent.typeOf(record);
        return type != null && type.contains("unlinked");
    }
}
