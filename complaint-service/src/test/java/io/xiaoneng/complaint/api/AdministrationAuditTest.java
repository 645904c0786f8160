package io.xiaoneng.complaint.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.audit.AuditTrail;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrative state changes are audited like the complaints' (found missing by system-tests'
 * AuditTrailTest): a category created and changed (before and after), a monitoring point designated, an Open311
 * client registered — never its API key.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class AdministrationAuditTest {

    @Inject
    AuditTrail audit;

    @Test
    void aCategoryCreatedAndChangedLeavesBeforeAndAfter() {
        String code = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new HashMap<>(Map.of("nameZh", "审计", "nameEn", "Audit", "active", true));
        Response created = given().auth().oauth2(token("admin", "efficiency-office", "admin")).contentType(ContentType.JSON)
                .body(body).when().put("/api/v1/complaint-categories/" + code);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        body.put("nameEn", "Audited");
        given().auth().oauth2(token("admin", "efficiency-office", "admin")).contentType(ContentType.JSON)
                .header("If-Match", created.header("ETag")).body(body)
                .when().put("/api/v1/complaint-categories/" + code).then().statusCode(200);

        List<AuditTrail.Entry> trail = audit.of("complaint-category", code);
        assertThat(trail).extracting(AuditTrail.Entry::action).containsExactly("created", "changed");
        assertThat(trail).extracting(AuditTrail.Entry::actor).containsOnly("admin");
        assertThat(trail.get(0).before()).isNull();
        assertThat(trail.get(1).before().path("nameEn").asText()).isEqualTo("Audit");
        assertThat(trail.get(1).after().path("nameEn").asText()).isEqualTo("Audited");
    }

    @Test
    void aDesignatedMonitoringPointIsAudited() {
        String code = "mp-audit-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(token("supervisor", "efficiency-office", "supervisor")).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "监测点", "enterpriseName", "县审计有限公司", "townCode", "town-01"))
                .when().post("/api/v1/monitoring-points").then().statusCode(201);

        List<AuditTrail.Entry> trail = audit.of("monitoring-point", code);
        assertThat(trail).hasSize(1);
        assertThat(trail.get(0).actor()).isEqualTo("supervisor");
        assertThat(trail.get(0).action()).isEqualTo("designated");
        assertThat(trail.get(0).after().path("enterpriseName").asText()).isEqualTo("县审计有限公司");
    }

    @Test
    void aRegisteredOpen311ClientIsAuditedWithoutItsKey() {
        Response registered = given().auth().oauth2(token("admin", "efficiency-office", "admin")).contentType(ContentType.JSON)
                .body(Map.of("name", "审计客户端")).when().post("/api/v1/open311-clients");
        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(201);
        String id = registered.path("client.id").toString();
        String key = registered.path("apiKey");

        List<AuditTrail.Entry> trail = audit.of("open311-client", id);
        assertThat(trail).hasSize(1);
        assertThat(trail.get(0).actor()).isEqualTo("admin");
        assertThat(trail.get(0).action()).isEqualTo("registered");
        assertThat(trail.get(0).after().path("name").asText()).isEqualTo("审计客户端");
        assertThat(trail.get(0).after().toString()).doesNotContain(key);
    }
}
