package io.xiaoneng.evaluation.projection;

import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** Operations on the local projections (administrators): what they hold, and rebuilding one from its topic. */
@Path("/api/v1/admin/projections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projections", description = "Local copies of other services' facts, rebuildable from their topics")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.ADMIN)
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not an administrator")
public class ProjectionResource {

    @Inject
    ProjectionReplay replay;

    @Inject
    CurrentUser user;

    public record ProjectionView(String name, String topic, String consumer, List<String> types, Map<String, Long> rows) {}

    @GET
    @Operation(operationId = "listProjections", summary = "The projections, their topics and row counts")
    @APIResponse(responseCode = "200", description = "The projections")
    public List<ProjectionView> list() {
        return replay.all().stream()
                .map(p -> new ProjectionView(p.name(), p.topic(), p.consumer(), p.types(), replay.rows(p))).toList();
    }

    @POST
    @Path("/{name}/replay")
    @Operation(operationId = "replayProjection",
            summary = "Empty a projection and its inbox rows and rebuild it from the beginning of its topic")
    @APIResponse(responseCode = "200", description = "Rebuilt: records read and failed, row counts",
            content = @Content(schema = @Schema(implementation = ProjectionReplay.Report.class)))
    @APIResponse(responseCode = "404", description = "No such projection")
    public ProjectionReplay.Report replay(@PathParam("name") String name) {
        return replay.replay(name, user.username());
    }
}
