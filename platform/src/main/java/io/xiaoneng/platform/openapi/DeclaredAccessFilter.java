package io.xiaoneng.platform.openapi;

import io.quarkus.arc.Arc;
import io.quarkus.security.Authenticated;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes each operation's declared access rule in the OpenAPI document as {@value #EXTENSION}: the roles of its
 * {@code @RolesAllowed}, {@code ["anonymous"]} for {@code @PermitAll}, {@code ["authenticated"]} for
 * {@code @Authenticated}, {@code []} for {@code @DenyAll} (method over class, as Quarkus applies them). An operation
 * without any of them has no extension — and the system tests' authorization matrix, which walks the documents and
 * checks every rule against the running services with real tokens, fails on it: no operation ships undeclared.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class DeclaredAccessFilter implements OASFilter {

    public static final String EXTENSION = "x-xiaoneng-access";
    public static final String ANONYMOUS = "anonymous";
    public static final String AUTHENTICATED = "authenticated";
    /** Declared by hand (with {@code @Extension}) on operations that take a client's API key instead of a token. */
    public static final String API_KEY = "api-key";

    private Map<String, List<String>> byOperationId;

    @Override
    public Operation filterOperation(Operation operation) {
        List<String> access = rules().get(operation.getOperationId());
        boolean declaredByHand = operation.getExtensions() != null && operation.getExtensions().containsKey(EXTENSION);
        if (access != null && !declaredByHand) {
            operation.addExtension(EXTENSION, access);
        }
        return operation;
    }

    private synchronized Map<String, List<String>> rules() {
        if (byOperationId == null) {
            byOperationId = new HashMap<>();
            for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
                Class<?> type = bean.getBeanClass();
                if (!type.isAnnotationPresent(Path.class)) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    var op = method.getAnnotation(org.eclipse.microprofile.openapi.annotations.Operation.class);
                    if (op == null || op.operationId().isEmpty()) {
                        continue;
                    }
                    List<String> rule = rule(method);
                    if (rule == null) {
                        rule = rule(type);
                    }
                    if (rule != null) {
                        byOperationId.put(op.operationId(), rule);
                    }
                }
            }
        }
        return byOperationId;
    }

    private static List<String> rule(AnnotatedElement element) {
        if (element.isAnnotationPresent(DenyAll.class)) {
            return List.of();
        }
        if (element.isAnnotationPresent(PermitAll.class)) {
            return List.of(ANONYMOUS);
        }
        RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
        if (roles != null) {
            return Arrays.asList(roles.value()).contains("**") ? List.of(AUTHENTICATED) : List.of(roles.value());
        }
        if (element.isAnnotationPresent(Authenticated.class)) {
            return List.of(AUTHENTICATED);
        }
        return null;
    }
}
