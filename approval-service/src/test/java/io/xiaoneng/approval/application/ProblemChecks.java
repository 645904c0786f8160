package io.xiaoneng.approval.application;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.platform.problem.ProblemLeaks;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9457 shape, machine code, and nothing internal leaked — on every problem the tests get. */
final class ProblemChecks {
    private ProblemChecks() {}

    static JsonPath problem(ExtractableResponse<Response> r, int status, String code) {
        String body = r.asString();
        assertThat(r.statusCode()).as("status of %s", body).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        ProblemLeaks.assertNone(body);
        JsonPath json = r.jsonPath();
        assertThat(json.getString("code")).isEqualTo(code);
        assertThat(json.getString("type")).isEqualTo("https://xiaoneng.example/problems/" + code);
        assertThat(json.getString("title")).isNotBlank();
        return json;
    }
}
