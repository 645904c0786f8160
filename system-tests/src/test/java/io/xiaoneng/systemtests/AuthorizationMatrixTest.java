package io.xiaoneng.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.xiaoneng.systemtests.OpenApiOperations.Operation;
import io.xiaoneng.systemtests.OpenApiOperations.Parameter;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of every service × every kind of caller, from the services' own OpenAPI documents: each operation
 * declares its rule ({@code x-xiaoneng-access}, see the platform's DeclaredAccessFilter) and the running services,
 * called with real Keycloak tokens, must keep it. An operation without a declared rule fails the test.
 *
 * <p>Writes are sent for resources that do not exist (random ids, unknown codes) and reads for ones that do, so the
 * matrix never changes anything: an allowed caller gets past security and meets 404/400/422; a caller outside the
 * rule is stopped with 401/403 before any lookup. Object-level rules (a department's officials, an applicant's own
 * cases) are proven by the scenarios below the matrix.
 */
@Order(10)
class AuthorizationMatrixTest {

    /** The callers, and the realm roles their tokens carry (keycloak/xiaoneng-realm.json). */
    static final Map<String, Set<String>> PRINCIPALS = new LinkedHashMap<>();

    static {
        PRINCIPALS.put("anonymous", Set.of());
        PRINCIPALS.put("applicant-a", Set.of("applicant"));
        PRINCIPALS.put("applicant-b", Set.of("applicant"));
        PRINCIPALS.put("clerk-market", Set.of("clerk"));
        PRINCIPALS.put("approver-market", Set.of("approver"));
        PRINCIPALS.put("head-market", Set.of("dept-head"));
        PRINCIPALS.put("clerk-housing", Set.of("clerk"));
        PRINCIPALS.put("approver-housing", Set.of("approver"));
        PRINCIPALS.put("head-housing", Set.of("dept-head"));
        PRINCIPALS.put("intake", Set.of("clerk"));
        PRINCIPALS.put("supervisor", Set.of("supervisor"));
        PRINCIPALS.put("evaluator", Set.of("evaluator"));
        PRINCIPALS.put("admin", Set.of("admin"));
        PRINCIPALS.put("province-platform", Set.of("integration"));
    }

    /** Callers whose reach is a department or their own cases: an allowed operation may still refuse one object. */
    static final Set<String> OBJECT_SCOPED = Set.of("applicant-a", "applicant-b", "clerk-market", "approver-market",
            "head-market", "clerk-housing", "approver-housing", "head-housing", "intake", "province-platform");

    record Violation(Operation operation, String principal, int status, String expected) {}

    @Test
    void everyOperationDeclaresItsRuleAndEveryRoleIsHeldToIt() throws Exception {
        SystemStack.get();
        List<String> undeclared = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        List<String> notExercised = new ArrayList<>();
        Map<String, int[]> table = new TreeMap<>(); // service → operations, requests, allowed, denied, object-scoped refusals

        for (String service : OpenApiOperations.SERVICES) {
            List<Operation> operations = OpenApiOperations.of(service);
            int[] row = table.computeIfAbsent(service, s -> new int[5]);
            row[0] = operations.size();
            for (Operation op : operations) {
                JsonNode access = op.node().path("x-xiaoneng-access");
                if (!access.isArray()) {
                    undeclared.add(op.toString());
                    continue;
                }
                Set<String> rule = new java.util.HashSet<>();
                access.forEach(n -> rule.add(n.asText()));
                Map<String, String> path = pathValues(op);
                for (Map.Entry<String, Set<String>> principal : PRINCIPALS.entrySet()) {
                    String who = principal.getKey();
                    boolean anonymous = who.equals("anonymous");
                    boolean apiKey = rule.contains("api-key"); // a registered client's key, which no caller here has
                    boolean allowed = !apiKey && rule.contains("anonymous") || (!anonymous && (rule.contains("authenticated")
                            || principal.getValue().stream().anyMatch(rule::contains)));
                    if (allowed && op.mutating() && op.bodySchema() == null && op.in("path").isEmpty()) {
                        // A bodiless write on no particular object would really run for an allowed caller.
                        notExercised.add(op + " as " + who);
                        continue;
                    }
                    int status = send(op, path, anonymous ? null : Tokens.of(who)).statusCode();
                    row[1]++;
                    if (allowed) {
                        row[2]++;
                        boolean objectRefusal = status == 403 && OBJECT_SCOPED.contains(who) && !op.in("path").isEmpty();
                        if (objectRefusal) {
                            row[4]++;
                        } else if (status == 401 || status == 403) {
                            violations.add(new Violation(op, who, status, "allowed by " + rule));
                        }
                    } else {
                        row[3]++;
                        int expected = anonymous && !apiKey ? 401 : 403;
                        if (status != expected) {
                            violations.add(new Violation(op, who, status, expected + " (rule " + rule + ")"));
                        }
                    }
                }
            }
        }

        StringBuilder sb = new StringBuilder("\n## Authorization matrix: operations × callers\n\n")
                .append("| service | operations | requests | allowed | denied | object-level refusals | violations |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        table.forEach((service, r) -> sb.append(String.format("| %s | %d | %d | %d | %d | %d | %d |%n", service, r[0], r[1],
                r[2], r[3], r[4], violations.stream().filter(v -> v.operation().service().equals(service)).count())));
        sb.append("\nallowed calls not exercised (bodiless writes on no object): ")
                .append(notExercised.isEmpty() ? "none" : notExercised).append('\n');
        sb.append("undeclared operations: ").append(undeclared.isEmpty() ? "none" : undeclared).append('\n');
        violations.stream().limit(100).forEach(v -> sb.append(String.format("- %s as %s → %d, expected %s%n",
                v.operation(), v.principal(), v.status(), v.expected())));
        System.out.println(sb);

        assertThat(undeclared).as("operations without a declared access rule").isEmpty();
        assertThat(violations).as("callers not held to the declared rule (see the table above)").isEmpty();
    }

    /**
     * Object level (BOLA): applicant A's case for a market item. Applicant B and housing's officials can neither read
     * it nor act on it; market's clerk can; the supervisor reads county-wide. Through the gateway, as front-ends call.
     */
    @Test
    void anApplicationIsSeenAndChangedOnlyByItsApplicantAndItsDepartment() throws Exception {
        SystemStack.get();
        String gateway = RunningStack.gatewayUrl();
        String item = given().baseUri(gateway).queryParam("department", "market").queryParam("status", "RETAINED")
                .when().get("/api/v1/catalog/items").then().statusCode(200)
                .extract().path("items.find { !it.composite }.implementationCode");
        assertThat(item).as("a retained, simple market item in the demo catalog").isNotNull();

        Response filed = given().baseUri(gateway).auth().oauth2(Tokens.of("applicant-a")).contentType(ContentType.JSON)
                .body(Map.of("itemCode", item, "materials", List.of("申请书"),
                        "applicant", Map.of("kind", "PERSON", "name", "王小明", "idNumber", "11010519491231002X", "phone", "13812345678")))
                .when().post("/api/v1/applications");
        assertThat(filed.statusCode()).as(filed.asString()).isEqualTo(201);
        String id = filed.path("application.id");
        String etag = filed.header("ETag");
        String url = "/api/v1/applications/" + id;

        for (String outsider : List.of("applicant-b", "clerk-housing", "approver-housing", "head-housing")) {
            int read = given().baseUri(gateway).auth().oauth2(Tokens.of(outsider)).when().get(url).statusCode();
            assertThat(read).as("%s reads A's market case", outsider).isIn(403, 404);
            int act = given().baseUri(gateway).auth().oauth2(Tokens.of(outsider)).header("If-Match", etag)
                    .contentType(ContentType.JSON).body("{}").when().post(url + "/acceptance").statusCode();
            assertThat(act).as("%s accepts A's market case", outsider).isIn(403, 404);
            String list = given().baseUri(gateway).auth().oauth2(Tokens.of(outsider)).when().get("/api/v1/applications")
                    .then().extract().asString();
            assertThat(list).as("%s's case list", outsider).doesNotContain(id);
        }
        // Nothing of it changed: still submitted, same version.
        given().baseUri(gateway).auth().oauth2(Tokens.of("applicant-a")).when().get(url)
                .then().statusCode(200).header("ETag", etag);
        given().baseUri(gateway).auth().oauth2(Tokens.of("supervisor")).when().get(url).then().statusCode(200);

        // The department's own clerk may act.
        given().baseUri(gateway).auth().oauth2(Tokens.of("clerk-market")).when().get(url).then().statusCode(200);
        given().baseUri(gateway).auth().oauth2(Tokens.of("clerk-market")).header("If-Match", etag)
                .contentType(ContentType.JSON).body("{}").when().post(url + "/acceptance").then().statusCode(200);
    }

    /** Reads see real objects; writes aim at objects that do not exist, so nothing can change. */
    private static Map<String, String> pathValues(Operation op) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : op.in("path")) {
            values.put(p.name(), op.mutating() ? switch (p.name()) {
                case "year" -> "2199";
                case "version" -> "9999";
                default -> p.name().toLowerCase().contains("id") ? UUID.randomUUID().toString() : "matrix-test-unknown";
            } : FuzzValues.realPathValue(op, p));
        }
        return values;
    }

    private static Response send(Operation op, Map<String, String> pathValues, String token) {
        RequestSpecification spec = given().baseUri(SystemStack.serviceUrl(op.service()));
        if (token != null) {
            spec.auth().oauth2(token);
        }
        if (op.bodySchema() != null) {
            // Malformed on purpose: security is checked before the body is read, and nothing can be accepted.
            spec.contentType(op.bodyMediaType().contains("json") ? ContentType.JSON.toString() : op.bodyMediaType()).body("{");
        }
        return spec.when().request(op.method().toUpperCase(), op.expand(pathValues));
    }
}
