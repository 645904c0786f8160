package io.xiaoneng.complaint.api;

import io.xiaoneng.complaint.api.ComplaintViews.LinkView;
import io.xiaoneng.complaint.api.ComplaintViews.LinksView;
import io.xiaoneng.complaint.app.ComplaintLinks;
import io.xiaoneng.complaint.app.ComplaintService;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * Related cases: link two complaints without merging them (both stay open and are handled separately) and unlink
 * them. Not a state change of either case: no If-Match, the ETags stay. See {@link ComplaintLinks} and the README.
 */
@Path("/api/v1/complaints/{id}/links")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Complaints", description = "Complaints under the four-step rule (有投必受、有受必理、有理必果、有果必复)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.ADMIN, Roles.EVALUATOR})
@APIResponse(responseCode = "400", description = "Invalid fields or path parameters")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not allowed to link (admin, evaluator; an official for a case not his department's)")
@APIResponse(responseCode = "404", description = "No such complaint visible to the caller, or no such link")
public class ComplaintLinkResource {

    @Inject
    ComplaintLinks links;

    @Inject
    ComplaintService complaints;

    public record LinkBody(@NotNull UUID with, @Size(max = 2000) String reason) {}

    @GET
    @Operation(operationId = "listComplaintLinks", summary = "The cases linked to this one as related (those the caller may see)")
    @APIResponse(responseCode = "200", description = "The links", content = @Content(schema = @Schema(implementation = LinksView.class)))
    public LinksView list(@PathParam("id") UUID id) {
        return view(id, links.linksOf(complaints.get(id)));
    }

    @POST
    @Operation(operationId = "linkComplaint", summary = "Link another case as related (same matter, other channel): both stay open and are handled separately; intake, supervisor, or an official for two cases of his department")
    @APIResponse(responseCode = "201", description = "Linked; the case's links", content = @Content(schema = @Schema(implementation = LinksView.class)))
    @APIResponse(responseCode = "409", description = "already-linked: the two cases are linked already")
    @APIResponse(responseCode = "422", description = "The other case is unknown or not visible to the caller, is this case, or is a merged duplicate")
    public Response link(@PathParam("id") UUID id, @Valid @NotNull LinkBody body) {
        LinksView view = view(id, links.link(id, body.with(), body.reason()));
        return Response.created(URI.create("/api/v1/complaints/" + id + "/links/" + body.with())).entity(view).build();
    }

    @DELETE
    @Path("/{otherId}")
    @Operation(operationId = "unlinkComplaint", summary = "Remove the link between two related cases (same rules as linking)")
    @APIResponse(responseCode = "200", description = "Unlinked; the case's remaining links", content = @Content(schema = @Schema(implementation = LinksView.class)))
    @APIResponse(responseCode = "422", description = "The other case is unknown or not visible to the caller")
    public LinksView unlink(@PathParam("id") UUID id, @PathParam("otherId") UUID otherId) {
        return view(id, links.unlink(id, otherId));
    }

    private static LinksView view(UUID id, List<ComplaintLinks.Link> links) {
        return new LinksView(id, links.stream().map(LinkView::of).toList());
    }
}
