package io.xiaoneng.systemtests;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/** Real access tokens from the stack's Keycloak: demo users by password grant, platforms by client credentials. */
final class Tokens {
    private Tokens() {}

    /** The machine clients of the realm and their dev-only secrets (keycloak/README.md). */
    static final Map<String, String> CLIENTS = Map.of(
            "province-platform", "province-platform-dev-secret",
            "city-platform", "city-platform-dev-secret");

    private record Cached(String token, long fetchedAt) {}

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    /** The realm's tokens live 10 minutes; one is reused for at most half of that. */
    private static final long REUSE_MILLIS = 5 * 60_000;

    /** A token for a demo user (password {@code demo}) or a machine client. */
    static String of(String principal) {
        return CACHE.compute(principal, (p, cached) -> cached != null && System.currentTimeMillis() - cached.fetchedAt() < REUSE_MILLIS
                ? cached : new Cached(fetch(p), System.currentTimeMillis())).token();
    }

    private static String fetch(String principal) {
        var request = given().baseUri(RunningStack.keycloakUrl());
        if (CLIENTS.containsKey(principal)) {
            request = request.formParam("grant_type", "client_credentials")
                    .formParam("client_id", principal)
                    .formParam("client_secret", CLIENTS.get(principal));
        } else {
            request = request.formParam("grant_type", "password")
                    .formParam("client_id", "xiaoneng-web")
                    .formParam("username", principal)
                    .formParam("password", "demo");
        }
        return request.when().post("/realms/xiaoneng/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }
}
