package io.xiaoneng.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import io.xiaoneng.systemtests.OpenApiOperations.Operation;
import io.xiaoneng.systemtests.OpenApiOperations.Parameter;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/** Values for path parameters that name objects which exist, found through the services' own list operations. */
final class FuzzValues {
    private FuzzValues() {}

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    /**
     * The first element of the list operation one level up ({@code GET /things} for {@code /things/{code}}), as an
     * administrator sees it; else a demo code. Real objects let body and query mutations reach the code behind the
     * lookup, and let the authorization matrix read objects that exist.
     */
    static String realPathValue(Operation op, Parameter p) {
        String marker = "/{" + p.name() + "}";
        String listPath = op.path().substring(0, op.path().indexOf(marker));
        return CACHE.computeIfAbsent(op.service() + " " + listPath + " " + p.name(), k -> lookUp(op, p, listPath));
    }

    private static String lookUp(Operation op, Parameter p, String listPath) {
        if (!listPath.contains("{")) {
            Response list = given().baseUri(SystemStack.serviceUrl(op.service())).auth().oauth2(Tokens.of("admin"))
                    .when().get(listPath);
            if (list.statusCode() == 200) {
                JsonNode first = firstElement(read(list.asString()));
                if (first != null) {
                    for (String field : List.of(p.name(), "id", "code", "year")) {
                        if (first.hasNonNull(field) && first.get(field).isValueNode()) {
                            return first.get(field).asText();
                        }
                    }
                }
            }
        }
        return switch (p.name()) {
            case "code", "department" -> "market";
            case "year" -> "2026";
            case "version" -> "1";
            default -> UUID.randomUUID().toString();
        };
    }

    private static JsonNode firstElement(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            return node.size() > 0 ? node.get(0) : null;
        }
        for (String field : List.of("items", "content", "data", "results", "rows")) {
            if (node.path(field).isArray() && node.path(field).size() > 0) {
                return node.path(field).get(0);
            }
        }
        return null;
    }

    private static JsonNode read(String text) {
        try {
            return OpenApiOperations.JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
