package io.xiaoneng.platform.openapi;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.jandex.Index;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeclaredAccessFilterTest {

    @Path("/windows")
    @RolesAllowed({"admin", "supervisor"})
    public static class Windows {
        @GET
        @Operation(operationId = "listWindows")
        @PermitAll
        public void list() {}

        @POST
        @Operation(operationId = "createWindow")
        public void create() {}

        @POST
        @Path("/x")
        @Operation(operationId = "closedForGood")
        @DenyAll
        public void closed() {}

        @GET
        @Path("/mine")
        @Operation(operationId = "myWindows")
        @RolesAllowed("**")
        public void mine() {}
    }

    @Path("/me")
    @Authenticated
    public static class Me {
        @GET
        @Operation(operationId = "whoAmI")
        public void get() {}
    }

    @Path("/open")
    public static class Undeclared {
        @GET
        @Operation(operationId = "undeclared")
        public void get() {}
    }

    /** Not a resource: an @Operation outside a @Path class is not an operation of the document. */
    public static class NotAResource {
        @Operation(operationId = "helper")
        public void helper() {}
    }

    /** Shared logic a service deploys by subclassing it with its own @Path and rule (as PiiReEncryptionEndpoint). */
    public abstract static class SharedEndpoint {
        @POST
        @Operation(operationId = "sharedCommand")
        public void command() {}
    }

    @Path("/admin/shared")
    @RolesAllowed("admin")
    public static class DeployedShared extends SharedEndpoint {}

    final DeclaredAccessFilter filter;

    DeclaredAccessFilterTest() throws Exception {
        filter = new DeclaredAccessFilter(Index.of(Windows.class, Me.class, Undeclared.class, NotAResource.class,
                SharedEndpoint.class, DeployedShared.class));
    }

    static org.eclipse.microprofile.openapi.models.Operation op(String id) {
        return OASFactory.createOperation().operationId(id);
    }

    static Object access(org.eclipse.microprofile.openapi.models.Operation op) {
        Map<String, Object> extensions = op.getExtensions();
        return extensions == null ? null : extensions.get(DeclaredAccessFilter.EXTENSION);
    }

    @Test
    void theMethodsRuleWinsOverItsClasssAndEachKindIsNamed() {
        assertThat(access(filter.filterOperation(op("listWindows")))).isEqualTo(List.of("anonymous"));
        assertThat(access(filter.filterOperation(op("createWindow")))).isEqualTo(List.of("admin", "supervisor"));
        assertThat(access(filter.filterOperation(op("closedForGood")))).isEqualTo(List.of());
        assertThat(access(filter.filterOperation(op("myWindows")))).isEqualTo(List.of("authenticated"));
        assertThat(access(filter.filterOperation(op("whoAmI")))).isEqualTo(List.of("authenticated"));
    }

    @Test
    void anInheritedOperationTakesTheRuleOfTheResourceDeployingIt() {
        assertThat(access(filter.filterOperation(op("sharedCommand")))).isEqualTo(List.of("admin"));
    }

    @Test
    void anUndeclaredOperationGetsNoExtensionSoTheMatrixFailsOnIt() {
        assertThat(access(filter.filterOperation(op("undeclared")))).isNull();
        assertThat(access(filter.filterOperation(op("helper")))).isNull();
    }

    @Test
    void aRuleDeclaredByHandIsKept() {
        var byHand = op("createWindow").addExtension(DeclaredAccessFilter.EXTENSION, List.of("api-key"));

        assertThat(access(filter.filterOperation(byHand))).isEqualTo(List.of("api-key"));
    }
}
