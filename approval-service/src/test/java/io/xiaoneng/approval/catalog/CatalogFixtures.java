package io.xiaoneng.approval.catalog;

import io.restassured.http.ContentType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;

/** Departments, codes and request bodies shared by the catalog tests (one database per test JVM: codes are unique). */
final class CatalogFixtures {
    private CatalogFixtures() {}

    static String admin() {
        return token("admin", "efficiency-office", "admin");
    }

    static String official() {
        return token("head-market", "market", "dept-head");
    }

    private static boolean departmentsCreated;

    /**
     * The departments the tests refer to; 409 means another test class created them already. Called before each
     * test (RestAssured knows the test port only then), effective once per JVM.
     */
    static synchronized void departments() {
        if (departmentsCreated) {
            return;
        }
        for (String[] d : new String[][] {{"market", "县市场监督管理局"}, {"housing", "县住房和城乡建设局"},
                {"natural-resources", "县自然资源局"}, {"development-reform", "县发展和改革局"}}) {
            int status = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                    .body(Map.of("code", d[0], "name", d[1], "kind", "COUNTY_AGENCY"))
                    .when().post("/api/v1/departments").then().extract().statusCode();
            if (status != 201 && status != 409) {
                throw new IllegalStateException("department " + d[0] + ": " + status);
            }
        }
        departmentsCreated = true;
    }

    /** A fresh department only one test uses, so statistics per department can be asserted exactly. */
    static String freshDepartment(String name) {
        String code = "t-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", name, "kind", "COUNTY_AGENCY"))
                .when().post("/api/v1/departments").then().statusCode(201);
        return code;
    }

    /** A unique implementation code; {@code tag} makes it findable by search. */
    static String code(String tag) {
        return "T" + tag + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    static Map<String, Object> terms(String name, int statutory, int committed) {
        Map<String, Object> terms = new HashMap<>();
        terms.put("name", name);
        terms.put("category", "ADMINISTRATIVE_LICENSE");
        terms.put("legalBasis", "《中华人民共和国行政许可法》第四十二条");
        terms.put("statutoryLimitDays", statutory);
        terms.put("committedLimitDays", committed);
        terms.put("online", true);
        terms.put("maxVisits", 1);
        terms.put("fees", new ArrayList<>(List.of(Map.of("name", "城市道路占用费", "legalBasis", "《城市道路管理条例》第三十七条",
                "lowerStandard", 1.5, "upperStandard", 3, "unit", "元/平方米·日"))));
        terms.put("materials", new ArrayList<>(List.of(Map.of("name", "申请书", "form", "ORIGINAL", "copies", 1, "mandatory", true))));
        return terms;
    }

    static Map<String, Object> item(String code, String department, Map<String, Object> terms) {
        return Map.of("implementationCode", code, "basicCode", "000104001000", "departmentCode", department, "terms", terms);
    }

    /** Registers an item as admin and returns its ETag. */
    static String register(String code, String department, Map<String, Object> terms) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(item(code, department, terms))
                .when().post("/api/v1/catalog/items").then().statusCode(201).extract().header("ETag");
    }
}
