package io.xiaoneng.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One OpenAPI document for the whole API at {@code /q/openapi-merged}: each service's {@code /q/openapi} (JSON)
 * fetched, their paths put together, and their components merged — a component name that two services define
 * differently (every service has its own {@code Problem}, say) is prefixed with the service's name
 * ({@code approval_Problem}) in that service's part, references included; identical ones are kept once. An
 * operationId several services share (an operation the platform gives each, {@code listDeadLetters}) is prefixed
 * the same way ({@code complaint_listDeadLetters}), as a document's operationIds must be unique. The
 * Swagger UI at {@code /q/swagger-ui} shows it. A service that does not answer is named in
 * {@code x-unavailable-services} and the document is not cached, so it appears once the service is back.
 */
@ApplicationScoped
public class MergedOpenApi {

    private static final Logger LOG = Logger.getLogger(MergedOpenApi.class);
    public static final String PATH = "/q/openapi-merged";
    private static final List<String> SECTIONS = List.of("schemas", "responses", "parameters", "examples",
            "requestBodies", "headers", "securitySchemes", "links", "callbacks", "pathItems");

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    private WebClient client;
    private volatile JsonObject cached;
    private volatile long cachedAt;

    void register(@Observes Router router) {
        client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis()));
        router.get(PATH).handler(rc -> document().onComplete(ar -> {
            if (ar.succeeded()) {
                rc.response().putHeader("Content-Type", "application/json").end(ar.result().encode());
            } else {
                rc.fail(ar.cause());
            }
        }));
    }

    Future<JsonObject> document() {
        JsonObject doc = cached;
        if (doc != null && System.nanoTime() - cachedAt < config.openapi().cacheFor().toNanos()) {
            return Future.succeededFuture(doc);
        }
        Map<String, Future<JsonObject>> fetches = new LinkedHashMap<>();
        config.routes().forEach((name, route) -> fetches.put(name, fetch(route)));
        return Future.join(new ArrayList<>(fetches.values())).transform(ignored -> {
            Map<String, JsonObject> docs = new LinkedHashMap<>();
            List<String> unavailable = new ArrayList<>();
            fetches.forEach((name, f) -> {
                if (f.succeeded()) {
                    docs.put(name, f.result());
                } else {
                    unavailable.add(name);
                    LOG.warnf("OpenAPI of the %s service not available: %s", name, f.cause().toString());
                }
            });
            JsonObject merged = merge(docs, unavailable);
            if (unavailable.isEmpty()) {
                cached = merged;
                cachedAt = System.nanoTime();
            }
            return Future.succeededFuture(merged);
        });
    }

    private Future<JsonObject> fetch(GatewayConfig.Route route) {
        String url = route.url().toString().replaceAll("/$", "") + config.openapi().upstreamPath();
        return client.getAbs(url).putHeader("Accept", "application/json")
                .timeout(config.health().upstreamTimeout().toMillis())
                .send()
                .compose(response -> response.statusCode() == 200
                        ? Future.succeededFuture(response.bodyAsJsonObject())
                        : Future.failedFuture("status " + response.statusCode()));
    }

    /** The merge itself (pure, for tests): services in the given order. */
    JsonObject merge(Map<String, JsonObject> docs, List<String> unavailable) {
        // which component names clash: same section and name, different content in two services
        Map<String, Map<String, String>> renames = new HashMap<>(); // service -> "section/name" -> new name
        for (String section : SECTIONS) {
            Map<String, List<String>> owners = new LinkedHashMap<>();
            docs.forEach((service, doc) -> components(doc, section).fieldNames()
                    .forEach(n -> owners.computeIfAbsent(n, k -> new ArrayList<>()).add(service)));
            owners.forEach((name, services) -> {
                if (services.size() < 2) {
                    return;
                }
                Object first = components(docs.get(services.get(0)), section).getValue(name);
                boolean allEqual = services.stream()
                        .allMatch(s -> first.equals(components(docs.get(s), section).getValue(name)));
                if (!allEqual) {
                    services.forEach(s -> renames.computeIfAbsent(s, k -> new HashMap<>())
                            .put(section + "/" + name, s + "_" + name));
                }
            });
        }
        // A component written the same way in two services still differs when it refers to one that was renamed
        // (its Owner is not the other's Owner): rename it too, until nothing changes.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String section : SECTIONS) {
                Map<String, List<String>> owners = new LinkedHashMap<>();
                docs.forEach((service, doc) -> components(doc, section).fieldNames()
                        .forEach(n -> owners.computeIfAbsent(n, k -> new ArrayList<>()).add(service)));
                for (Map.Entry<String, List<String>> e : owners.entrySet()) {
                    String key = section + "/" + e.getKey();
                    List<String> services = e.getValue();
                    if (services.size() < 2 || renames.getOrDefault(services.get(0), Map.of()).containsKey(key)) {
                        continue;
                    }
                    boolean refersToRenamed = services.stream().anyMatch(s -> refersTo(
                            components(docs.get(s), section).getValue(e.getKey()), renames.getOrDefault(s, Map.of())));
                    if (refersToRenamed) {
                        services.forEach(s -> renames.computeIfAbsent(s, k -> new HashMap<>()).put(key, s + "_" + e.getKey()));
                        changed = true;
                    }
                }
            }
        }

        // An operationId must be unique in a document (clients are generated from them): one that several services
        // share — an operation the platform gives each of them, such as listDeadLetters — is prefixed with the
        // service's name in every service's part, as clashing components are.
        Map<String, List<String>> operationOwners = new LinkedHashMap<>();
        docs.forEach((service, doc) -> operations(doc).forEach(op -> {
            String id = op.getString("operationId");
            if (id != null) {
                operationOwners.computeIfAbsent(id, k -> new ArrayList<>()).add(service);
            }
        }));

        JsonObject paths = new JsonObject();
        JsonObject components = new JsonObject();
        JsonArray tags = new JsonArray();
        List<String> tagNames = new ArrayList<>();
        JsonArray security = null;
        String version = "3.0.3";
        for (Map.Entry<String, JsonObject> entry : docs.entrySet()) {
            String service = entry.getKey();
            Map<String, String> serviceRenames = renames.getOrDefault(service, Map.of());
            JsonObject doc = (JsonObject) rewriteRefs(entry.getValue().copy(), serviceRenames);
            version = doc.getString("openapi", version);
            operations(doc).forEach(op -> {
                String id = op.getString("operationId");
                if (id != null && operationOwners.get(id).size() > 1) {
                    op.put("operationId", service + "_" + id);
                }
            });
            doc.getJsonObject("paths", new JsonObject()).forEach(p -> {
                if (paths.containsKey(p.getKey())) {
                    LOG.warnf("Path %s is defined by two services; the %s service's is left out", p.getKey(), service);
                } else {
                    paths.put(p.getKey(), p.getValue());
                }
            });
            for (String section : SECTIONS) {
                components(doc, section).forEach(c -> {
                    String name = serviceRenames.getOrDefault(section + "/" + c.getKey(), c.getKey());
                    JsonObject target = components.getJsonObject(section);
                    if (target == null) {
                        target = new JsonObject();
                        components.put(section, target);
                    }
                    target.put(name, c.getValue());
                });
            }
            for (Object t : doc.getJsonArray("tags", new JsonArray())) {
                if (t instanceof JsonObject tag && !tagNames.contains(tag.getString("name"))) {
                    tagNames.add(tag.getString("name"));
                    tags.add(tag);
                }
            }
            if (security == null) {
                security = doc.getJsonArray("security");
            }
        }
        JsonObject merged = new JsonObject()
                .put("openapi", version)
                .put("info", new JsonObject()
                        .put("title", config.openapi().title())
                        .put("version", "1")
                        .put("description", "All services behind the gateway: " + String.join(", ", docs.keySet())
                                + (unavailable.isEmpty() ? "." : ". Not available now: " + String.join(", ", unavailable) + ".")))
                .put("servers", new JsonArray().add(new JsonObject().put("url", config.openapi().serverUrl().orElse("/"))))
                .put("paths", paths)
                .put("components", components)
                .put("tags", tags);
        if (security != null) {
            merged.put("security", security);
        }
        if (!unavailable.isEmpty()) {
            merged.put("x-unavailable-services", new JsonArray(unavailable));
        }
        return merged;
    }

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** The operation objects of a document's paths. */
    private static List<JsonObject> operations(JsonObject doc) {
        List<JsonObject> operations = new ArrayList<>();
        doc.getJsonObject("paths", new JsonObject()).forEach(path -> {
            if (path.getValue() instanceof JsonObject item) {
                METHODS.forEach(m -> {
                    if (item.getValue(m) instanceof JsonObject op) {
                        operations.add(op);
                    }
                });
            }
        });
        return operations;
    }

    private static JsonObject components(JsonObject doc, String section) {
        JsonObject components = doc.getJsonObject("components");
        JsonObject result = components == null ? null : components.getJsonObject(section);
        return result == null ? new JsonObject() : result;
    }

    private static boolean refersTo(Object node, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return false;
        }
        if (node instanceof JsonObject object) {
            for (Map.Entry<String, Object> e : object) {
                if (e.getKey().equals("$ref") && e.getValue() instanceof String ref && ref.startsWith("#/components/")
                        && renamed.containsKey(ref.substring("#/components/".length()))) {
                    return true;
                }
                if (refersTo(e.getValue(), renamed)) {
                    return true;
                }
            }
        } else if (node instanceof JsonArray array) {
            for (Object v : array) {
                if (refersTo(v, renamed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Rewrites {@code $ref}s to renamed components, in place. */
    private static Object rewriteRefs(Object node, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return node;
        }
        if (node instanceof JsonObject object) {
            for (String key : new ArrayList<>(object.fieldNames())) {
                Object value = object.getValue(key);
                if (key.equals("$ref") && value instanceof String ref && ref.startsWith("#/components/")) {
                    String local = ref.substring("#/components/".length());
                    String renamed = renames.get(local);
                    if (renamed != null) {
                        object.put(key, "#/components/" + local.substring(0, local.indexOf('/') + 1) + renamed);
                    }
                } else {
                    rewriteRefs(value, renames);
                }
            }
        } else if (node instanceof JsonArray array) {
            array.forEach(v -> rewriteRefs(v, renames));
        }
        return node;
    }
}
