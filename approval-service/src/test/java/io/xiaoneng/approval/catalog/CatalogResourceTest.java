package io.xiaoneng.approval.catalog;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.api.ProblemAssert.problem;
import static io.xiaoneng.approval.catalog.CatalogFixtures.admin;
import static io.xiaoneng.approval.catalog.CatalogFixtures.code;
import static io.xiaoneng.approval.catalog.CatalogFixtures.item;
import static io.xiaoneng.approval.catalog.CatalogFixtures.official;
import static io.xiaoneng.approval.catalog.CatalogFixtures.register;
import static io.xiaoneng.approval.catalog.CatalogFixtures.terms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The catalog API: public reads, admin writes, the catalog rules, versions, cancellation, search and statistics. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class CatalogResourceTest {

    static final String ITEMS = "/api/v1/catalog/items";

    @BeforeEach
    void departments() {
        CatalogFixtures.departments();
    }

    private static Map<String, String> cancellation() {
        return Map.of("cancelDocument", "县人民政府关于公布县级行政审批事项清理结果的决定（县政发〔2025〕8号）", "cancelledOn", "2025-03-31");
    }

    // --- rules ----------------------------------------------------------------------------------------------------

    @Test
    void committedLimitAboveStatutoryIsRefusedWithALocalizedDetail() {
        String code = code("R");
        var zh = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(item(code, "market", terms("超时承诺事项", 20, 30)))
                .when().post(ITEMS).then(), 422, "unprocessable");
        assertThat(zh.jsonPath().getString("detail")).isEqualTo("承诺时限（30个工作日）超过法定时限（20个工作日）。");

        var en = problem(given().auth().oauth2(admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                .body(item(code, "market", terms("超时承诺事项", 20, 30)))
                .when().post(ITEMS).then(), 422, "unprocessable");
        assertThat(en.jsonPath().getString("detail")).isEqualTo("The committed limit (30 working days) exceeds the statutory limit (20).");

        given().when().get(ITEMS + "/" + code).then().statusCode(404); // nothing stored
    }

    @Test
    void aRevisionBreakingTheRulesIsRefusedAndTheItemStaysAtItsVersion() {
        String code = code("R");
        register(code, "market", terms("规则事项", 20, 10));
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(terms("规则事项", 10, 12))
                .when().post(ITEMS + "/" + code + "/versions").then(), 422, "unprocessable");
        given().when().get(ITEMS + "/" + code).then().statusCode(200).body("currentVersion", equalTo(1));
    }

    @Test
    void feeStandardsOutOfOrderAndUnknownDepartmentsAreRefused() {
        Map<String, Object> terms = terms("收费倒挂事项", 20, 10);
        terms.put("fees", List.of(Map.of("name", "登记费", "legalBasis", "某文件", "lowerStandard", 50, "upperStandard", 10, "unit", "元/件")));
        var fee = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(item(code("R"), "market", terms))
                .when().post(ITEMS).then(), 422, "unprocessable");
        assertThat(fee.jsonPath().getString("detail")).contains("登记费");

        var department = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(item(code("R"), "no-such-department", terms("事项", 20, 10)))
                .when().post(ITEMS).then(), 422, "unprocessable");
        assertThat(department.jsonPath().getList("errors.field")).containsExactly("departmentCode");
    }

    @Test
    void amountsWithMoreThanTwoDecimalsAreRefused() {
        Map<String, Object> terms = terms("分以下金额", 20, 10);
        terms.put("fees", List.of(Map.of("name", "登记费", "legalBasis", "某文件", "lowerStandard", 0.005, "upperStandard", 1, "unit", "元/件")));
        var r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(item(code("R"), "market", terms))
                .when().post(ITEMS).then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors.field")).containsExactly("terms.fees[0].lowerStandard");
    }

    // --- versions ---------------------------------------------------------------------------------------------------

    @Test
    void versionsAreKeptVersionOneStaysReadableAfterVersionTwo() {
        String code = code("V");
        register(code, "market", terms("食品经营许可（新办）", 20, 10));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(terms("食品经营许可（新办）", 20, 5))
                .when().post(ITEMS + "/" + code + "/versions")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith(ITEMS + "/" + code + "/versions/2"))
                .body("version", equalTo(2));

        given().when().get(ITEMS + "/" + code).then().statusCode(200)
                .body("version", equalTo(2)).body("currentVersion", equalTo(2))
                .body("terms.committedLimitDays", equalTo(5));
        given().when().get(ITEMS + "/" + code + "/versions/1").then().statusCode(200)
                .body("version", equalTo(1)).body("currentVersion", equalTo(2))
                .body("terms.committedLimitDays", equalTo(10));
        problem(given().when().get(ITEMS + "/" + code + "/versions/3").then(), 404, "not-found");
    }

    // --- fees as applicants see them ------------------------------------------------------------------------------

    @Test
    void applicantsSeeTheChargedAmountWhichIsTheLowerStandard() {
        String code = code("F");
        register(code, "housing", terms("占用、挖掘城市道路审批", 20, 5));
        JsonPath view = given().when().get(ITEMS + "/" + code).then().statusCode(200).extract().jsonPath();
        assertThat(view.getList("fees")).hasSize(1);
        assertThat(view.getString("fees[0].name")).isEqualTo("城市道路占用费");
        assertThat(view.getDouble("fees[0].lowerStandard")).isEqualTo(1.5);
        assertThat(view.getDouble("fees[0].upperStandard")).isEqualTo(3.0);
        assertThat(view.getDouble("fees[0].charged")).isEqualTo(1.5); // 按下限收取
        assertThat(view.getString("fees[0].unit")).isEqualTo("元/平方米·日");
    }

    // --- access -----------------------------------------------------------------------------------------------------

    @Test
    void anonymousReadsWork() {
        String code = code("A");
        register(code, "market", terms("公开查询事项", 20, 10));
        given().when().get(ITEMS + "/" + code).then().statusCode(200).header("ETag", "\"0\"");
        given().when().get(ITEMS + "/" + code + "/versions/1").then().statusCode(200);
        given().when().get(ITEMS + "?q=" + code).then().statusCode(200).body("total", equalTo(1));
        given().when().get("/api/v1/catalog/statistics").then().statusCode(200);
    }

    @Test
    void nonAdminWritesAreForbiddenAndAnonymousWritesUnauthorized() {
        String code = code("W");
        register(code, "market", terms("权限事项", 20, 10));
        problem(given().auth().oauth2(official()).contentType(ContentType.JSON).body(item(code("W"), "market", terms("x", 20, 10)))
                .when().post(ITEMS).then(), 403, "forbidden");
        problem(given().auth().oauth2(official()).contentType(ContentType.JSON).body(terms("x", 20, 10))
                .when().post(ITEMS + "/" + code + "/versions").then(), 403, "forbidden");
        problem(given().auth().oauth2(official()).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(cancellation())
                .when().post(ITEMS + "/" + code + "/cancellation").then(), 403, "forbidden");
        problem(given().auth().oauth2(official()).contentType("text/csv").body("implementationCode\n")
                .when().post("/api/v1/catalog/imports").then(), 403, "forbidden");
        problem(given().contentType(ContentType.JSON).body(terms("x", 20, 10))
                .when().post(ITEMS + "/" + code + "/versions").then(), 401, "unauthorized");
        given().when().get(ITEMS + "/" + code).then().statusCode(200).body("currentVersion", equalTo(1)).body("status", equalTo("RETAINED"));
    }

    // --- cancellation -----------------------------------------------------------------------------------------------

    @Test
    void cancellationNeedsTheCurrentETagAndIsFinal() {
        String code = code("C");
        String etag = register(code, "market", terms("企业名称预先核准", 10, 3));
        assertThat(given().when().get(ITEMS + "/" + code).then().extract().header("ETag")).isEqualTo(etag);

        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(cancellation())
                .when().post(ITEMS + "/" + code + "/cancellation").then(), 428, "precondition-required");

        // A revision moves the ETag on: a cancellation based on what was read before it is refused.
        String revisedEtag = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(terms("企业名称预先核准", 10, 2))
                .when().post(ITEMS + "/" + code + "/versions").then().statusCode(201).extract().header("ETag");
        assertThat(revisedEtag).isNotEqualTo(etag);
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", etag).body(cancellation())
                .when().post(ITEMS + "/" + code + "/cancellation").then(), 412, "precondition-failed");

        String cancelledEtag = given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", revisedEtag).body(cancellation())
                .when().post(ITEMS + "/" + code + "/cancellation")
                .then().statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("cancelDocument", equalTo("县人民政府关于公布县级行政审批事项清理结果的决定（县政发〔2025〕8号）"))
                .body("cancelledOn", equalTo("2025-03-31"))
                .extract().header("ETag");
        assertThat(cancelledEtag).isNotEqualTo(revisedEtag);
        given().when().get(ITEMS + "/" + code).then().statusCode(200).header("ETag", cancelledEtag).body("status", equalTo("CANCELLED"));

        // A cancelled item cannot be revised, nor cancelled again: 409 naming the state, no command allowed.
        var revise = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(terms("企业名称预先核准", 10, 1))
                .when().post(ITEMS + "/" + code + "/versions").then(), 409, "illegal-transition");
        assertThat(revise.jsonPath().getString("state")).isEqualTo("CANCELLED");
        assertThat(revise.jsonPath().getString("command")).isEqualTo("revise");
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", cancelledEtag).body(cancellation())
                .when().post(ITEMS + "/" + code + "/cancellation").then(), 409, "illegal-transition");
        given().when().get(ITEMS + "/" + code + "/versions/2").then().statusCode(200); // its versions stay readable
        given().when().get(ITEMS + "/" + code + "/versions/3").then().statusCode(404);
    }

    @Test
    void aCancellationWithoutDocumentOrDateIsInvalid() {
        String code = code("C");
        String etag = register(code, "market", terms("待取消事项", 10, 3));
        var r = problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("cancelDocument", " "))
                .when().post(ITEMS + "/" + code + "/cancellation").then(), 400, "validation-failed");
        assertThat(r.jsonPath().getList("errors.field")).containsExactlyInAnyOrder("cancelDocument", "cancelledOn");
    }

    // --- search -----------------------------------------------------------------------------------------------------

    @Test
    void searchFindsByNameOrCodeAndFilters() {
        String department = CatalogFixtures.freshDepartment("县检索测试局");
        String tag = "S" + code("").substring(1, 7);
        String licence = code(tag);
        String service = code(tag);
        String offline = code(tag);
        String cancelled = code(tag);
        register(licence, department, terms("检索事项甲：建设工程规划许可证核发", 20, 7));
        Map<String, Object> publicService = terms("检索事项乙：不动产登记", 30, 5);
        publicService.put("category", "PUBLIC_SERVICE");
        register(service, department, publicService);
        Map<String, Object> counter = terms("检索事项丙：乡村建设规划许可证核发", 20, 10);
        counter.put("online", false);
        register(offline, department, counter);
        String etag = register(cancelled, department, terms("检索事项丁：压覆矿产资源审批", 20, 15));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", etag).body(cancellation())
                .when().post(ITEMS + "/" + cancelled + "/cancellation").then().statusCode(200);

        // By department: all four, in implementation-code order (the sort is stable: codes are unique).
        JsonPath all = search("department=" + department);
        assertThat(all.getInt("total")).isEqualTo(4);
        assertThat(all.getList("items.implementationCode", String.class))
                .containsExactlyElementsOf(List.of(licence, service, offline, cancelled).stream().sorted().toList());
        assertThat(all.getInt("page")).isZero();
        assertThat(all.getInt("size")).isEqualTo(20);

        // By a part of the name (Chinese), case-insensitively by a part of the code.
        assertThat(search("q=规划许可证&department=" + department).getList("items.implementationCode"))
                .containsExactlyInAnyOrder(licence, offline);
        assertThat(search("q=" + licence.substring(9, 19).toLowerCase()).getList("items.implementationCode")).containsExactly(licence);
        assertThat(search("q=" + tag).getInt("total")).isEqualTo(4); // the tag is in every code of this test
        assertThat(given().queryParam("q", tag + "%").when().get(ITEMS).then().statusCode(200)
                .extract().jsonPath().getInt("total")).isZero(); // % is a character, not a wildcard
        assertThat(given().queryParam("q", tag.substring(0, 3) + "_").when().get(ITEMS).then().statusCode(200)
                .extract().jsonPath().getInt("total")).isZero(); // and so is _

        // Filters combine.
        assertThat(search("department=" + department + "&status=CANCELLED").getList("items.implementationCode")).containsExactly(cancelled);
        assertThat(search("department=" + department + "&status=RETAINED").getInt("total")).isEqualTo(3);
        assertThat(search("department=" + department + "&category=PUBLIC_SERVICE").getList("items.implementationCode")).containsExactly(service);
        assertThat(search("department=" + department + "&online=false").getList("items.implementationCode")).containsExactly(offline);
        JsonPath one = search("department=" + department + "&category=PUBLIC_SERVICE");
        assertThat(one.getString("items[0].name")).isEqualTo("检索事项乙：不动产登记");
        assertThat(one.getInt("items[0].committedLimitDays")).isEqualTo(5);

        // Pages: bounded, disjoint, together the whole result.
        JsonPath first = search("department=" + department + "&size=3&page=0");
        JsonPath second = search("department=" + department + "&size=3&page=1");
        assertThat(first.getList("items")).hasSize(3);
        assertThat(second.getList("items")).hasSize(1);
        assertThat(first.getInt("total")).isEqualTo(4);
        assertThat(second.getInt("total")).isEqualTo(4);
        assertThat(second.getString("items[0].implementationCode")).isEqualTo(all.getString("items[3].implementationCode"));
    }

    @Test
    void searchParametersAreValidated() {
        // the page parameters are the platform's PageRequest: named as in the query, size 1 to 100
        assertThat(problem(given().when().get(ITEMS + "?size=101").then(), 400, "validation-failed")
                .jsonPath().getString("errors[0].field")).isEqualTo("size");
        assertThat(problem(given().when().get(ITEMS + "?size=0").then(), 400, "validation-failed")
                .jsonPath().getString("errors[0].field")).isEqualTo("size");
        assertThat(problem(given().when().get(ITEMS + "?page=-1").then(), 400, "validation-failed")
                .jsonPath().getString("errors[0].field")).isEqualTo("page");
        assertThat(problem(given().when().get(ITEMS + "?status=ABOLISHED").then(), 400, "validation-failed")
                .jsonPath().getString("errors[0].field")).isEqualTo("status");
    }

    private static JsonPath search(String query) {
        return given().when().get(ITEMS + "?" + query).then().statusCode(200).extract().jsonPath();
    }

    // --- statistics ---------------------------------------------------------------------------------------------

    @Test
    void statisticsCountRetainedAndCancelledPerDepartment() {
        String department = CatalogFixtures.freshDepartment("县统计测试局");
        for (int i = 0; i < 3; i++) {
            register(code("T"), department, terms("统计事项" + i, 20, 10));
        }
        String code = code("T");
        String etag = register(code, department, terms("统计事项（取消）", 20, 10));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", etag).body(cancellation())
                .when().post(ITEMS + "/" + code + "/cancellation").then().statusCode(200);

        JsonPath stats = given().when().get("/api/v1/catalog/statistics").then().statusCode(200).extract().jsonPath();
        Map<String, Object> mine = stats.getList("departments", Map.class).stream()
                .filter(d -> department.equals(d.get("departmentCode"))).findFirst().orElseThrow();
        assertThat(mine).containsEntry("departmentName", "县统计测试局").containsEntry("retained", 3).containsEntry("cancelled", 1);
        List<Map> departments = stats.getList("departments", Map.class);
        long retained = departments.stream().mapToLong(d -> ((Number) d.get("retained")).longValue()).sum();
        long cancelled = departments.stream().mapToLong(d -> ((Number) d.get("cancelled")).longValue()).sum();
        assertThat(stats.getLong("retained")).isEqualTo(retained);
        assertThat(stats.getLong("cancelled")).isEqualTo(cancelled);
        assertThat(stats.getLong("total")).isEqualTo(retained + cancelled);
    }
}
