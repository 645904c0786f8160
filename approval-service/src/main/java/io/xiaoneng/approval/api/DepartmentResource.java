package io.xiaoneng.approval.api;

import io.xiaoneng.approval.app.DepartmentService;
import io.xiaoneng.approval.domain.Department;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.platform.http.IdempotentRequests;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;

@Path("/api/v1/departments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Departments", description = "County agencies, towns and service-center window units")
@SecurityRequirement(name = "SecurityScheme")
@Authenticated
@APIResponse(responseCode = "401", description = "Missing or invalid token")
public class DepartmentResource {

    @Inject
    DepartmentService departments;

    @Inject
    CurrentUser user;

    @Inject
    IdempotentRequests idempotency;

    public record DepartmentView(String code, String name, Department.Kind kind, String parentCode, boolean active) {
        static DepartmentView of(Department d) {
            return new DepartmentView(d.code, d.name, d.kind, d.parentCode, d.active);
        }
    }

    public record NewDepartment(
            @NotBlank @Size(max = 40) @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "{xiaoneng.validation.code-format}") String code,
            @NotBlank @Size(max = 200) String name,
            @NotNull Department.Kind kind,
            @Size(max = 40) String parentCode) {}

    /** The mutable part of a department (PUT replaces both). */
    public record DepartmentChange(
            @NotBlank @Size(max = 200) String name,
            @NotNull Boolean active) {}

    @GET
    @Operation(operationId = "listDepartments", summary = "List departments, optionally by kind")
    @APIResponse(responseCode = "200", description = "The matching departments")
    public List<DepartmentView> list(@QueryParam("kind") Department.Kind kind) {
        return departments.list(Optional.ofNullable(kind)).stream().map(DepartmentView::of).toList();
    }

    @GET
    @Path("/{code}")
    @Operation(operationId = "getDepartment", summary = "One department by its code, with its ETag")
    @APIResponse(responseCode = "200", description = "The department; ETag for If-Match on updates",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = DepartmentView.class)))
    @APIResponse(responseCode = "404", description = "No such department")
    public Response get(@PathParam("code") String code) {
        Department d = departments.get(code);
        return EntityTags.ok(DepartmentView.of(d), d.version);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createDepartment", summary = "Register a department (admin); honours Idempotency-Key")
    @APIResponse(responseCode = "201", description = "Registered (or the replay of the first response to this Idempotency-Key); ETag for If-Match on updates",
            headers = {@Header(name = "Location"), @Header(name = "ETag")}, content = @Content(schema = @Schema(implementation = DepartmentView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields or Idempotency-Key")
    @APIResponse(responseCode = "409", description = "The department exists already")
    @APIResponse(responseCode = "422", description = "Unknown parent, or Idempotency-Key reused for a different request")
    public Response create(
            @Parameter(description = "Makes retries safe: 1-255 printable ASCII characters, e.g. a UUID")
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @NotNull NewDepartment body) {
        return idempotency.execute(idempotencyKey, body, () -> {
            Department d = departments.create(user.username(), body.code(), body.name(), body.kind(), body.parentCode());
            return EntityTags.created("/api/v1/departments/" + d.code, DepartmentView.of(d), d.version);
        });
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updateDepartment", summary = "Rename or (de)activate a department (admin); requires If-Match")
    @APIResponse(responseCode = "200", description = "Updated; the new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = DepartmentView.class)))
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag: the department changed meanwhile")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response update(
            @PathParam("code") String code,
            @Parameter(description = "The ETag of the version this change is based on", required = true)
            @HeaderParam(IfMatch.HEADER) String ifMatch,
            @Valid @NotNull DepartmentChange body) {
        Department d = departments.update(user.username(), code, IfMatch.required(ifMatch), body.name(), body.active());
        return EntityTags.ok(DepartmentView.of(d), d.version);
    }
}
