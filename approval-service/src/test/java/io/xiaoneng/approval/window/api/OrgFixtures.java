package io.xiaoneng.approval.window.api;

import io.restassured.http.ContentType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;

/**
 * Departments and windows made through the API for a test, with unique codes and numbers: the test database is
 * shared by every test class of the JVM.
 */
public final class OrgFixtures {
    private OrgFixtures() {}

    public static String admin() {
        return token("admin", "efficiency-office", "admin");
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A window number nobody else has: a letter and digits (numbers are unique across windows). */
    public static String uniqueNumber() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }

    /** Registers a county agency with a unique code; returns the code. */
    public static String department(String prefix) {
        String code = unique(prefix);
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "测试部门 " + code, "kind", "COUNTY_AGENCY"))
                .when().post("/api/v1/departments")
                .then().statusCode(201);
        return code;
    }

    public static Map<String, Object> windowBody(String code, List<String> departments, boolean extendedHours, boolean holidayService) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "测试窗口 " + code);
        body.put("number", uniqueNumber());
        body.put("departmentCodes", new ArrayList<>(departments));
        body.put("location", "一楼大厅");
        body.put("extendedHours", extendedHours);
        body.put("holidayService", holidayService);
        return body;
    }

    /** Registers a window serving {@code departments}; returns its code. */
    public static String window(List<String> departments, boolean extendedHours, boolean holidayService) {
        String code = unique("w");
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(windowBody(code, departments, extendedHours, holidayService))
                .when().post("/api/v1/windows")
                .then().statusCode(201);
        return code;
    }
}
