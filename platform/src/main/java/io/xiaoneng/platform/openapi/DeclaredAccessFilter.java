package io.xiaoneng.platform.openapi;

import io.quarkus.security.Authenticated;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Publishes each operation's declared access rule in the OpenAPI document as {@value #EXTENSION}: the roles of its
 * {@code @RolesAllowed}, {@code ["anonymous"]} for {@code @PermitAll}, {@code ["authenticated"]} for
 * {@code @Authenticated}, {@code []} for {@code @DenyAll} (method over class, as Quarkus applies them). An operation
 * without any of them has no extension — and the system tests' authorization matrix, which walks the documents and
 * checks every rule against the running services with real tokens, fails on it: no operation ships undeclared.
 *
 * <p>Runs at build time, reading the annotations from the application's Jandex index (SmallRye hands it to a filter
 * with this constructor): the services start with the document finished, instead of parsing, filtering and writing
 * it again at every start.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class DeclaredAccessFilter implements OASFilter {

    public static final String EXTENSION = "x-xiaoneng-access";
    public static final String ANONYMOUS = "anonymous";
    public static final String AUTHENTICATED = "authenticated";
    /** Declared by hand (with {@code @Extension}) on operations that take a client's API key instead of a token. */
    public static final String API_KEY = "api-key";

    static final DotName OPERATION = DotName.createSimple(org.eclipse.microprofile.openapi.annotations.Operation.class);
    static final DotName PATH = DotName.createSimple(Path.class);
    static final DotName DENY_ALL = DotName.createSimple(DenyAll.class);
    static final DotName PERMIT_ALL = DotName.createSimple(PermitAll.class);
    static final DotName ROLES_ALLOWED = DotName.createSimple(RolesAllowed.class);
    static final DotName AUTHENTICATED_ANNOTATION = DotName.createSimple(Authenticated.class);

    private final Map<String, List<String>> byOperationId;

    public DeclaredAccessFilter(IndexView index) {
        this.byOperationId = rules(index);
    }

    @Override
    public Operation filterOperation(Operation operation) {
        List<String> access = byOperationId.get(operation.getOperationId());
        boolean declaredByHand = operation.getExtensions() != null && operation.getExtensions().containsKey(EXTENSION);
        if (access != null && !declaredByHand) {
            operation.addExtension(EXTENSION, access);
        }
        return operation;
    }

    /**
     * operationId → the access rule of the resource method carrying it: its own annotations, else its class's, else
     * (a method a resource inherits) those of the resource class deploying it.
     */
    static Map<String, List<String>> rules(IndexView index) {
        Map<String, List<String>> rules = new HashMap<>();
        for (AnnotationInstance operation : index.getAnnotations(OPERATION)) {
            String id = operation.value("operationId") == null ? "" : operation.value("operationId").asString();
            if (operation.target().kind() != AnnotationTarget.Kind.METHOD || id.isEmpty()) {
                continue;
            }
            MethodInfo method = operation.target().asMethod();
            List<String> rule = rule(method::declaredAnnotation);
            if (rule == null) {
                rule = rule(method.declaringClass()::declaredAnnotation);
            }
            // a method of a shared base class that states no rule itself: the class rule of the resource deploying it
            for (ClassInfo resource : index.getAllKnownSubclasses(method.declaringClass().name())) {
                if (rule != null) {
                    break;
                }
                if (resource.hasDeclaredAnnotation(PATH)) {
                    rule = rule(resource::declaredAnnotation);
                }
            }
            if (rule != null) {
                rules.put(id, rule);
            }
        }
        return rules;
    }

    private static List<String> rule(Function<DotName, AnnotationInstance> declared) {
        if (declared.apply(DENY_ALL) != null) {
            return List.of();
        }
        if (declared.apply(PERMIT_ALL) != null) {
            return List.of(ANONYMOUS);
        }
        AnnotationInstance roles = declared.apply(ROLES_ALLOWED);
        if (roles != null) {
            List<String> names = Arrays.asList(roles.value().asStringArray());
            return names.contains("**") ? List.of(AUTHENTICATED) : List.copyOf(names);
        }
        if (declared.apply(AUTHENTICATED_ANNOTATION) != null) {
            return List.of(AUTHENTICATED);
        }
        return null;
    }
}
