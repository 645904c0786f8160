package io.xiaoneng.approval.application;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.xiaoneng.platform.problem.ProblemLeaks;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Departments, catalog items and applications created through the API, as a client would. */
final class Fixtures {
    private Fixtures() {}

    static final String APPLICATIONS = "/api/v1/applications";
    private static final AtomicInteger SEQ = new AtomicInteger(100);

    static String admin() {
        return token("admin", "efficiency-office", "admin");
    }

    static String supervisor() {
        return token("supervisor", "efficiency-office", "supervisor");
    }

    static String applicant(String user) {
        return token(user, null, "applicant");
    }

    static String clerk(String department) {
        return token("clerk-" + department, department, "clerk");
    }

    static String approver(String department) {
        return token("approver-" + department, department, "approver");
    }

    static String head(String department) {
        return token("head-" + department, department, "dept-head");
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new county agency, registered by the admin. */
    static String department() {
        String code = unique("dep");
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "测试局 " + code, "kind", "COUNTY_AGENCY"))
                .when().post("/api/v1/departments").then().statusCode(201);
        return code;
    }

    static Map<String, Object> terms(int committedDays, boolean pledge, String lead, List<String> participants) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", "食品经营许可");
        t.put("category", "ADMINISTRATIVE_LICENSE");
        t.put("legalBasis", "《中华人民共和国食品安全法》第三十五条");
        t.put("statutoryLimitDays", 20);
        t.put("committedLimitDays", committedDays);
        t.put("online", true);
        t.put("maxVisits", 1);
        t.put("acceptWithPledge", pledge);
        t.put("composite", lead != null);
        if (lead != null) {
            t.put("leadDepartment", lead);
            t.put("participatingDepartments", participants);
            t.put("statutoryLimitDays", 45);
        }
        t.put("materials", List.of(Map.of("name", "申请书", "form", "ORIGINAL", "copies", 1, "mandatory", true)));
        return t;
    }

    /** A catalog item of {@code department} with the committed limit {@code committedDays} (working days). */
    static String item(String department, int committedDays, boolean pledge) {
        return register(department, terms(committedDays, pledge, null, null));
    }

    /** An item with its own yellow threshold of the light (percent of the allowed time left). */
    static String itemWithThreshold(String department, int committedDays, int yellowPercent) {
        Map<String, Object> terms = terms(committedDays, false, null, null);
        terms.put("yellowPercent", yellowPercent);
        return register(department, terms);
    }

    /** A parallel-approval item led by {@code lead}. */
    static String parallelItem(String lead, List<String> participants, int committedDays) {
        return register(lead, terms(committedDays, false, lead, participants));
    }

    private static String register(String department, Map<String, Object> terms) {
        String code = unique("ITEM").toUpperCase();
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("implementationCode", code, "basicCode", "B" + code.substring(5), "departmentCode", department, "terms", terms))
                .when().post("/api/v1/catalog/items").then().statusCode(201);
        return code;
    }

    // --- identifiers ------------------------------------------------------------------------------------------------

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    /** A valid resident ID number (GB 11643), different each call. */
    static String personId() {
        String base = "110105" + "19850315" + String.format("%03d", SEQ.incrementAndGet() % 1000);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (base.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return base + "10X98765432".charAt(sum % 11);
    }

    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** A valid unified social credit code (GB 32100). */
    static String enterpriseCode() {
        String base = "91350100" + "M" + String.format("%08d", SEQ.incrementAndGet());
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_CHARS.indexOf(base.charAt(i)) * USCC_WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return base + USCC_CHARS.charAt(check == 31 ? 0 : check);
    }

    // --- applications -----------------------------------------------------------------------------------------------

    static Map<String, Object> person(String idNumber) {
        return Map.of("kind", "PERSON", "name", "张三丰", "idNumber", idNumber, "phone", "13812345678");
    }

    /** A filed case as a test follows it: its id, tracking data and the latest ETag. */
    static final class Case {
        final String id;
        final String trackingNumber;
        final String code;
        String etag;

        Case(String id, String trackingNumber, String code, String etag) {
            this.id = id;
            this.trackingNumber = trackingNumber;
            this.code = code;
            this.etag = etag;
        }

        /** Sends a command with the current ETag; on 2xx remembers the new one. */
        ExtractableResponse<Response> command(String bearer, String command, Object body) {
            return commandWith(bearer, command, body, etag);
        }

        ExtractableResponse<Response> commandWith(String bearer, String command, Object body, String ifMatch) {
            RequestSpecification request = given().auth().oauth2(bearer).contentType(ContentType.JSON);
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            ExtractableResponse<Response> r = request.body(body == null ? Map.of() : body)
                    .when().post(APPLICATIONS + "/" + id + "/" + command).then().extract();
            if (r.statusCode() == 200) {
                etag = r.header("ETag");
            } else {
                ProblemLeaks.assertNone(r.asString());
            }
            return r;
        }

        /** Sends a command that must succeed; returns the case as answered. */
        ExtractableResponse<Response> ok(String bearer, String command, Object body) {
            ExtractableResponse<Response> r = command(bearer, command, body);
            assertThat(r.statusCode()).as("%s: %s", command, r.asString()).isEqualTo(200);
            return r;
        }

        ExtractableResponse<Response> get(String bearer) {
            ExtractableResponse<Response> r = given().auth().oauth2(bearer).when().get(APPLICATIONS + "/" + id).then().extract();
            if (r.statusCode() == 200) {
                etag = r.header("ETag");
            }
            return r;
        }
    }

    /** Files online as {@code applicantUser} (an applicant account). */
    static Case fileOnline(String applicantUser, String itemCode) {
        return file(applicant(applicantUser), body(itemCode, person(personId())));
    }

    static Map<String, Object> body(String itemCode, Map<String, Object> applicant) {
        Map<String, Object> body = new HashMap<>();
        body.put("itemCode", itemCode);
        body.put("applicant", applicant);
        body.put("materials", List.of("申请书"));
        return body;
    }

    static Case file(String bearer, Map<String, Object> body) {
        ExtractableResponse<Response> r = given().auth().oauth2(bearer).contentType(ContentType.JSON).body(body)
                .when().post(APPLICATIONS).then().extract();
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return new Case(r.jsonPath().getString("application.id"), r.jsonPath().getString("application.trackingNumber"),
                r.jsonPath().getString("verificationCode"), r.header("ETag"));
    }
}
