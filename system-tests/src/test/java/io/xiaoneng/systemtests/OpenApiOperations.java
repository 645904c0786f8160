package io.xiaoneng.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;

/** Every operation a running service declares in its OpenAPI document: the ground truth the cross-cutting tests walk. */
final class OpenApiOperations {
    private OpenApiOperations() {}

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SERVICES = List.of("approval", "complaint", "evaluation", "integration");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    record Parameter(String name, String in, boolean required, JsonNode schema) {}

    record Operation(String service, String method, String path, String operationId, List<Parameter> parameters,
                     String bodyMediaType, JsonNode bodySchema, JsonNode document) {
        boolean mutating() {
            return !method.equals("get");
        }

        /** The operation's own object in its document ({@code paths.<path>.<method>}: responses, requestBody, x-…). */
        JsonNode node() {
            return document.path("paths").path(path).path(method);
        }

        List<Parameter> in(String location) {
            return parameters.stream().filter(p -> p.in().equals(location)).toList();
        }

        /** A JSON Schema node with its {@code $ref} (to components) followed. */
        JsonNode resolve(JsonNode schema) {
            int hops = 0;
            while (schema != null && schema.has("$ref") && hops++ < 20) {
                String ref = schema.get("$ref").asText();
                schema = document.at(ref.substring(1)); // "#/components/schemas/X" → "/components/schemas/X"
            }
            return schema;
        }

        /**
         * The request path: declared parameters replaced by {@code values}; templates the document does not declare
         * (a JAX-RS regex such as Open311's optional {@code {format}} suffix) by their default, the empty string.
         */
        String expand(Map<String, String> values) {
            String expanded = path;
            for (Map.Entry<String, String> v : values.entrySet()) {
                expanded = expanded.replace("{" + v.getKey() + "}", v.getValue());
            }
            return expanded.replaceAll("\\{[^}/]*}", "");
        }

        @Override
        public String toString() {
            return service + " " + method.toUpperCase() + " " + path + " (" + operationId + ")";
        }
    }

    static JsonNode document(String service) {
        String text = given().baseUri(SystemStack.serviceUrl(service)).queryParam("format", "json")
                .when().get("/q/openapi").then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("OpenAPI document of " + service + " is not JSON", e);
        }
    }

    /** The business operations of every service, service after service (checks that need no per-service table). */
    static List<Operation> all() {
        List<Operation> operations = new ArrayList<>();
        for (String service : SERVICES) {
            operations.addAll(of(service));
        }
        return operations;
    }

    /** The operations of a service's business API ({@code /api/} and {@code /open311/}), in document order. */
    static List<Operation> of(String service) {
        JsonNode doc = document(service);
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/") && !path.getKey().startsWith("/open311/")) {
                continue;
            }
            List<Parameter> shared = parameters(path.getValue().path("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                List<Parameter> params = new ArrayList<>(shared);
                params.addAll(parameters(op.getValue().path("parameters")));
                String mediaType = null;
                JsonNode bodySchema = null;
                JsonNode content = op.getValue().path("requestBody").path("content");
                if (content.isObject() && content.size() > 0) {
                    mediaType = content.has("application/json") ? "application/json" : content.fieldNames().next();
                    bodySchema = content.path(mediaType).path("schema");
                }
                operations.add(new Operation(service, op.getKey(), path.getKey(),
                        op.getValue().path("operationId").asText(null), params, mediaType, bodySchema, doc));
            }
        }
        return operations;
    }

    private static List<Parameter> parameters(JsonNode list) {
        List<Parameter> params = new ArrayList<>();
        for (JsonNode p : list) {
            params.add(new Parameter(p.path("name").asText(), p.path("in").asText(), p.path("required").asBoolean(false),
                    p.path("schema")));
        }
        return params;
    }
}
