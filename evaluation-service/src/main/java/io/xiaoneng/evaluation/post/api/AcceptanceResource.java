package io.xiaoneng.evaluation.post.api;

import io.xiaoneng.evaluation.post.app.AcceptanceService;
import io.xiaoneng.evaluation.post.domain.AcceptanceChecklist;
import io.xiaoneng.evaluation.rating.app.DepartmentScope;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** The standardized-window acceptance checklist (标准化服务窗口验收评比), reviews and their ranking. */
@Path("/api/v1/window-acceptance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Window acceptance", description = "标准化服务窗口验收评比: checklist with points, scored reviews, ranking")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Role or department scope refused")
public class AcceptanceResource {

    @Inject
    AcceptanceService acceptance;

    @Inject
    DepartmentScope scope;

    public record ItemInput(@NotBlank @Size(max = 200) String title, @NotNull @DecimalMin(value = "0", inclusive = false) BigDecimal maxPoints,
                            @NotNull @Min(0) Integer position, @NotNull Boolean active) {}

    public record ScoreInput(@NotBlank @Size(max = 40) String item, @NotNull BigDecimal points, @Size(max = 1000) String note) {}

    public record NewReview(@NotBlank @Size(max = 40) String windowCode, @NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year,
                            @NotEmpty @Size(max = 100) List<@Valid @NotNull ScoreInput> scores) {}

    @GET
    @Path("/checklist")
    @Operation(operationId = "listAcceptanceChecklist", summary = "The checklist items with their maximum points")
    @APIResponse(responseCode = "200", description = "The checklist items")
    public List<AcceptanceService.ChecklistItem> checklist() {
        return acceptance.checklist();
    }

    @PUT
    @Path("/checklist/{code}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "putAcceptanceChecklistItem", summary = "Create an item, or change one with If-Match (admin)")
    @APIResponse(responseCode = "200", description = "The item; the ETag", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = AcceptanceService.ChecklistItem.class)))
    @APIResponse(responseCode = "428", description = "A change without If-Match")
    public Response putItem(@PathParam("code") @Pattern(regexp = "[a-z0-9][a-z0-9-]*") @Size(max = 40) String code,
                            @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull ItemInput body) {
        var item = acceptance.putItem(code, ifMatch, body.title(), body.maxPoints(), body.position(), body.active());
        return EntityTags.ok(item, item.version());
    }

    @POST
    @Path("/reviews")
    @RolesAllowed({Roles.SUPERVISOR, Roles.EVALUATOR})
    @Operation(operationId = "reviewWindowAcceptance",
            summary = "Score a window against the checklist for a year (efficiency office, evaluation committee): every active item once")
    @APIResponse(responseCode = "201", description = "Scored", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = AcceptanceService.Review.class)))
    @APIResponse(responseCode = "409", description = "The window has a review for that year")
    @APIResponse(responseCode = "422", description = "Unknown window; items missing, unknown, twice or out of range (all listed)")
    public Response review(@Valid @NotNull NewReview body) {
        var review = acceptance.review(body.windowCode(), body.year(), body.scores().stream()
                .map(s -> new AcceptanceChecklist.Score(s.item(), s.points(), s.note())).toList());
        return EntityTags.created("/api/v1/window-acceptance/reviews/" + review.id(), review, review.version());
    }

    @GET
    @Path("/reviews/{id}")
    @Operation(operationId = "getWindowAcceptanceReview",
            summary = "One review with its item scores (officials: reviews of windows serving their department; county-wide roles: any)")
    @APIResponse(responseCode = "200", description = "The review", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = AcceptanceService.Review.class)))
    @APIResponse(responseCode = "404", description = "No such review visible to the caller")
    public Response get(@PathParam("id") UUID id) {
        var review = acceptance.get(id);
        return EntityTags.ok(review, review.version());
    }

    @GET
    @Path("/rankings/{year}")
    @Operation(operationId = "rankWindowAcceptance", summary = "The reviewed windows of a year, best share of the maximum first")
    @APIResponse(responseCode = "200", description = "The reviewed windows, ranked")
    public List<AcceptanceService.RankedReview> ranking(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year,
                                                        @QueryParam("department") String department) {
        return acceptance.ranking(year, scope.listScope(department));
    }
}
