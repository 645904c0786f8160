package io.xiaoneng.approval.integration;

import io.quarkus.security.identity.SecurityIdentity;
import io.xiaoneng.platform.security.CurrentUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Which platform is calling: the OAuth client id of a client-credentials token ({@code azp}, as Keycloak issues it
 * for {@code province-platform}/{@code city-platform}), else the token's user name. External references are unique
 * per this id, and a platform sees only the cases filed under its own id.
 */
@RequestScoped
public class PlatformClient {

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentUser user;

    public String id() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object azp = jwt.getClaim("azp");
            if (azp != null && !azp.toString().isBlank()) {
                return azp.toString().replace("\"", "");
            }
        }
        return user.username();
    }
}
