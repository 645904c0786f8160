package io.xiaoneng.approval.api;

import io.xiaoneng.approval.app.DepartmentService;
import io.xiaoneng.approval.domain.Department;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.Optional;

@Path("/api/v1/departments")
@Tag(name = "Departments", description = "County agencies, towns and service-center window units")
@SecurityRequirement(name = "SecurityScheme")
@Authenticated
public class DepartmentResource {

    @Inject
    DepartmentService departments;

    public record DepartmentView(String code, String name, Department.Kind kind, String parentCode, boolean active) {
        static DepartmentView of(Department d) {
            return new DepartmentView(d.code, d.name, d.kind, d.parentCode, d.active);
        }
    }

    public record NewDepartment(
            @NotBlank @Size(max = 40) @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "lower-case letters, digits and '-'") String code,
            @NotBlank @Size(max = 200) String name,
            @NotNull Department.Kind kind,
            @Size(max = 40) String parentCode) {}

    @GET
    @Operation(operationId = "listDepartments", summary = "List departments, optionally by kind")
    public List<DepartmentView> list(@QueryParam("kind") Department.Kind kind) {
        return departments.list(Optional.ofNullable(kind)).stream().map(DepartmentView::of).toList();
    }

    @GET
    @Path("/{code}")
    @Operation(operationId = "getDepartment", summary = "One department by its code")
    public DepartmentView get(@PathParam("code") String code) {
        return DepartmentView.of(departments.get(code));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createDepartment", summary = "Register a department (admin)")
    public Response create(@Valid @NotNull NewDepartment body) {
        Department d = departments.create(body.code(), body.name(), body.kind(), body.parentCode());
        return Response.created(URI.create("/api/v1/departments/" + d.code)).entity(DepartmentView.of(d)).build();
    }
}
