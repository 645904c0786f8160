package io.xiaoneng.evaluation.rating.api;

import io.xiaoneng.evaluation.rating.app.RatingService;
import io.xiaoneng.evaluation.rating.app.RatingStatistics;
import io.xiaoneng.evaluation.rating.app.DepartmentScope;
import io.xiaoneng.evaluation.rating.domain.Rating;
import io.xiaoneng.evaluation.rating.domain.RatingAppeal;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.platform.http.IdempotentRequests;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.problem.BadRequestProblem;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Ratings (好差评) of completed applications: by the applicant, never by an official who handled the case. */
@Path("/api/v1/ratings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ratings", description = "Good/bad reviews (好差评)")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Role or department scope refused")
public class RatingResource {

    @Inject
    RatingService ratings;

    @Inject
    RatingStatistics statistics;

    @Inject
    DepartmentScope scope;

    @Inject
    IdempotentRequests idempotency;

    public record NewRating(
            @NotNull UUID applicationId,
            @Parameter(description = "The tracking number printed on the applicant's receipt") @NotBlank @Size(max = 40) String trackingNumber,
            @Schema(enumeration = {"VERY_SATISFIED", "SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED", "VERY_DISSATISFIED"})
            @NotBlank @Size(max = 30) String level,
            @Size(max = 1000) String comment) {}

    /**
     * The rater is shown to himself and to county-wide roles only. {@code rectificationId}: the rectification a bad
     * review opened (null otherwise) — everyone who sees the rating may see it, and the rater needs it for his
     * re-rating ({@code POST /api/v1/rectifications/{id}/re-rating}).
     */
    public record RatingView(UUID id, UUID applicationId, String department, String itemCode, String level, String comment,
                             OffsetDateTime ratedAt, boolean excluded, String rater, UUID rectificationId) {
        static RatingView of(Rating r, boolean showRater, UUID rectificationId) {
            return new RatingView(r.id, r.applicationId, r.department, r.itemCode, r.level, r.comment, r.ratedAt, r.excluded,
                    showRater ? r.rater : null, rectificationId);
        }
    }

    public record NewAppeal(@NotBlank @Size(max = 4000) String reason) {}

    @POST
    @RolesAllowed(Roles.APPLICANT)
    @Operation(operationId = "rateApplication",
            summary = "Rate a completed application (applicant, once); a bad review opens a rectification. Honours Idempotency-Key")
    @APIResponse(responseCode = "201", description = "Rated", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = RatingView.class)))
    @APIResponse(responseCode = "404", description = "No completed application with this id and tracking number")
    @APIResponse(responseCode = "409", description = "Not completed yet, or already rated")
    @APIResponse(responseCode = "422", description = "Unknown level")
    public Response rate(@HeaderParam(IdempotencyKey.HEADER) String idempotencyKey, @Valid @NotNull NewRating body) {
        return idempotency.execute(idempotencyKey, body, () -> {
            Rating r = ratings.rate(body.applicationId(), body.trackingNumber(), body.level(), body.comment());
            return EntityTags.created("/api/v1/ratings/" + r.id, RatingView.of(r, true, ratings.rectificationIds(List.of(r.id)).get(r.id)),
                    r.version);
        });
    }

    @GET
    @RolesAllowed({Roles.APPLICANT, Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
    @Operation(operationId = "listRatings", summary = "Ratings, newest first: an applicant's own, an official's department's, or any (county-wide roles)")
    // The class-level 401/403 answers stop SmallRye from adding the 200 it derives from the return type; a 200 declared
    // without content gets that content back (the PageOf of the views). So on every list of a resource with such answers.
    @APIResponse(responseCode = "200", description = "The page asked for, with the total")
    public PageOf<RatingView> list(@QueryParam("department") String department, @Valid @BeanParam PageRequest page) {
        PageOf<Rating> p = ratings.list(department, page);
        var rectifications = ratings.rectificationIds(p.items().stream().map(r -> r.id).toList());
        return p.map(r -> RatingView.of(r, ratings.showsRater(r), rectifications.get(r.id)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.APPLICANT, Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
    @Operation(operationId = "getRating", summary = "One rating (its rater, officials of its department, county-wide roles)")
    @APIResponse(responseCode = "200", description = "The rating", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = RatingView.class)))
    @APIResponse(responseCode = "404", description = "No such rating visible to the caller")
    public Response get(@PathParam("id") UUID id) {
        Rating r = ratings.get(id);
        return EntityTags.ok(RatingView.of(r, ratings.showsRater(r), ratings.rectificationIds(List.of(r.id)).get(r.id)), r.version);
    }

    @GET
    @Path("/statistics")
    @RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
    @Operation(operationId = "ratingStatistics",
            summary = "Satisfaction with the response rate beside it, per department, for cases completed in [from, to] (Beijing dates)")
    @APIResponse(responseCode = "200", description = "Satisfaction and response rate per department")
    @APIResponse(responseCode = "400", description = "Dates missing, malformed, outside the years 2000 to 2100, or reversed")
    public RatingStatistics.Report statistics(@QueryParam("from") String from, @QueryParam("to") String to,
                                              @QueryParam("department") String department) {
        LocalDate f = QueryDates.required("from", from);
        LocalDate t = QueryDates.required("to", to);
        if (t.isBefore(f)) {
            throw new BadRequestProblem("period-reversed").withFieldError("to", "period-reversed");
        }
        return statistics.report(f, t, scope.listScope(department), LocalDate.now(WorkingDayCalendar.ZONE));
    }

    @POST
    @Path("/{id}/appeal")
    @RolesAllowed(Roles.DEPT_HEAD)
    @Operation(operationId = "appealRating", summary = "Appeal against a malicious bad review (head of the rated department)")
    @APIResponse(responseCode = "201", description = "Filed", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = RatingAppealResource.AppealView.class)))
    @APIResponse(responseCode = "404", description = "No such rating visible to the caller")
    @APIResponse(responseCode = "409", description = "An appeal exists already")
    @APIResponse(responseCode = "422", description = "Not a bad review")
    public Response appeal(@PathParam("id") UUID id, @Valid @NotNull NewAppeal body) {
        RatingAppeal a = ratings.appeal(id, body.reason());
        return EntityTags.created("/api/v1/rating-appeals/" + a.id, RatingAppealResource.AppealView.of(a), a.version);
    }
}
