package io.xiaoneng.approval.integration;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Catalog synchronization: the full export, changed-since with tombstones, paging, and the import format round trip. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class CatalogExportTest {

    static final String EXPORT = "/api/v1/catalog/export";
    static final String ITEMS = "/api/v1/catalog/items";

    static String admin() {
        return token("admin", "efficiency-office", "admin");
    }

    static Map<String, Object> terms(int committedDays) {
        Map<String, Object> t = new HashMap<>();
        t.put("name", "建筑工程施工许可");
        t.put("category", "ADMINISTRATIVE_LICENSE");
        t.put("legalBasis", "《中华人民共和国建筑法》第七条");
        t.put("statutoryLimitDays", 20);
        t.put("committedLimitDays", committedDays);
        t.put("online", true);
        t.put("maxVisits", 1);
        t.put("acceptWithPledge", false);
        t.put("composite", false);
        t.put("fees", List.of(Map.of("name", "工本费", "legalBasis", "价费字〔1992〕240号", "lowerStandard", 10, "upperStandard", 20, "unit", "元/件")));
        t.put("materials", List.of(Map.of("name", "施工许可申请表", "form", "ORIGINAL", "copies", 1, "mandatory", true)));
        return t;
    }

    static String department() {
        String dept = "dep-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", dept, "name", "住建局 " + dept, "kind", "COUNTY_AGENCY"))
                .when().post("/api/v1/departments").then().statusCode(201);
        return dept;
    }

    static String item(String dept) {
        String code = ("EXP-" + UUID.randomUUID().toString().substring(0, 8)).toUpperCase();
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("implementationCode", code, "basicCode", "B" + code.substring(4), "departmentCode", dept, "terms", terms(10)))
                .when().post(ITEMS).then().statusCode(201);
        return code;
    }

    /** Every entry of the export (all pages), without a token: the catalog is public. */
    static List<Map<String, Object>> all(String since, int size) {
        List<Map<String, Object>> entries = new java.util.ArrayList<>();
        for (int page = 0; ; page++) {
            var spec = given().queryParam("page", page).queryParam("size", size);
            if (since != null) {
                spec = spec.queryParam("since", since);
            }
            JsonPath p = spec.when().get(EXPORT).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = p.getList("items");
            entries.addAll(items);
            if (items.isEmpty() || (long) (page + 1) * size >= p.getLong("total")) {
                assertThat(entries).hasSize(p.getInt("total"));
                return entries;
            }
        }
    }

    static Map<String, Object> entry(List<Map<String, Object>> entries, String code) {
        return entries.stream().filter(e -> code.equals(e.get("implementationCode"))).findFirst().orElse(null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void fullExportThenOnlyWhatChangedWithCancellationsAsTombstones() {
        String dept = department();
        String unchanged = item(dept);
        String revised = item(dept);
        String cancelled = item(dept);

        List<Map<String, Object>> full = all(null, 500);
        Map<String, Object> first = entry(full, revised);
        assertThat(first).isNotNull();
        assertThat(first.get("version")).isEqualTo(1);
        assertThat(first.get("status")).isEqualTo("RETAINED");
        Map<String, Object> item = (Map<String, Object>) first.get("item");
        assertThat(item.get("implementationCode")).isEqualTo(revised);
        assertThat(item.get("departmentCode")).isEqualTo(dept);
        assertThat(item.get("committedLimitDays")).isEqualTo(10);
        assertThat((List<Map<String, Object>>) item.get("fees")).singleElement().satisfies(f -> assertThat(f.get("unit")).isEqualTo("元/件"));
        assertThat(entry(full, unchanged)).isNotNull();

        String since = given().when().get(EXPORT + "?size=1").then().statusCode(200).extract().path("asOf");

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(terms(8))
                .when().post(ITEMS + "/" + revised + "/versions").then().statusCode(201);
        String etag = given().when().get(ITEMS + "/" + cancelled).then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("cancelDocument", "县政府令第12号", "cancelledOn", "2026-11-01"))
                .when().post(ITEMS + "/" + cancelled + "/cancellation").then().statusCode(200);

        List<Map<String, Object>> changes = all(since, 500);
        Set<String> codes = new HashSet<>();
        changes.forEach(e -> codes.add((String) e.get("implementationCode")));
        assertThat(codes).contains(revised, cancelled).doesNotContain(unchanged);
        Map<String, Object> newVersion = entry(changes, revised);
        assertThat(newVersion.get("version")).isEqualTo(2);
        assertThat(((Map<String, Object>) newVersion.get("item")).get("committedLimitDays")).isEqualTo(8);
        Map<String, Object> tombstone = entry(changes, cancelled);
        assertThat(tombstone.get("status")).isEqualTo("CANCELLED");
        assertThat(((Map<String, Object>) tombstone.get("item")).get("cancelDocument")).isEqualTo("县政府令第12号");
        assertThat(((Map<String, Object>) tombstone.get("item")).get("cancelledOn")).isEqualTo("2026-11-01");
        // the full export keeps the cancelled item too
        assertThat(entry(all(null, 500), cancelled).get("status")).isEqualTo("CANCELLED");

        // the items are in the import format: importing them into the catalog again changes nothing
        List<Object> rows = changes.stream().filter(e -> codes.contains(e.get("implementationCode"))
                && (revised.equals(e.get("implementationCode")) || cancelled.equals(e.get("implementationCode")))).map(e -> e.get("item")).toList();
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("items", rows))
                .when().post("/api/v1/catalog/imports").then().statusCode(200)
                .body("unchanged", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void pagesAreStableAndBounded() {
        String dept = department();
        for (int i = 0; i < 3; i++) {
            item(dept);
        }
        List<Map<String, Object>> bySmallPages = all(null, 2);
        List<Map<String, Object>> inOnePage = all(null, 500);
        assertThat(bySmallPages.stream().map(e -> e.get("implementationCode")).toList())
                .isEqualTo(inOnePage.stream().map(e -> e.get("implementationCode")).toList());
        given().queryParam("size", 501).when().get(EXPORT).then().statusCode(400);
        given().queryParam("since", "yesterday").when().get(EXPORT).then().statusCode(400);
        given().queryParam("since", "2999-01-01T00:00:00+08:00").when().get(EXPORT).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
    }
}
