package io.xiaoneng.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * Who is calling, as the services need it: name, roles and the {@code department} claim that scopes every
 * official to his own department's data.
 */
@RequestScoped
public class CurrentUser {

    /** Token claim carrying the department code of an official (keycloak realm, user attribute). */
    public static final String DEPARTMENT_CLAIM = "department";

    @Inject
    SecurityIdentity identity;

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    public String username() {
        if (identity.isAnonymous()) {
            return "anonymous";
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("preferred_username") != null) {
            return jwt.getClaim("preferred_username").toString();
        }
        return identity.getPrincipal().getName();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** The official's department code; empty for applicants and machine clients. */
    public Optional<String> department() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(DEPARTMENT_CLAIM);
            if (claim != null && !claim.toString().isBlank()) {
                return Optional.of(claim.toString().replace("\"", ""));
            }
        }
        return Optional.empty();
    }

    /** County-wide roles see every department; everyone else only his own. */
    public boolean seesAllDepartments() {
        return hasRole(Roles.SUPERVISOR) || hasRole(Roles.ADMIN) || hasRole(Roles.EVALUATOR);
    }
}
