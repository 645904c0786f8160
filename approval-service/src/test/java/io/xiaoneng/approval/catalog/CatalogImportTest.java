package io.xiaoneng.approval.catalog;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.api.ProblemAssert.problem;
import static io.xiaoneng.approval.catalog.CatalogFixtures.admin;
import static io.xiaoneng.approval.catalog.CatalogFixtures.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Catalog import from CSV and JSON: every row checked, errors by row and field, all or nothing. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class CatalogImportTest {

    static final String IMPORTS = "/api/v1/catalog/imports";
    static final String HEADER = "implementationCode,basicCode,departmentCode,name,category,legalBasis,statutoryLimitDays,"
            + "committedLimitDays,online,maxVisits,composite,leadDepartment,participatingDepartments,fees,materials,"
            + "cancelDocument,cancelledOn";
    static final String FEES = "[{\"name\":\"不动产登记费（住宅类）\",\"legalBasis\":\"发改价格规〔2016〕2559号\","
            + "\"lowerStandard\":80,\"upperStandard\":80,\"unit\":\"元/件\"}]";
    static final String MATERIALS = "[{\"name\":\"不动产登记申请书\",\"form\":\"ORIGINAL\",\"copies\":1,\"mandatory\":true}]";
    static final String CANCEL_DOCUMENT = "县人民政府关于公布县级行政审批事项清理结果的决定（县政发〔2025〕8号）";

    @BeforeEach
    void departments() {
        CatalogFixtures.departments();
    }

    /** Sends the body as it is: RestAssured would otherwise add "charset=ISO-8859-1" to text/csv. */
    private static RequestSpecification asIs() {
        return given().config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
    }

    private static ExtractableResponse<Response> postCsv(String csv) {
        return asIs().auth().oauth2(admin()).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post(IMPORTS).then().extract();
    }

    /** A CSV line, quoting what needs it (RFC 4180). */
    private static String line(String... cells) {
        List<String> quoted = new ArrayList<>();
        for (String cell : cells) {
            boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n");
            quoted.add(quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
        }
        return String.join(",", quoted);
    }

    private static String row(String code, String department, String name, String statutory, String committed,
                              String fees, String cancelDocument, String cancelledOn) {
        return line(code, "000112005000", department, name, "PUBLIC_SERVICE", "《不动产登记暂行条例》第二十条",
                statutory, committed, "true", "1", "false", "", "", fees, MATERIALS, cancelDocument, cancelledOn);
    }

    private static String csv(String... rows) {
        return HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n";
    }

    private static int status(String code) {
        return given().when().get("/api/v1/catalog/items/" + code).then().extract().statusCode();
    }

    private static List<Map<String, Object>> errors(ExtractableResponse<Response> r) {
        return r.jsonPath().getList("errors");
    }

    private static String describe(Map<String, Object> e) {
        return e.get("row") + ":" + e.get("field");
    }

    // --- CSV ------------------------------------------------------------------------------------------------------

    @Test
    void aValidCsvFileIsImportedAndReimportingItChangesNothing() {
        String registered = code("I");
        String composite = code("I");
        String cancelled = code("I");
        String file = csv(
                row(registered, "natural-resources", "不动产登记（首次登记）", "30", "5", FEES, "", ""),
                line(composite, "000104101000", "market", "企业开办并联审批", "ADMINISTRATIVE_LICENSE",
                        "《中华人民共和国行政许可法》第二十六条、第四十二条", "45", "15", "是", "1", "true", "market",
                        "natural-resources；housing", "", MATERIALS, "", ""),
                "", // an empty line is no item
                row(cancelled, "natural-resources", "已取消的登记事项", "20", "10", "", CANCEL_DOCUMENT, "2025-03-31"));

        ExtractableResponse<Response> first = postCsv(file);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        assertThat(first.jsonPath().getMap("")).containsEntry("rows", 3).containsEntry("registered", 3)
                .containsEntry("revised", 0).containsEntry("cancelled", 1).containsEntry("unchanged", 0);

        JsonPath item = given().when().get("/api/v1/catalog/items/" + registered).then().statusCode(200).extract().jsonPath();
        assertThat(item.getString("terms.name")).isEqualTo("不动产登记（首次登记）");
        assertThat(item.getDouble("fees[0].charged")).isEqualTo(80.0);
        assertThat(item.getString("terms.materials[0].form")).isEqualTo("ORIGINAL");
        JsonPath parallel = given().when().get("/api/v1/catalog/items/" + composite).then().statusCode(200).extract().jsonPath();
        assertThat(parallel.getBoolean("terms.composite")).isTrue();
        assertThat(parallel.getBoolean("terms.online")).isTrue();
        assertThat(parallel.getString("terms.leadDepartment")).isEqualTo("market");
        assertThat(parallel.getList("terms.participatingDepartments")).containsExactly("natural-resources", "housing");
        given().when().get("/api/v1/catalog/items/" + cancelled).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("cancelDocument", equalTo(CANCEL_DOCUMENT));

        ExtractableResponse<Response> again = postCsv(file);
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertThat(again.jsonPath().getMap("")).containsEntry("rows", 3).containsEntry("registered", 0)
                .containsEntry("revised", 0).containsEntry("cancelled", 0).containsEntry("unchanged", 3);

        // Changed terms make a new version; amounts written differently (80 vs 80.00) are the same fee.
        ExtractableResponse<Response> revision = postCsv(csv(
                row(registered, "natural-resources", "不动产登记（首次登记）", "30", "3", FEES.replace(":80,", ":80.00,"), "", "")));
        assertThat(revision.jsonPath().getMap("")).containsEntry("revised", 1).containsEntry("unchanged", 0);
        given().when().get("/api/v1/catalog/items/" + registered).then()
                .body("currentVersion", equalTo(2)).body("terms.committedLimitDays", equalTo(3));
        given().when().get("/api/v1/catalog/items/" + registered + "/versions/1").then().body("terms.committedLimitDays", equalTo(5));
    }

    @Test
    void aFileWithAnyErrorImportsNothingAndReportsEveryErrorByRowAndField() {
        String good = code("E");
        String limits = code("E");
        String types = code("E");
        String cancelPair = code("E");
        String file = csv(
                row(good, "natural-resources", "合格的一行", "20", "10", FEES, "", ""),
                row(limits, "natural-resources", "承诺超过法定", "20", "30", "", "", ""),
                row(types, "no-such-department", "类型错误", "二十", "10", "", "", ""),
                row(good, "natural-resources", "重复的编码", "20", "10", "", "", ""),
                row(cancelPair, "natural-resources", "只有日期", "20", "10", "[{not json", "", "2025-03-31"),
                row(code("E"), "natural-resources", "", "20", "10", FEES.replace("\"lowerStandard\":80", "\"lowerStandard\":90"), "", ""));

        var r = problem(asIs().auth().oauth2(admin()).contentType("text/csv").body(file.getBytes(StandardCharsets.UTF_8))
                .when().post(IMPORTS).then(), 422, "import-rejected");
        assertThat(errors(r).stream().map(CatalogImportTest::describe)).containsExactly(
                "2:committedLimitDays",
                "3:statutoryLimitDays", "3:departmentCode",
                "4:implementationCode",
                "5:fees", "5:cancelDocument",
                "6:name", "6:fees[0]");
        Map<String, Object> committed = errors(r).get(0);
        assertThat(committed.get("message")).isEqualTo("承诺时限（30个工作日）超过法定时限（20个工作日）。");
        assertThat(errors(r).get(1).get("message")).isEqualTo("应为整数");
        assertThat(errors(r).get(3).get("message")).isEqualTo("与第1行的实施编码重复");
        assertThat(r.jsonPath().getString("detail")).contains("5行").contains("共6行");
        assertThat(r.jsonPath().getInt("errorCount")).isEqualTo(8);

        // Nothing at all was imported, not even the valid first row.
        assertThat(status(good)).isEqualTo(404);
        assertThat(status(limits)).isEqualTo(404);
        assertThat(status(cancelPair)).isEqualTo(404);
    }

    @Test
    void errorsAreWordedInTheCallersLanguage() {
        var r = problem(asIs().auth().oauth2(admin()).header("Accept-Language", "en").contentType("text/csv")
                .body(csv(row(code("L"), "natural-resources", "x", "20", "30", "", "", "")).getBytes(StandardCharsets.UTF_8))
                .when().post(IMPORTS).then(), 422, "import-rejected");
        assertThat(errors(r).get(0)).containsEntry("row", 1).containsEntry("field", "committedLimitDays")
                .containsEntry("message", "The committed limit (30 working days) exceeds the statutory limit (20).");
    }

    @Test
    void headerProblemsAreFileErrors() {
        var unknown = problem(asIs().auth().oauth2(admin()).contentType("text/csv")
                .body("implementationCode,basicCode,departmentCode,name,category,legalBasis,statutoryLimitDays,commitedLimitDays\nx\n"
                        .getBytes(StandardCharsets.UTF_8))
                .when().post(IMPORTS).then(), 422, "import-rejected");
        assertThat(errors(unknown).stream().map(CatalogImportTest::describe))
                .containsExactly("null:commitedLimitDays", "null:committedLimitDays");
        assertThat(errors(unknown).get(0).get("message").toString()).startsWith("未知的列名");

        var empty = problem(asIs().auth().oauth2(admin()).contentType("text/csv").body(new byte[0])
                .when().post(IMPORTS).then(), 422, "import-rejected");
        assertThat(errors(empty)).hasSize(1);

        var onlyHeader = problem(asIs().auth().oauth2(admin()).contentType("text/csv").body((HEADER + "\n").getBytes(StandardCharsets.UTF_8))
                .when().post(IMPORTS).then(), 422, "import-rejected");
        assertThat(errors(onlyHeader).get(0).get("message")).isEqualTo("文件中没有任何事项");
    }

    @Test
    void malformedCsvNamesTheRow() {
        String file = csv(row(code("M"), "natural-resources", "好的一行", "20", "10", "", "", ""),
                line(code("M"), "000112005000", "natural-resources") + ",\"unclosed");
        var r = problem(asIs().auth().oauth2(admin()).contentType("text/csv").body(file.getBytes(StandardCharsets.UTF_8))
                .when().post(IMPORTS).then(), 422, "import-rejected");
        assertThat(errors(r)).hasSize(1);
        assertThat(errors(r).get(0)).containsEntry("row", 2).containsEntry("message", "CSV 格式错误：引号未闭合");
    }

    @Test
    void aGbkFileIsRefusedUnlessItsCharsetIsNamed() {
        String code = code("G");
        byte[] gbk = csv(row(code, "natural-resources", "国标编码的文件", "20", "10", "", "", "")).getBytes(Charset.forName("GB18030"));
        var r = problem(asIs().auth().oauth2(admin()).contentType("text/csv").body(gbk).when().post(IMPORTS).then(),
                422, "import-rejected");
        assertThat(errors(r).get(0).get("message").toString()).contains("CSV UTF-8");
        assertThat(status(code)).isEqualTo(404);

        asIs().auth().oauth2(admin()).contentType("text/csv; charset=GB18030").body(gbk)
                .when().post(IMPORTS).then().statusCode(200).body("registered", equalTo(1));
        given().when().get("/api/v1/catalog/items/" + code).then().body("terms.name", equalTo("国标编码的文件"));
    }

    @Test
    void theCsvExampleOfTheReadmeImports() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```csv\n") + "```csv\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        ExtractableResponse<Response> r = postCsv(example);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("rows")).isEqualTo(1);
        given().when().get("/api/v1/catalog/items/34112203000112009000").then().statusCode(200)
                .body("fees[0].charged", equalTo(80.0f));
    }

    // --- existing items -------------------------------------------------------------------------------------------

    @Test
    void aCancelledItemCannotBeChangedByAnImportNorMovedToAnotherDepartment() {
        String cancelled = code("X");
        String retained = code("X");
        postCsv(csv(row(cancelled, "natural-resources", "已取消", "20", "10", "", CANCEL_DOCUMENT, "2025-03-31"),
                row(retained, "natural-resources", "保留", "20", "10", "", "", ""))).statusCode();

        var r = problem(asIs().auth().oauth2(admin()).contentType("text/csv").body(csv(
                        row(cancelled, "natural-resources", "已取消（改名）", "20", "10", "", CANCEL_DOCUMENT, "2025-03-31"),
                        row(retained, "housing", "保留", "20", "10", "", "", "")).getBytes(StandardCharsets.UTF_8))
                .when().post(IMPORTS).then(), 422, "import-rejected");
        assertThat(errors(r).stream().map(CatalogImportTest::describe)).containsExactly("1:implementationCode", "2:departmentCode");
        assertThat(errors(r).get(0).get("message").toString()).contains("已取消");
        given().when().get("/api/v1/catalog/items/" + retained).then().body("departmentCode", equalTo("natural-resources"));
    }

    // --- JSON -----------------------------------------------------------------------------------------------------

    private static Map<String, Object> jsonItem(String code, String name) {
        Map<String, Object> item = new HashMap<>();
        item.put("implementationCode", code);
        item.put("basicCode", "000101001000");
        item.put("departmentCode", "development-reform");
        item.put("name", name);
        item.put("category", "ADMINISTRATIVE_LICENSE");
        item.put("legalBasis", "《企业投资项目核准和备案管理条例》第六条");
        item.put("statutoryLimitDays", 20);
        item.put("committedLimitDays", 10);
        item.put("online", true);
        item.put("materials", List.of(Map.of("name", "项目申请报告", "form", "ORIGINAL", "copies", 1, "mandatory", true)));
        item.put("fees", List.of());
        return item;
    }

    @Test
    void aJsonFileIsImportedOnceEvenWhenSentTwiceWithTheSameIdempotencyKey() {
        String a = code("J");
        String b = code("J");
        Map<String, Object> body = Map.of("items", List.of(jsonItem(a, "企业投资项目核准"), jsonItem(b, "固定资产投资项目节能审查")));
        String key = UUID.randomUUID().toString();
        ExtractableResponse<Response> first = given().auth().oauth2(admin()).contentType("application/json").header("Idempotency-Key", key)
                .body(body).when().post(IMPORTS).then().statusCode(200).extract();
        assertThat(first.jsonPath().getInt("registered")).isEqualTo(2);
        ExtractableResponse<Response> replay = given().auth().oauth2(admin()).contentType("application/json").header("Idempotency-Key", key)
                .body(body).when().post(IMPORTS).then().statusCode(200).extract();
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.jsonPath().getInt("registered")).isEqualTo(2);
        given().when().get("/api/v1/catalog/items/" + b).then().statusCode(200).body("currentVersion", equalTo(1));
    }

    @Test
    void jsonRowsAreCheckedMemberByMember() {
        Map<String, Object> wrongTypes = jsonItem(code("K"), "类型错误");
        wrongTypes.put("statutoryLimitDays", "20");
        wrongTypes.put("commitedLimitDays", 5);
        wrongTypes.put("fees", List.of(Map.of("name", "费", "legalBasis", "依据", "lowerStandard", "80", "upperStandard", 80, "unit", "元/件")));
        wrongTypes.put("materials", List.of(Map.of("name", "扫描件", "form", "SCAN", "copies", 1, "mandatory", true)));
        Map<String, Object> fine = jsonItem(code("K"), "正确的一行");
        var r = problem(given().auth().oauth2(admin()).contentType("application/json")
                .body(Map.of("items", List.of(fine, wrongTypes, "not an object")))
                .when().post(IMPORTS).then(), 422, "import-rejected");
        assertThat(errors(r).stream().map(CatalogImportTest::describe).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "2:commitedLimitDays", "2:statutoryLimitDays", "2:fees[0].lowerStandard", "2:materials[0].form", "3:null");
        assertThat(status(fine.get("implementationCode").toString())).isEqualTo(404);
    }

    @Test
    void unparseableJsonIsABadRequest() {
        problem(given().auth().oauth2(admin()).contentType("application/json").body("{\"items\": [")
                .when().post(IMPORTS).then(), 400, "malformed-json");
        problem(given().auth().oauth2(admin()).contentType("application/json").body("[]")
                .when().post(IMPORTS).then(), 422, "import-rejected");
    }
}
