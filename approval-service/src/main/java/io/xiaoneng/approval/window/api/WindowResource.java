package io.xiaoneng.approval.window.api;

import io.quarkus.security.Authenticated;
import io.xiaoneng.approval.window.app.WindowService;
import io.xiaoneng.approval.window.app.WindowService.WindowData;
import io.xiaoneng.approval.window.domain.ServiceWindow;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.platform.http.IdempotentRequests;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
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

/**
 * The windows of the service center. Anyone signed in reads them (applicants choose a window to book an
 * appointment at); the efficiency office (admin) registers and changes them.
 */
@Path("/api/v1/windows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Windows", description = "Service-center windows (窗口): departments served, location, extended hours, holiday service")
@SecurityRequirement(name = "SecurityScheme")
@Authenticated
@APIResponse(responseCode = "401", description = "Missing or invalid token")
public class WindowResource {

    static final String CODE_PATTERN = "[a-z0-9][a-z0-9-]*";

    @Inject
    WindowService windows;

    @Inject
    CurrentUser user;

    @Inject
    IdempotentRequests idempotency;

    public record WindowView(String code, String name, String number, List<String> departmentCodes, String location,
                             boolean extendedHours, boolean holidayService, boolean active) {
        static WindowView of(ServiceWindow w) {
            return new WindowView(w.code, w.name, w.number, w.sortedDepartmentCodes(), w.location, w.extendedHours,
                    w.holidayService, w.active);
        }
    }

    /** The mutable part of a window; PUT replaces all of it. */
    public record WindowChange(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 10) @Pattern(regexp = "[A-Z0-9][A-Z0-9-]*", message = "{xiaoneng.validation.window-number}") String number,
            @NotEmpty @Size(max = 30) List<@NotBlank @Size(max = 40) String> departmentCodes,
            @NotBlank @Size(max = 200) String location,
            @NotNull Boolean extendedHours,
            @NotNull Boolean holidayService,
            @NotNull Boolean active) {
        WindowData data() {
            return new WindowData(name, number, departmentCodes, location, extendedHours, holidayService, active);
        }
    }

    public record NewWindow(
            @NotBlank @Size(max = 40) @Pattern(regexp = CODE_PATTERN, message = "{xiaoneng.validation.code-format}") String code,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 10) @Pattern(regexp = "[A-Z0-9][A-Z0-9-]*", message = "{xiaoneng.validation.window-number}") String number,
            @NotEmpty @Size(max = 30) List<@NotBlank @Size(max = 40) String> departmentCodes,
            @NotBlank @Size(max = 200) String location,
            boolean extendedHours,
            boolean holidayService) {
        WindowData data() {
            return new WindowData(name, number, departmentCodes, location, extendedHours, holidayService, true);
        }
    }

    @GET
    @Operation(operationId = "listWindows", summary = "List windows, optionally those serving a department, or only (in)active ones")
    @APIResponse(responseCode = "200", description = "The matching windows")
    public List<WindowView> list(@QueryParam("department") String department, @QueryParam("active") Boolean active) {
        return windows.list(Optional.ofNullable(department), Optional.ofNullable(active)).stream().map(WindowView::of).toList();
    }

    @GET
    @Path("/{code}")
    @Operation(operationId = "getWindow", summary = "One window by its code, with its ETag")
    @APIResponse(responseCode = "200", description = "The window; ETag for If-Match on updates",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = WindowView.class)))
    @APIResponse(responseCode = "404", description = "No such window")
    public Response get(@PathParam("code") String code) {
        ServiceWindow w = windows.get(code);
        return EntityTags.ok(WindowView.of(w), w.version);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createWindow", summary = "Register a window (admin); honours Idempotency-Key")
    @APIResponse(responseCode = "201", description = "Registered (or the replay of the first response to this Idempotency-Key)",
            headers = @Header(name = "Location"), content = @Content(schema = @Schema(implementation = WindowView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields or Idempotency-Key")
    @APIResponse(responseCode = "403", description = "Not an administrator")
    @APIResponse(responseCode = "409", description = "The window code or number is taken")
    @APIResponse(responseCode = "422", description = "Unknown department, or Idempotency-Key reused for a different request")
    public Response create(
            @Parameter(description = "Makes retries safe: 1-255 printable ASCII characters, e.g. a UUID")
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @NotNull NewWindow body) {
        return idempotency.execute(idempotencyKey, body, () -> {
            ServiceWindow w = windows.create(user.username(), body.code(), body.data());
            return EntityTags.created("/api/v1/windows/" + w.code, WindowView.of(w), w.version);
        });
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updateWindow", summary = "Change a window (admin): all its data, deactivation included; requires If-Match")
    @APIResponse(responseCode = "200", description = "Updated; the new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = WindowView.class)))
    @APIResponse(responseCode = "404", description = "No such window")
    @APIResponse(responseCode = "409", description = "The number is another window's")
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag: the window changed meanwhile")
    @APIResponse(responseCode = "422", description = "Unknown department")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response update(
            @PathParam("code") String code,
            @Parameter(description = "The ETag of the version this change is based on", required = true)
            @HeaderParam(IfMatch.HEADER) String ifMatch,
            @Valid @NotNull WindowChange body) {
        ServiceWindow w = windows.update(user.username(), code, IfMatch.required(ifMatch), body.data());
        return EntityTags.ok(WindowView.of(w), w.version);
    }
}
