package io.xiaoneng.approval.api;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.xiaoneng.platform.problem.ProblemLeaks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks every problem response the same way: RFC 9457 shape, the machine code, the language, and — on every
 * single one — that nothing internal leaks ({@link ProblemLeaks}).
 */
public final class ProblemAssert {
    private ProblemAssert() {}

    /** Asserts a problem response of {@code status} and {@code code}; returns it for further checks. */
    public static ExtractableResponse<Response> problem(ValidatableResponse response, int status, String code) {
        ExtractableResponse<Response> r = response.extract();
        String body = r.asString();
        assertThat(r.statusCode()).as("status of %s", body).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        ProblemLeaks.assertNone(body);
        JsonPath json = r.jsonPath();
        assertThat(json.getString("code")).isEqualTo(code);
        assertThat(json.getString("type")).isEqualTo("https://xiaoneng.example/problems/" + code);
        assertThat(json.getInt("status")).isEqualTo(status);
        assertThat(json.getString("title")).isNotBlank();
        assertThat(json.getString("instance")).startsWith("/");
        assertThat(r.header("Content-Language")).isIn("zh-CN", "en");
        return r;
    }
}
