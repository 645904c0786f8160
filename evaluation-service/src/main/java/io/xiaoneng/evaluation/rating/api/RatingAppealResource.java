package io.xiaoneng.evaluation.rating.api;

import io.xiaoneng.evaluation.rating.app.RatingService;
import io.xiaoneng.evaluation.rating.domain.RatingAppeal;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Appeals against malicious reviews: decided by the efficiency office (supervisor) or the evaluation committee. */
@Path("/api/v1/rating-appeals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ratings", description = "Good/bad reviews (好差评)")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Role or department scope refused")
@APIResponse(responseCode = "404", description = "No such appeal visible to the caller")
public class RatingAppealResource {

    @Inject
    RatingService ratings;

    public record AppealView(UUID id, UUID ratingId, String department, String filedBy, String reason, OffsetDateTime filedAt,
                             RatingAppeal.Status status, String decidedBy, String decisionNote, OffsetDateTime decidedAt) {
        static AppealView of(RatingAppeal a) {
            return new AppealView(a.id, a.ratingId, a.department, a.filedBy, a.reason, a.filedAt, a.status, a.decidedBy,
                    a.decisionNote, a.decidedAt);
        }
    }

    public record Decision(@NotNull Boolean upheld, @Size(max = 4000) String note) {}

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
    @Operation(operationId = "getRatingAppeal", summary = "One appeal (officials of its department, county-wide roles)")
    @APIResponse(responseCode = "200", description = "The appeal", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = AppealView.class)))
    public Response get(@PathParam("id") UUID id) {
        RatingAppeal a = ratings.getAppeal(id);
        return EntityTags.ok(AppealView.of(a), a.version);
    }

    @POST
    @Path("/{id}/decision")
    @RolesAllowed({Roles.SUPERVISOR, Roles.EVALUATOR})
    @Operation(operationId = "decideRatingAppeal",
            summary = "Uphold (the rating leaves every statistic, its rectification is cancelled) or reject; requires If-Match")
    @APIResponse(responseCode = "200", description = "Decided", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = AppealView.class)))
    @APIResponse(responseCode = "409", description = "Decided already")
    public Response decide(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull Decision body) {
        RatingAppeal a = ratings.decide(id, IfMatch.required(ifMatch), body.upheld(), body.note());
        return EntityTags.ok(AppealView.of(a), a.version);
    }
}
