package io.xiaoneng.evaluation.org;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.platform.problem.ProblemLeaks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Departments as the org projection would hold them after approval-service published them (the projection itself is
 * tested through Kafka in DepartmentProjectionTest), and the problem-shape check every test applies.
 */
@ApplicationScoped
public class OrgFixture {

    /**
     * Marks the rows this fixture writes straight into the projection: they never were on the org topic, so a replay
     * from the topic cannot (and must not) bring them back, and ProjectionReplayTest leaves them out.
     */
    public static final String FIXTURE_EVENT_PREFIX = "fixture:";

    @Inject
    EntityManager em;

    /** A fresh active department of {@code kind} with a unique code starting with {@code prefix}. */
    public String department(String prefix, String kind) {
        String code = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        insert into department_projection (code, name, kind, parent_code, active, as_of, event_id)
                        values (?1, ?2, ?3, null, true, ?4, ?5)""")
                .setParameter(1, code).setParameter(2, "部门 " + code).setParameter(3, kind)
                .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC)).setParameter(5, FIXTURE_EVENT_PREFIX + UUID.randomUUID())
                .executeUpdate());
        return code;
    }

    public String agency(String prefix) {
        return department(prefix, Departments.COUNTY_AGENCY);
    }

    public void deactivate(String code) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update department_projection set active = false where code = ?1")
                .setParameter(1, code).executeUpdate());
    }

    /** RFC 9457 shape, machine code, nothing internal leaked. */
    public static JsonPath problem(ExtractableResponse<Response> r, int status, String code) {
        String body = r.asString();
        assertThat(r.statusCode()).as("status of %s", body).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        ProblemLeaks.assertNone(body);
        JsonPath json = r.jsonPath();
        assertThat(json.getString("code")).isEqualTo(code);
        assertThat(json.getString("title")).isNotBlank();
        return json;
    }
}
