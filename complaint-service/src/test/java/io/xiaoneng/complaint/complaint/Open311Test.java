package io.xiaoneng.complaint.complaint;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * GeoReport v2 conformance (open311.github.io GeoReport_v2): every field the specification lists for discovery, the
 * service list, service definitions, POST requests, GET requests (filters and defaults), GET requests/{id} and
 * GET tokens/{id}; errors as {@code [{code, description}]}; no complainant data in any answer.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class Open311Test {

    static final String BASE = "/open311/v2";
    static final Set<String> REQUEST_FIELDS = Set.of("service_request_id", "status", "status_notes", "service_name", "service_code",
            "description", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
            "address", "address_id", "zipcode", "lat", "long", "media_url");

    @Inject
    TestClock clock;

    @Inject
    EntityManager em;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    /** GeoReport v2 POSTs are form-encoded; UTF-8 (RestAssured would default to ISO-8859-1). */
    private static io.restassured.specification.RequestSpecification form() {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8");
    }

    private String apiKey() {
        given().auth().oauth2(official("x")).contentType("application/json").body(Map.of("name", "城市服务App"))
                .when().post("/api/v1/open311-clients").then().statusCode(403);
        return given().auth().oauth2(admin()).contentType("application/json").body(Map.of("name", "城市服务App"))
                .when().post("/api/v1/open311-clients").then().statusCode(201).extract().path("apiKey");
    }

    @Test
    void discoveryServicesAndDefinitions() {
        given().when().get(BASE + "/discovery.json").then().statusCode(200)
                .body("$", hasKey("changeset")).body("$", hasKey("contact")).body("$", hasKey("key_service"))
                .body("endpoints[0].specification", equalTo("http://wiki.open311.org/GeoReport_v2"))
                .body("endpoints[0].url", equalTo("/open311/v2"))
                .body("endpoints[0].type", equalTo("production"))
                .body("endpoints[0].formats", hasItem("application/json"))
                .body("endpoints[0]", hasKey("changeset"));
        var services = given().when().get(BASE + "/services.json").then().statusCode(200)
                .body("service_code", hasItems("work-style", "delay", "attitude", "unlawful-fees", "improper-hospitality", "other"))
                .extract();
        List<Map<String, Object>> list = services.path("$");
        for (Map<String, Object> s : list) {
            assertThat(s).containsKeys("service_code", "service_name", "description", "metadata", "type", "keywords", "group");
            assertThat(s.get("type")).isIn("realtime", "batch", "blackbox");
            assertThat(s.get("metadata")).isEqualTo(true);
        }
        given().when().get(BASE + "/services").then().statusCode(200).body("service_code", hasItem("delay"));
        String dept = department();
        var def = given().when().get(BASE + "/services/delay.json").then().statusCode(200)
                .body("service_code", equalTo("delay")).extract();
        List<Map<String, Object>> attributes = def.path("attributes");
        assertThat(attributes).extracting(a -> a.get("code")).containsExactly("department", "post", "application_id");
        for (Map<String, Object> a : attributes) {
            assertThat(a).containsKeys("variable", "code", "datatype", "required", "datatype_description", "order", "description");
            assertThat(a.get("datatype")).isIn("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist");
        }
        assertThat((List<String>) def.path("attributes[0].values.key")).contains(dept);
        assertThat((List<String>) def.path("attributes[0].values.name")).doesNotContainNull();
        given().when().get(BASE + "/services/gossip.json").then().statusCode(404)
                .body("[0].code", equalTo(404)).body("[0].description", notNullValue());
        // paths no resource matches are answered in GeoReport's format too, not as the API's problem document
        for (String path : List.of("/services/NOT-A-CODE.json", "/requests/123.json", "/services.xml", "/nothing-here")) {
            given().when().get(BASE + path).then().statusCode(404).contentType(ContentType.JSON)
                    .body("[0].code", equalTo(404)).body("[0].description", notNullValue());
        }
        given().when().get(BASE + "/services.json?jurisdiction_id=elsewhere").then().statusCode(404);
        given().when().get(BASE + "/services.json?jurisdiction_id=xiaoneng-county").then().statusCode(200);
    }

    @Test
    void postRequestsThenReadThemBackByIdTokenAndFilters() {
        clock.set("2026-03-02");
        String key = apiKey();
        String dept = department();
        // no or a wrong key: 403 in GeoReport's error format, nothing created
        form().formParam("service_code", "delay").formParam("description", "x").formParam("lat", "30.1").formParam("long", "120.2")
                .when().post(BASE + "/requests.json").then().statusCode(403).body("[0].code", equalTo(403));
        form().formParam("api_key", "wrong").formParam("service_code", "delay").formParam("description", "x")
                .formParam("address_string", "a").when().post(BASE + "/requests.json").then().statusCode(403);
        // validation
        form().formParam("api_key", key).formParam("service_code", "delay").formParam("description", "x")
                .when().post(BASE + "/requests.json").then().statusCode(400).body("[0].description", containsString("location"));
        form().formParam("api_key", key).formParam("service_code", "delay").formParam("address_string", "a")
                .formParam("description", "长".repeat(4001)).when().post(BASE + "/requests.json").then().statusCode(400);
        form().formParam("api_key", key).formParam("service_code", "delay").formParam("address_string", "a")
                .formParam("description", "x").formParam("attribute[department]", "nowhere")
                .when().post(BASE + "/requests.json").then().statusCode(422).body("[0].description", containsString("attribute[department]"));

        ExtractableResponse<Response> created = form().formParam("api_key", key).formParam("service_code", "delay")
                .formParam("lat", "30.2741").formParam("long", "120.1551").formParam("address_string", "县行政服务中心二楼")
                .formParam("description", "长".repeat(4000)).formParam("first_name", "小明").formParam("last_name", "钱")
                .formParam("phone", "13800001111").formParam("email", "qian@example.com")
                .formParam("attribute[department]", dept).formParam("device_id", "d1").formParam("account_id", "a1")
                .formParam("media_url", "http://example.com/p.jpg")
                .when().post(BASE + "/requests.json").then().statusCode(201).extract();
        Map<String, Object> answer = created.path("[0]");
        assertThat(answer).containsKeys("service_request_id", "token", "service_notice", "account_id");
        String id = (String) answer.get("service_request_id");
        String token = (String) answer.get("token");
        assertThat(id).startsWith("TS20260302");

        given().when().get(BASE + "/tokens/" + token + ".json").then().statusCode(200)
                .body("[0].service_request_id", equalTo(id)).body("[0].token", equalTo(token));
        given().when().get(BASE + "/tokens/00000000-0000-0000-0000-000000000000.json").then().statusCode(404);

        ExtractableResponse<Response> one = given().when().get(BASE + "/requests/" + id + ".json").then().statusCode(200)
                .body("$", hasSize(1)).extract();
        Map<String, Object> r = one.path("[0]");
        assertThat(r.keySet()).containsAll(REQUEST_FIELDS);
        assertThat(r.get("status")).isEqualTo("open");
        assertThat((String) r.get("status_notes")).startsWith("RECEIVED");
        assertThat(r.get("service_code")).isEqualTo("delay");
        assertThat(r.get("service_name")).isEqualTo("办事拖延");
        assertThat((String) r.get("description")).hasSize(4000);
        assertThat(r.get("address")).isEqualTo("县行政服务中心二楼");
        assertThat(((Number) r.get("lat")).floatValue()).isEqualTo(30.2741f);
        assertThat(((Number) r.get("long")).floatValue()).isEqualTo(120.1551f);
        assertThat(OffsetDateTime.parse((String) r.get("requested_datetime")).getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
        assertThat(OffsetDateTime.parse((String) r.get("updated_datetime"))).isNotNull();
        assertThat(r.get("expected_datetime")).as("the acceptance deadline: 1 working day").isEqualTo("2026-03-03T23:59:59+08:00");
        assertThat(one.asString()).doesNotContain("小明").doesNotContain("13800001111").doesNotContain("qian@example.com");

        // the case moves on: status_notes and expected_datetime follow the step
        given().auth().oauth2(intake()).when().get(COMPLAINTS + "?size=100").then().statusCode(200);
        String complaintId = given().auth().oauth2(intake()).when().get(COMPLAINTS + "?department=" + dept).then().extract().path("items[0].id");
        Case c = new Case(complaintId, null, null, null);
        c.get(intake());
        c.ok(intake(), "accept", null);
        c.ok(intake(), "dispatch", Map.of("department", dept));
        given().when().get(BASE + "/requests/" + id + ".json").then().statusCode(200)
                .body("[0].status", equalTo("open"))
                .body("[0].status_notes", startsWith("DISPATCHED"))
                .body("[0].agency_responsible", startsWith("测试局"))
                .body("[0].expected_datetime", equalTo("2026-03-16T23:59:59+08:00"));
        c.ok(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "m"));
        c.ok(official(dept), "reply", Map.of("text", "已办结"));
        c.ok(intake(), "close", null);
        given().when().get(BASE + "/requests/" + id).then().statusCode(200)
                .body("[0].status", equalTo("closed")).body("[0].status_notes", startsWith("CLOSED"))
                .body("[0].expected_datetime", nullValue());

        // filters
        given().when().get(BASE + "/requests.json?service_request_id=" + id + ",TS1").then().statusCode(200)
                .body("service_request_id", contains(id));
        given().queryParams(Map.of("status", "closed", "service_code", "delay", "start_date", "2026-03-01T00:00:00+08:00", "end_date", "2026-03-31T00:00:00+08:00")).when().get(BASE + "/requests.json")
                .then().statusCode(200).body("service_request_id", hasItem(id)).body("status", everyItem(equalTo("closed")));
        given().queryParams(Map.of("status", "open", "start_date", "2026-03-01T00:00:00+08:00", "end_date", "2026-03-31T00:00:00+08:00")).when().get(BASE + "/requests.json")
                .then().statusCode(200).body("service_request_id", not(hasItem(id)));
        given().queryParams(Map.of("service_code", "attitude", "start_date", "2026-03-01T00:00:00Z", "end_date", "2026-03-31T00:00:00Z")).when().get(BASE + "/requests.json")
                .then().statusCode(200).body("service_request_id", not(hasItem(id)));
        given().queryParams(Map.of("start_date", "2026-03-03T00:00:00+08:00", "end_date", "2026-03-31T00:00:00+08:00")).when().get(BASE + "/requests.json")
                .then().statusCode(200).body("service_request_id", not(hasItem(id)));
        // default: the last 90 days before now (2026-03-02 here)
        given().when().get(BASE + "/requests.json").then().statusCode(200).body("service_request_id", hasItem(id));
        clock.set("2026-06-15");
        given().when().get(BASE + "/requests.json").then().statusCode(200).body("service_request_id", not(hasItem(id)));
        given().queryParams(Map.of("start_date", "2026-01-01T00:00:00Z", "end_date", "2026-06-01T00:00:00Z")).when().get(BASE + "/requests.json")
                .then().statusCode(400).body("[0].code", equalTo(400));
        given().queryParams(Map.of("status", "pending")).when().get(BASE + "/requests.json").then().statusCode(400);
        given().queryParams(Map.of("start_date", "yesterday")).when().get(BASE + "/requests.json").then().statusCode(400);
        given().when().get(BASE + "/requests/TS1.json").then().statusCode(404).body("[0].code", equalTo(404));
    }

    @Test
    void descriptionIsOptionalAsInGeoReport() {
        String key = apiKey();
        // GeoReport v2: description is optional; the case is then described by its service
        String id = form().formParam("api_key", key).formParam("service_code", "delay").formParam("lat", "30.27")
                .formParam("long", "120.15").when().post(BASE + "/requests.json").then().statusCode(201)
                .extract().path("[0].service_request_id");
        given().when().get(BASE + "/requests/" + id + ".json").then().statusCode(200)
                .body("[0].description", equalTo("办事拖延")).body("[0].service_code", equalTo("delay"));
        // still bounded when given
        form().formParam("api_key", key).formParam("service_code", "delay").formParam("lat", "30.27").formParam("long", "120.15")
                .formParam("description", "长".repeat(4001)).when().post(BASE + "/requests.json").then().statusCode(400);
    }

    @Test
    void theSubmitterFollowsTheCaseWithTheTrackingCodeOfTheNotice() {
        String key = apiKey();
        String dept = department();
        ExtractableResponse<Response> created = form().formParam("api_key", key).formParam("service_code", "delay")
                .formParam("address_string", "县行政服务中心一楼").formParam("attribute[department]", dept)
                .formParam("description", "窗口办件拖延。")
                .formParam("first_name", "小红").formParam("last_name", "钱").formParam("phone", "13800002222")
                .when().post(BASE + "/requests.json").then().statusCode(201).extract();
        String id = created.path("[0].service_request_id");
        String notice = created.path("[0].service_notice");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/api/v1/complaint-tracking/([2-9A-Z]{16})").matcher(notice);
        assertThat(m.find()).as(notice).isTrue();
        String code = m.group(1);
        assertThat(notice).contains("受理时限 1 个工作日");
        // shown this once: not in the public request view
        given().when().get(BASE + "/requests/" + id + ".json").then().statusCode(200)
                .body("[0].service_notice", nullValue())
                .body(not(containsString(code)));

        // the code works with the tracking endpoint: status, the reply, feedback
        given().when().get("/api/v1/complaint-tracking/" + code).then().statusCode(200)
                .body("reference", equalTo(id)).body("status", equalTo("RECEIVED"));
        String complaintId = given().auth().oauth2(intake()).when().get(COMPLAINTS + "?department=" + dept).then().statusCode(200)
                .extract().path("items[0].id");
        Case c = new Case(complaintId, null, code, id);
        c.get(intake());
        c.ok(intake(), "accept", null);
        c.ok(intake(), "dispatch", Map.of("department", dept));
        c.ok(official(dept), "handle", Map.of("finding", "SUBSTANTIATED", "measures", "m"));
        c.ok(official(dept), "reply", Map.of("text", "已督促办理。"));
        given().when().get("/api/v1/complaint-tracking/" + code).then().statusCode(200)
                .body("status", equalTo("REPLIED")).body("replies[0].text", equalTo("已督促办理。"))
                .body("canGiveFeedback", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("satisfied", true))
                .when().post("/api/v1/complaint-tracking/" + code + "/feedback").then().statusCode(200)
                .body("status", equalTo("RATED"));
    }

    @Test
    void onlyWhatWasFiledInPublicIsPublishedWithItsTextAndPlace() {
        clock.set("2026-08-03");
        String dept = department();
        String point = "mp-o311-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin()).contentType("application/json")
                .body(Map.of("code", point, "name", "监测点", "enterpriseName", "县公开测试有限公司"))
                .when().post("/api/v1/monitoring-points").then().statusCode(201);

        // told to the county, not published: on the phone, at a window, in a letter, at a monitoring point, by a platform
        Map<String, String> confidential = new LinkedHashMap<>(); // reference → channel
        for (String channel : List.of("HOTLINE_12345", "WINDOW", "LETTER", "MONITORING_POINT")) {
            Map<String, Object> body = confidentialBody(dept, channel);
            if (channel.equals("MONITORING_POINT")) {
                body.put("monitoringPoint", point);
            }
            confidential.put(register(intake(), body).reference, channel);
        }
        Map<String, Object> forwarded = confidentialBody(dept, "PROVINCE");
        forwarded.put("externalReference", "SX-" + UUID.randomUUID());
        String provinceReference = given().auth().oauth2(platform()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(forwarded)
                .when().post(COMPLAINTS + "/external").then().statusCode(201).extract().path("complaint.reference");
        confidential.put(provinceReference, "PROVINCE");

        // filed in public: on the online form, and by a GeoReport client
        Map<String, Object> online = web(dept);
        online.put("description", "网上投诉：办事大厅排队两小时无人叫号。");
        online.put("address", "县行政服务中心一楼大厅");
        online.put("lat", 30.27);
        online.put("lon", 120.15);
        String webReference = register(null, online).reference;
        String open311Reference = form().formParam("api_key", apiKey()).formParam("service_code", "delay")
                .formParam("address_string", "县行政服务中心二楼").formParam("description", "App 上报：窗口午休无人。")
                .when().post(BASE + "/requests.json").then().statusCode(201).extract().path("[0].service_request_id");

        List<String> all = new ArrayList<>(confidential.keySet());
        all.add(webReference);
        all.add(open311Reference);
        ExtractableResponse<Response> byIds = given().queryParam("service_request_id", String.join(",", all))
                .when().get(BASE + "/requests.json").then().statusCode(200).extract();
        ExtractableResponse<Response> byPeriod = given().queryParams(Map.of("start_date", "2026-08-03T00:00:00+08:00",
                        "end_date", "2026-08-03T23:59:59+08:00")).when().get(BASE + "/requests.json").then().statusCode(200).extract();
        for (ExtractableResponse<Response> list : List.of(byIds, byPeriod)) {
            // every channel is listed under its printed reference, so that anyone can follow where it stands
            assertThat((List<String>) list.path("service_request_id")).containsAll(all);
            for (Map.Entry<String, String> each : confidential.entrySet()) {
                Map<String, Object> r = list.path("find { it.service_request_id == '" + each.getKey() + "' }");
                assertThat(r.keySet()).containsAll(REQUEST_FIELDS);
                assertThat(r.get("status")).isEqualTo("open");
                assertThat((String) r.get("status_notes")).startsWith("RECEIVED");
                assertThat(r.get("service_code")).isEqualTo("attitude");
                assertThat(r.get("requested_datetime")).isNotNull();
                assertThat(r.get("expected_datetime")).isEqualTo("2026-08-04T23:59:59+08:00");
                // but not what was said, nor where
                assertThat(r.get("description")).as(each.getValue()).isNull();
                assertThat(r.get("address")).as(each.getValue()).isNull();
                assertThat(r.get("address_id")).as(each.getValue()).isNull();
                assertThat(r.get("lat")).as(each.getValue()).isNull();
                assertThat(r.get("long")).as(each.getValue()).isNull();
            }
            assertThat(list.asString()).doesNotContain("和平巷").doesNotContain("来电人");
            assertThat((String) list.path("find { it.service_request_id == '" + webReference + "' }.description"))
                    .isEqualTo("网上投诉：办事大厅排队两小时无人叫号。");
            assertThat((String) list.path("find { it.service_request_id == '" + webReference + "' }.address")).isEqualTo("县行政服务中心一楼大厅");
            assertThat((Object) list.path("find { it.service_request_id == '" + webReference + "' }.lat")).isNotNull();
            assertThat((String) list.path("find { it.service_request_id == '" + open311Reference + "' }.description"))
                    .isEqualTo("App 上报：窗口午休无人。");
        }
        // one request by its reference: the same
        for (Map.Entry<String, String> each : confidential.entrySet()) {
            given().when().get(BASE + "/requests/" + each.getKey() + ".json").then().statusCode(200)
                    .body("[0].service_request_id", equalTo(each.getKey()))
                    .body("[0].status", equalTo("open"))
                    .body("[0].description", nullValue()).body("[0].address", nullValue())
                    .body("[0].lat", nullValue()).body("[0].long", nullValue())
                    .body(not(containsString("和平巷")));
        }
        given().when().get(BASE + "/requests/" + webReference + ".json").then().statusCode(200)
                .body("[0].description", equalTo("网上投诉：办事大厅排队两小时无人叫号。"));
        // the case itself keeps everything for those handling it
        String hotlineReference = confidential.keySet().iterator().next();
        String hotlineId = given().auth().oauth2(intake()).when().get(COMPLAINTS + "?department=" + dept + "&channel=HOTLINE_12345")
                .then().statusCode(200).extract().path("items[0].id");
        given().auth().oauth2(intake()).when().get(COMPLAINTS + "/" + hotlineId).then().statusCode(200)
                .body("reference", equalTo(hotlineReference))
                .body("description", startsWith("来电人")).body("address", equalTo("城关镇和平巷3号"));
    }

    /** A complaint whose text and place name the complainant, as told on the phone, at a window, ... */
    private static Map<String, Object> confidentialBody(String dept, String channel) {
        Map<String, Object> body = hotline(dept, "赵六", "13612345678");
        body.put("channel", channel);
        body.put("description", "来电人自述住城关镇和平巷3号，办证时被要求送礼（" + channel + "）。");
        body.put("address", "城关镇和平巷3号");
        body.put("lat", 30.1);
        body.put("lon", 120.1);
        return body;
    }

    @Test
    void theAddressIdARequestIsLocatedByIsKeptAndReturned() {
        String key = apiKey();
        String dept = department();
        // located by the id of a place in the client's address register alone
        String id = form().formParam("api_key", key).formParam("service_code", "delay").formParam("address_id", "XN-ADDR-000815")
                .formParam("attribute[department]", dept).formParam("description", "不动产登记窗口拖延。")
                .when().post(BASE + "/requests.json").then().statusCode(201).extract().path("[0].service_request_id");
        given().when().get(BASE + "/requests/" + id + ".json").then().statusCode(200)
                .body("[0].address_id", equalTo("XN-ADDR-000815"))
                .body("[0].address", nullValue()).body("[0].lat", nullValue());
        given().queryParam("service_request_id", id).when().get(BASE + "/requests.json").then().statusCode(200)
                .body("[0].address_id", equalTo("XN-ADDR-000815"));
        // those handling the case see where it is
        String complaintId = given().auth().oauth2(intake()).when().get(COMPLAINTS + "?department=" + dept).then().statusCode(200)
                .extract().path("items[0].id");
        given().auth().oauth2(intake()).when().get(COMPLAINTS + "/" + complaintId).then().statusCode(200)
                .body("reference", equalTo(id)).body("addressId", equalTo("XN-ADDR-000815"));

        // with an address string and coordinates too: all kept
        String both = form().formParam("api_key", key).formParam("service_code", "delay").formParam("address_id", "XN-ADDR-000816")
                .formParam("address_string", "县行政服务中心三楼").formParam("lat", "30.2741").formParam("long", "120.1551")
                .when().post(BASE + "/requests.json").then().statusCode(201).extract().path("[0].service_request_id");
        given().when().get(BASE + "/requests/" + both + ".json").then().statusCode(200)
                .body("[0].address_id", equalTo("XN-ADDR-000816")).body("[0].address", equalTo("县行政服务中心三楼"))
                .body("[0].lat", notNullValue());
        // a request without one has none
        String none = form().formParam("api_key", key).formParam("service_code", "delay").formParam("address_string", "县行政服务中心")
                .when().post(BASE + "/requests.json").then().statusCode(201).extract().path("[0].service_request_id");
        given().when().get(BASE + "/requests/" + none + ".json").then().statusCode(200).body("[0].address_id", nullValue());
        // bounded like the other parameters
        form().formParam("api_key", key).formParam("service_code", "delay").formParam("address_id", "A".repeat(101))
                .when().post(BASE + "/requests.json").then().statusCode(400).body("[0].code", equalTo(400));
    }

    @Test
    void datesOutsideAnyPlausiblePeriodAre400NotAServerError() {
        for (Map<String, String> q : List.of(Map.of("end_date", "+999999999-12-31"), Map.of("start_date", "-999999999-01-01"),
                Map.of("start_date", "+999999999-12-31T00:00:00Z", "end_date", "+999999999-12-31T10:00:00Z"),
                Map.of("end_date", "9999-12-31"), Map.of("start_date", "1900-01-01"))) {
            given().queryParams(q).when().get(BASE + "/requests.json").then().statusCode(400)
                    .body("[0].code", equalTo(400)).body("[0].description", containsString("_date"))
                    .body("[0].description", endsWith("must lie in the years 2000 to 2100")); // the platform's years, GeoReport's format
        }
        given().queryParams(Map.of("start_date", "2026-01-01", "end_date", "2026-02-01")).when().get(BASE + "/requests.json")
                .then().statusCode(200);
    }

    @Test
    void listIsCappedAtTheConfiguredRows() {
        clock.set("2026-05-04");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into complaint (id, reference, tracking_hash, channel, category_code, description, anonymous, status,
                                       received_at, step_started_at, updated_at)
                select gen_random_uuid(), 'TS20260503' || lpad(cast(i as text), 6, '0'), md5('cap' || i) || md5('cap-' || i),
                       'WEB', 'other', 'bulk', true, 'RECEIVED', timestamptz '2026-05-03 10:00+08', timestamptz '2026-05-03 10:00+08',
                       timestamptz '2026-05-03 10:00+08'
                from generate_series(1, 1001) i""").executeUpdate());
        List<?> all = given().queryParams(Map.of("start_date", "2026-05-03T00:00:00+08:00", "end_date", "2026-05-03T23:59:59+08:00")).when().get(BASE + "/requests.json")
                .then().statusCode(200).extract().path("$");
        assertThat(all).hasSize(1000);
    }
}
