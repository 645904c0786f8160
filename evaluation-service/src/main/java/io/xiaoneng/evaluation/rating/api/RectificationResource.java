package io.xiaoneng.evaluation.rating.api;

import io.xiaoneng.evaluation.rating.app.RatingService;
import io.xiaoneng.evaluation.rating.domain.Rectification;
import io.xiaoneng.evaluation.rating.domain.RectificationStatus;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Rectifications (整改) opened by bad reviews: the department records its measures and calls the rater back; the
 * rater rates the fix. Commands need If-Match; an illegal one is 409 naming the allowed commands.
 */
@Path("/api/v1/rectifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rectifications", description = "Rectification of bad reviews (整改), call-back and re-rating")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Role or department scope refused")
public class RectificationResource {

    @Inject
    RatingService ratings;

    public record RectificationView(UUID id, UUID ratingId, UUID applicationId, String department, RectificationStatus status,
                                    OffsetDateTime openedAt, LocalDate dueOn, boolean overdue, String measures,
                                    LocalDate fixedOn, int callbackAttempts, LocalDate callbackOn, String callbackNote,
                                    String reRatingLevel, OffsetDateTime closedAt, Boolean onTime, List<String> allowedCommands) {
        static RectificationView of(Rectification x) {
            return new RectificationView(x.id, x.ratingId, x.applicationId, x.department, x.status, x.openedAt, x.dueOn,
                    x.overdue(LocalDate.now(WorkingDayCalendar.ZONE)), x.measures, x.fixedOn, x.callbackAttempts, x.callbackOn,
                    x.callbackNote, x.reRatingLevel, x.closedAt, x.onTime, x.allowedCommands());
        }
    }

    public record Measures(@NotBlank @Size(max = 4000) String measures) {}

    public record CallBack(@NotNull Boolean reached, @Size(max = 2000) String note) {}

    public record ReRating(@NotBlank @Size(max = 30) String level) {}

    @GET
    @RolesAllowed({Roles.APPLICANT, Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
    @Operation(operationId = "listRectifications",
            summary = "Rectifications by due day: an applicant's own (opened by his ratings), an official's department's, or any (county-wide roles)")
    @APIResponse(responseCode = "200", description = "The page asked for, with the total")
    public PageOf<RectificationView> list(@QueryParam("department") String department, @QueryParam("status") RectificationStatus status,
                                          @Valid @BeanParam PageRequest page) {
        return ratings.rectifications(department, status, page).map(RectificationView::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.APPLICANT, Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
    @Operation(operationId = "getRectification", summary = "One rectification (its rater, officials of its department, county-wide roles)")
    @APIResponse(responseCode = "200", description = "The rectification", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "404", description = "No such rectification visible to the caller")
    public Response get(@PathParam("id") UUID id) {
        Rectification x = ratings.rectification(id);
        return EntityTags.ok(RectificationView.of(x), x.version);
    }

    @POST
    @Path("/{id}/measures")
    @RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD})
    @Operation(operationId = "recordRectificationMeasures", summary = "Record what was fixed (officials of the department); requires If-Match")
    @APIResponse(responseCode = "200", description = "Recorded", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "404", description = "No such rectification")
    @APIResponse(responseCode = "409", description = "Not allowed in this state")
    public Response measures(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull Measures body) {
        Rectification x = ratings.fix(id, IfMatch.required(ifMatch), body.measures());
        return EntityTags.ok(RectificationView.of(x), x.version);
    }

    @POST
    @Path("/{id}/call-back")
    @RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD})
    @Operation(operationId = "recordRectificationCallBack",
            summary = "Record a call-back to the rater (回访); reached moves the case to his re-rating; requires If-Match")
    @APIResponse(responseCode = "200", description = "Recorded", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "404", description = "No such rectification")
    @APIResponse(responseCode = "409", description = "Not allowed in this state")
    public Response callBack(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull CallBack body) {
        Rectification x = ratings.callBack(id, IfMatch.required(ifMatch), body.reached(), body.note());
        return EntityTags.ok(RectificationView.of(x), x.version);
    }

    @POST
    @Path("/{id}/re-rating")
    @RolesAllowed(Roles.APPLICANT)
    @Operation(operationId = "reRateRectification", summary = "The rater rates the fix after the call-back; closes the rectification; requires If-Match")
    @APIResponse(responseCode = "200", description = "Closed", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "404", description = "No such rectification")
    @APIResponse(responseCode = "409", description = "Not called back yet, or closed")
    @APIResponse(responseCode = "422", description = "Unknown level")
    public Response reRating(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull ReRating body) {
        Rectification x = ratings.reRate(id, IfMatch.required(ifMatch), body.level());
        return EntityTags.ok(RectificationView.of(x), x.version);
    }
}
