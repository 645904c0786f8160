package io.xiaoneng.systemtests;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.xiaoneng.systemtests.OpenApiOperations.Operation;
import io.xiaoneng.systemtests.OpenApiOperations.Parameter;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway is the single entry of front-ends: every operation of every service (walked from the services' OpenAPI
 * documents) must reach its service through it, and every operation a service declares public (anonymous, or an
 * Open311 client's key) must be callable there without a token. Each request is sent twice, directly to the service
 * and through the gateway, and must get the same status: a prefix the gateway does not route answers 404 "no
 * service handles this path", a public operation missing from its public routes 401.
 *
 * <p>Like the authorization matrix, writes aim at objects that do not exist and carry malformed bodies, so nothing
 * changes; bodiless writes on no particular object are not sent.
 */
@Order(11)
class GatewayRoutesTest {

    @Test
    void everyOperationIsRoutedAndEveryPublicOneNeedsNoTokenAtTheGateway() throws Exception {
        SystemStack.get();
        String admin = Tokens.of("admin");
        List<String> failures = new ArrayList<>();
        Map<String, int[]> table = new TreeMap<>(); // service → operations, requests, public requests, failures
        for (String service : OpenApiOperations.SERVICES) {
            int[] row = table.computeIfAbsent(service, s -> new int[4]);
            for (Operation op : OpenApiOperations.of(service)) {
                row[0]++;
                Set<String> rule = new HashSet<>();
                op.node().path("x-xiaoneng-access").forEach(n -> rule.add(n.asText()));
                if (op.mutating() && op.bodySchema() == null && op.in("path").isEmpty()) {
                    continue;
                }
                Map<String, String> values = pathValues(op);
                List<String> callers = new ArrayList<>();
                callers.add(admin);
                if (rule.contains("anonymous") || rule.contains("api-key")) {
                    callers.add(null);
                    row[2]++;
                }
                for (String token : callers) {
                    int direct = send(SystemStack.serviceUrl(service), op, values, token).statusCode();
                    Response through = send(RunningStack.gatewayUrl(), op, values, token);
                    row[1]++;
                    if (through.statusCode() != direct) {
                        row[3]++;
                        failures.add(String.format("%s %s: directly %d, through the gateway %d %s", op,
                                token == null ? "without a token" : "as admin", direct, through.statusCode(),
                                through.asString().length() > 200 ? through.asString().substring(0, 200) : through.asString()));
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder("\n## Gateway routes: every operation through the gateway as directly\n\n")
                .append("| service | operations | requests | of them without a token | failures |\n|---|---:|---:|---:|---:|\n");
        table.forEach((s, r) -> sb.append(String.format("| %s | %d | %d | %d | %d |%n", s, r[0], r[1], r[2], r[3])));
        failures.stream().limit(100).forEach(f -> sb.append("- ").append(f).append('\n'));
        System.out.println(sb);
        assertThat(failures).as("operations the gateway does not route as the service answers them").isEmpty();
    }

    /** Reads see real objects; writes aim at objects that do not exist. */
    private static Map<String, String> pathValues(Operation op) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : op.in("path")) {
            values.put(p.name(), op.mutating() ? switch (p.name()) {
                case "year" -> "2199";
                case "version" -> "9999";
                default -> p.name().toLowerCase().contains("id") ? UUID.randomUUID().toString() : "gateway-test-unknown";
            } : FuzzValues.realPathValue(op, p));
        }
        return values;
    }

    private static Response send(String base, Operation op, Map<String, String> values, String token) {
        RequestSpecification spec = given().baseUri(base).filter(RateLimitRetry.INSTANCE).urlEncodingEnabled(true);
        if (token != null) {
            spec.auth().oauth2(token);
        }
        if (op.bodySchema() != null) {
            spec.contentType(op.bodyMediaType().contains("json") ? ContentType.JSON.toString() : op.bodyMediaType()).body("{");
        }
        return spec.when().request(op.method().toUpperCase(), op.expand(values));
    }
}
