package io.xiaoneng.complaint.open311;

import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Administrators register the GeoReport v2 clients and hand them their API key (shown once). */
@Path("/api/v1/open311-clients")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open311 clients", description = "API keys of GeoReport v2 clients")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.ADMIN)
public class Open311ClientResource {

    @Inject
    Open311Clients clients;

    public record NewClient(@NotBlank @Size(max = 200) String name) {}

    @POST
    // JSON only: Quarkus REST would otherwise build a one-string record from a text/plain body (found by ApiFuzzTest).
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerOpen311Client", summary = "Register a client; the answer carries its API key, this once")
    @APIResponse(responseCode = "201", description = "Registered; the client and its API key", content = @Content(schema = @Schema(implementation = Open311Clients.Registered.class)))
    public Response register(@Valid @NotNull NewClient body) {
        return Response.status(201).entity(clients.register(body.name())).build();
    }

    @GET
    @Operation(operationId = "listOpen311Clients", summary = "The registered clients (no keys)")
    public List<Open311Clients.Client> list() {
        return clients.list();
    }
}
