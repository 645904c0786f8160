package io.xiaoneng.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Four real HTTP servers standing in for the services, on fixed free ports, which a test can stop and start again
 * (a service that is down) or switch to answering 503 or slowly. Each echoes what it received as JSON, so a test
 * sees exactly what the gateway forwarded; {@code /q/openapi} and {@code /q/health/ready} answer like a Quarkus
 * service's.
 */
public class Upstreams implements QuarkusTestResourceLifecycleManager {

    public enum Mode { NORMAL, UNAVAILABLE, SLOW }

    static final Map<String, Upstream> SERVICES = new ConcurrentHashMap<>();
    private static Vertx vertx;

    public static final class Upstream {
        final String name;
        final int port;
        volatile Mode mode = Mode.NORMAL;
        volatile long slowMillis = 3_000;
        final AtomicInteger received = new AtomicInteger();
        private HttpServer server;

        Upstream(String name, int port) {
            this.name = name;
            this.port = port;
        }

        public synchronized void start() {
            if (server != null) {
                return;
            }
            server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
                if (req.path().equals("/q/openapi")) {
                    req.response().putHeader("Content-Type", "application/json").end(openApi(name).encode());
                    return;
                }
                if (req.path().equals("/q/health/ready")) {
                    req.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("status", "UP").put("checks", new io.vertx.core.json.JsonArray()).encode());
                    return;
                }
                received.incrementAndGet();
                JsonObject echo = new JsonObject()
                        .put("service", name)
                        .put("method", req.method().name())
                        .put("uri", req.uri())
                        .put("authorization", req.getHeader("Authorization"))
                        .put("requestId", req.getHeader("X-Request-Id"))
                        .put("traceparent", req.getHeader("traceparent"))
                        .put("forwardedFor", req.getHeader("X-Forwarded-For"))
                        .put("forwardedProto", req.getHeader("X-Forwarded-Proto"))
                        .put("forwarded", req.getHeader("Forwarded"))
                        .put("forwardedHost", req.getHeader("X-Forwarded-Host"))
                        .put("realIp", req.getHeader("X-Real-IP"))
                        .put("bodyLength", body.length());
                switch (mode) {
                    case UNAVAILABLE -> req.response().setStatusCode(503).end();
                    case SLOW -> vertx.setTimer(slowMillis, t -> req.response()
                            .putHeader("Content-Type", "application/json").end(echo.encode()));
                    default -> req.response().putHeader("Content-Type", "application/json").end(echo.encode());
                }
            }));
            await(server.listen(port, "127.0.0.1").mapEmpty());
        }

        public synchronized void stop() {
            if (server != null) {
                await(server.close());
                server = null;
            }
        }

        public int received() {
            return received.get();
        }

        public void reset() {
            mode = Mode.NORMAL;
            received.set(0);
            start();
        }
    }

    public static Upstream service(String name) {
        return SERVICES.get(name);
    }

    /**
     * A small document like SmallRye OpenAPI's: a path of its own, a path with an operation every service has
     * (listDeadLetters), one schema named like the other services' (Problem).
     */
    static JsonObject openApi(String service) {
        String tag = service.substring(0, 1).toUpperCase() + service.substring(1);
        return new JsonObject("""
                {"openapi":"3.1.0","info":{"title":"Xiaoneng %1$s-service","version":"1"},
                 "paths":{"/api/v1/%1$s-things":{"get":{"operationId":"list%2$sThings","tags":["%2$s"],
                   "responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
                                "404":{"description":"Not found","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}}}},
                   "/api/v1/admin/%1$s/dead-letters":{"get":{"operationId":"listDeadLetters","responses":{"200":{"description":"OK"}}},
                                                      "post":{"operationId":"redrive%2$sThings","responses":{"200":{"description":"OK"}}}}},
                 "components":{"schemas":{
                   "Thing":{"type":"object","properties":{"code":{"type":"string"},"owner":{"$ref":"#/components/schemas/Owner"}}},
                   "Owner":{"type":"object","properties":{"%1$sName":{"type":"string"}}},
                   "Problem":{"type":"object","properties":{"type":{"type":"string"},"status":{"type":"integer"}}}},
                  "securitySchemes":{"SecurityScheme":{"type":"http","scheme":"bearer","bearerFormat":"JWT"}}},
                 "tags":[{"name":"%2$s","description":"%1$s things"}]}
                """.formatted(service, tag));
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String name : new String[] {"approval", "complaint", "evaluation", "integration"}) {
            Upstream upstream = new Upstream(name, freePort());
            SERVICES.put(name, upstream);
            upstream.start();
            config.put("xiaoneng.gateway.routes." + name + ".url", "http://127.0.0.1:" + upstream.port);
        }
        return config;
    }

    @Override
    public void stop() {
        SERVICES.clear();
        vertx.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
