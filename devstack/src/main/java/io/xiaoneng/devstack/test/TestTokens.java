package io.xiaoneng.devstack.test;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.util.List;
import java.util.Map;

/**
 * Bearer tokens for service-level tests, shaped like the Keycloak realm's (roles in {@code realm_access.roles},
 * the official's {@code department} claim) and signed with the key of quarkus-test-oidc-server's WireMock
 * provider, so the service validates them for real. End-to-end tests use tokens from the real Keycloak.
 */
public final class TestTokens {
    private TestTokens() {}

    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "https://service.example.com";

    /** A token for {@code user} with {@code roles}; {@code department} may be null (applicants). */
    public static String token(String user, String department, String... roles) {
        JwtClaimsBuilder builder = Jwt.preferredUserName(user)
                .subject(user)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles)));
        if (department != null) {
            builder.claim("department", department);
        }
        return builder.sign();
    }
}
