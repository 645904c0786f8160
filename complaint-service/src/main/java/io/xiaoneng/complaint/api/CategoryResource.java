package io.xiaoneng.complaint.api;

import io.quarkus.panache.common.Sort;
import io.xiaoneng.complaint.app.ComplaintRules;
import io.xiaoneng.complaint.domain.ComplaintCategory;
import io.xiaoneng.complaint.domain.StepLimits;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
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

import java.util.List;

/** Complaint categories and their step limits (working days): public to read, administrators change them. */
@Path("/api/v1/complaint-categories")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Complaint categories", description = "Categories and their per-step limits")
@APIResponse(responseCode = "404", description = "Unknown category")
public class CategoryResource {

    @Inject
    ComplaintRules rules;

    @Inject
    AuditTrail audit;

    @Inject
    CurrentUser user;

    /** {@code limits}: effective values (the category's own or the configured default). */
    public record CategoryView(String code, String nameZh, String nameEn, String description, boolean active, StepLimits limits) {}

    public record CategoryBody(@NotBlank @Size(max = 100) String nameZh, @NotBlank @Size(max = 100) String nameEn,
                               @Size(max = 500) String description, @NotNull Boolean active,
                               @Min(0) @Max(60) Integer acceptDays, @Min(0) @Max(60) Integer dispatchDays,
                               @Min(1) @Max(120) Integer handleDays, @Min(0) @Max(60) Integer replyDays,
                               @Min(0) @Max(365) Integer reopenDays) {}

    @GET
    @PermitAll
    @Operation(operationId = "listComplaintCategories", summary = "The categories with their effective step limits")
    @APIResponse(responseCode = "200", description = "The categories, in their order")
    public List<CategoryView> list() {
        return ComplaintCategory.<ComplaintCategory>listAll(Sort.by("position").and("code")).stream().map(this::view).toList();
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "SecurityScheme")
    @Transactional
    @Operation(operationId = "putComplaintCategory", summary = "Create or change a category (admin); If-Match for an existing one, null limits = configured default")
    @APIResponse(responseCode = "200", description = "Changed; ETag", content = @Content(schema = @Schema(implementation = CategoryView.class)))
    @APIResponse(responseCode = "201", description = "Created; ETag", content = @Content(schema = @Schema(implementation = CategoryView.class)))
    public Response put(@PathParam("code") @jakarta.validation.constraints.Pattern(regexp = ComplaintResource.CODE) @Size(max = 40) String code,
                        @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull CategoryBody body) {
        ComplaintCategory c = ComplaintCategory.findById(code, LockModeType.PESSIMISTIC_WRITE);
        boolean created = c == null;
        CategoryView before = created ? null : view(c);
        if (created) {
            c = new ComplaintCategory();
            c.code = code;
            c.position = 100;
        } else {
            IfMatch.required(ifMatch).check(c.version);
        }
        c.nameZh = body.nameZh();
        c.nameEn = body.nameEn();
        c.description = body.description();
        c.active = body.active();
        c.acceptDays = body.acceptDays();
        c.dispatchDays = body.dispatchDays();
        c.handleDays = body.handleDays();
        c.replyDays = body.replyDays();
        c.reopenDays = body.reopenDays();
        c.persistAndFlush();
        audit.record(user.username(), "complaint-category", code, created ? "created" : "changed", before, view(c));
        return Response.status(created ? 201 : 200).header("ETag", EntityTags.of(c.version)).entity(view(c)).build();
    }

    @GET
    @Path("/{code}")
    @PermitAll
    @Operation(operationId = "getComplaintCategory", summary = "One category; ETag")
    @APIResponse(responseCode = "200", description = "The category", content = @Content(schema = @Schema(implementation = CategoryView.class)))
    public Response get(@PathParam("code") String code) {
        ComplaintCategory c = ComplaintCategory.<ComplaintCategory>findByIdOptional(code)
                .orElseThrow(() -> new NotFoundProblem("complaint-category", code));
        return EntityTags.ok(view(c), c.version);
    }

    private CategoryView view(ComplaintCategory c) {
        return new CategoryView(c.code, c.nameZh, c.nameEn, c.description, c.active, c.limits(rules.defaults()));
    }
}
