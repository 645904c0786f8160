package io.xiaoneng.approval.api;

import io.xiaoneng.approval.app.ReferenceDataRepublisher;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operations on the reference data this service publishes to the other services (docs/operations.md). */
@Path("/api/v1/admin/reference-data/republication")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration", description = "Operations tasks of the service")
public class ReferenceDataResource {

    @Inject
    ReferenceDataRepublisher republisher;

    @Inject
    CurrentUser user;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(operationId = "republishReferenceData",
            summary = "Publish every department, window, post and calendar year again, e.g. after a Kafka loss (admin); safe to repeat")
    @APIResponse(responseCode = "200", description = "Recorded in the outbox: how many departments, windows and posts, which calendar years",
            content = @Content(schema = @Schema(implementation = ReferenceDataRepublisher.Republished.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid token")
    @APIResponse(responseCode = "403", description = "Not an admin")
    public ReferenceDataRepublisher.Republished republish() {
        return republisher.republish(user.username());
    }
}
