package io.xiaoneng.approval.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.http.IdempotentRequests;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.api.ProblemAssert.problem;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency-Key on creation and ETag/If-Match on update, through the department endpoints. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class HttpConventionsTest {

    private static final String DEPARTMENTS = "/api/v1/departments";

    @Inject
    IdempotentRequests idempotency;

    @Inject
    DataSource dataSource;

    private static String admin() {
        return token("admin", "efficiency-office", "admin");
    }

    private static String uniqueCode() {
        return "hc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> newDepartment(String code, String name) {
        return Map.of("code", code, "name", name, "kind", "COUNTY_AGENCY");
    }

    private static int departmentCount() {
        return given().auth().oauth2(admin()).when().get(DEPARTMENTS).then().statusCode(200).extract().jsonPath().getList("code").size();
    }

    private static ExtractableResponse<Response> post(String token, String key, Object body) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post(DEPARTMENTS).then().extract();
    }

    // --- Idempotency-Key -----------------------------------------------------------------------------------------

    @Test
    void aReplayReturnsTheFirstResponseAndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        String code = uniqueCode();
        int before = departmentCount();

        ExtractableResponse<Response> first = post(admin(), key, newDepartment(code, "县审计局"));
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(departmentCount()).isEqualTo(before + 1);

        // the same request again, as a client retrying after a timeout; key order and spacing differ
        ExtractableResponse<Response> replay = post(admin(), key,
                "{ \"kind\": \"COUNTY_AGENCY\",  \"name\": \"县审计局\", \"code\": \"" + code + "\" }");
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("Location")).isEqualTo(first.header("Location")).endsWith(DEPARTMENTS + "/" + code);
        assertThat(replay.asString()).isEqualTo(first.asString());
        assertThat(replay.contentType()).startsWith("application/json");
        assertThat(departmentCount()).isEqualTo(before + 1);
    }

    @Test
    void theSameKeyWithADifferentBodyIs422() {
        String key = UUID.randomUUID().toString();
        String code = uniqueCode();
        assertThat(post(admin(), key, newDepartment(code, "县统计局")).statusCode()).isEqualTo(201);
        int before = departmentCount();

        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(newDepartment(code, "县统计局（改）")).when().post(DEPARTMENTS).then(), 422, "idempotency-key-reused");
        assertThat(departmentCount()).isEqualTo(before);
    }

    @Test
    void keysBelongToTheCaller() {
        String key = UUID.randomUUID().toString();
        assertThat(post(admin(), key, newDepartment(uniqueCode(), "县林业局")).statusCode()).isEqualTo(201);
        // another admin may use the same key for his own, different request
        String otherAdmin = token("admin-2", "efficiency-office", "admin");
        assertThat(post(otherAdmin, key, newDepartment(uniqueCode(), "县水利局")).statusCode()).isEqualTo(201);
    }

    @Test
    void invalidKeysAre400() {
        int before = departmentCount();
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", "k".repeat(256))
                .body(newDepartment(uniqueCode(), "x")).when().post(DEPARTMENTS).then(), 400, "invalid-idempotency-key");
        problem(given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", "   ")
                .body(newDepartment(uniqueCode(), "x")).when().post(DEPARTMENTS).then(), 400, "invalid-idempotency-key");
        assertThat(departmentCount()).isEqualTo(before);
    }

    @Test
    void aFailedAttemptIsNotRememberedSoItCanBeRetried() {
        String key = UUID.randomUUID().toString();
        Map<String, String> orphan = Map.of("code", uniqueCode(), "name", "x", "kind", "TOWN", "parentCode", "not-yet");
        assertThat(post(admin(), key, orphan).statusCode()).isEqualTo(422);
        assertThat(post(admin(), key, orphan).statusCode()).as("not a replay of the 422").isEqualTo(422);
    }

    @Test
    void concurrentDuplicatesCreateExactlyOneDepartment() throws Exception {
        String key = UUID.randomUUID().toString();
        String code = uniqueCode();
        String body = "{\"code\":\"" + code + "\",\"name\":\"县应急管理局\",\"kind\":\"COUNTY_AGENCY\"}";
        String bearer = "Bearer " + admin();
        int before = departmentCount();

        int threads = 8;
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://localhost:" + RestAssured.port + DEPARTMENTS);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return client.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", bearer).header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            }));
        }
        start.countDown();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<HttpResponse<String>> f : futures) {
            responses.add(f.get());
        }
        pool.shutdown();

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201);
        assertThat(responses).extracting(HttpResponse::body).containsOnly(responses.get(0).body());
        assertThat(responses).extracting(r -> r.headers().firstValue("Location").orElse(null))
                .containsOnly(responses.get(0).headers().firstValue("Location").orElseThrow());
        assertThat(responses).filteredOn(r -> r.headers().firstValue("Idempotent-Replayed").isPresent()).hasSize(threads - 1);
        assertThat(departmentCount()).isEqualTo(before + 1);
    }

    @Test
    void expiredRecordsAreForgottenAndPurged() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(post(admin(), key, newDepartment(uniqueCode(), "县档案馆")).statusCode()).isEqualTo(201);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("update idempotency_record set expires_at = now() - interval '1 second' where idempotency_key = ?")) {
            ps.setString(1, key);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(idempotency.purgeExpired()).isGreaterThanOrEqualTo(1);
        // the key is free again: a different request with it is carried out, not refused as a reuse
        assertThat(post(admin(), key, newDepartment(uniqueCode(), "县方志馆")).statusCode()).isEqualTo(201);
    }

    // --- ETag / If-Match ---------------------------------------------------------------------------------------------

    private static String created() {
        String code = uniqueCode();
        assertThat(post(admin(), null, newDepartment(code, "县商务局")).statusCode()).isEqualTo(201);
        return code;
    }

    private static ExtractableResponse<Response> get(String code) {
        return given().auth().oauth2(admin()).when().get(DEPARTMENTS + "/" + code).then().statusCode(200).extract();
    }

    private static io.restassured.specification.RequestSpecification put(String ifMatch, String name, boolean active) {
        var request = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "active", active));
        return ifMatch == null ? request : request.header("If-Match", ifMatch);
    }

    @Test
    void etagRoundTrip() {
        String code = created();
        ExtractableResponse<Response> read = get(code);
        String etag = read.header("ETag");
        assertThat(etag).isEqualTo("\"0\"");

        ExtractableResponse<Response> updated = put(etag, "县商务和经济信息化局", true)
                .when().put(DEPARTMENTS + "/" + code).then().statusCode(200).extract();
        assertThat(updated.jsonPath().getString("name")).isEqualTo("县商务和经济信息化局");
        assertThat(updated.header("ETag")).isEqualTo("\"1\"");

        ExtractableResponse<Response> reread = get(code);
        assertThat(reread.header("ETag")).isEqualTo("\"1\"");
        assertThat(reread.jsonPath().getString("name")).isEqualTo("县商务和经济信息化局");

        // "*" matches whatever version exists; an unchanged PUT keeps the version
        ExtractableResponse<Response> deactivated = put("*", "县商务和经济信息化局", false)
                .when().put(DEPARTMENTS + "/" + code).then().statusCode(200).extract();
        assertThat(deactivated.jsonPath().getBoolean("active")).isFalse();
        assertThat(deactivated.header("ETag")).isEqualTo("\"2\"");
        assertThat(put("\"2\"", "县商务和经济信息化局", false).when().put(DEPARTMENTS + "/" + code)
                .then().statusCode(200).extract().header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() {
        String code = created();
        String etag = get(code).header("ETag");
        put(etag, "第一次修改", true).when().put(DEPARTMENTS + "/" + code).then().statusCode(200);

        problem(put(etag, "基于旧版本的修改", false).when().put(DEPARTMENTS + "/" + code).then(), 412, "precondition-failed");

        ExtractableResponse<Response> now = get(code);
        assertThat(now.jsonPath().getString("name")).isEqualTo("第一次修改");
        assertThat(now.jsonPath().getBoolean("active")).isTrue();
        assertThat(now.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void aMissingIfMatchIs428AndAMalformedOneIs400() {
        String code = created();
        ExtractableResponse<Response> r = problem(put(null, "无条件修改", true).when().put(DEPARTMENTS + "/" + code).then(),
                428, "precondition-required");
        assertThat(r.jsonPath().getString("header")).isEqualTo("If-Match");
        problem(put("0", "未加引号", true).when().put(DEPARTMENTS + "/" + code).then(), 400, "bad-request");
        assertThat(get(code).jsonPath().getString("name")).isEqualTo("县商务局");
    }

    @Test
    void concurrentUpdatesWithTheSameEtagLetExactlyOneThrough() throws Exception {
        String code = created();
        String etag = get(code).header("ETag");
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String name = "并发修改 " + i;
            statuses.add(pool.submit(() -> {
                start.await();
                return put(etag, name, true).when().put(DEPARTMENTS + "/" + code).then().extract().statusCode();
            }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> s : statuses) {
            results.add(s.get());
        }
        pool.shutdown();
        assertThat(results).filteredOn(s -> s == 200).hasSize(1);
        assertThat(results).filteredOn(s -> s == 412).hasSize(threads - 1);
        assertThat(get(code).header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void onlyAnAdminUpdatesAndUnknownDepartmentsAre404() {
        String code = created();
        problem(given().auth().oauth2(token("head-market", "market", "dept-head")).contentType(ContentType.JSON)
                .header("If-Match", "\"0\"").body(Map.of("name", "x", "active", true))
                .when().put(DEPARTMENTS + "/" + code).then(), 403, "forbidden");
        problem(put("\"0\"", "x", true).when().put(DEPARTMENTS + "/no-such-dept").then(), 404, "not-found");
    }
}
