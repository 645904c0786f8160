package io.xiaoneng.evaluation.accountability.api;

import io.xiaoneng.evaluation.accountability.app.AccountabilityCases;
import io.xiaoneng.evaluation.accountability.domain.AccountabilityCase;
import io.xiaoneng.evaluation.accountability.domain.CaseSource;
import io.xiaoneng.evaluation.accountability.domain.CaseStatus;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Accountability cases (问责) opened by the year-end survey and by missed targets. The head of the department
 * submits his statement or justification; the evaluation committee (evaluator) decides. Every step needs If-Match.
 */
@Path("/api/v1/accountability-cases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accountability", description = "Accountability cases from the year-end survey and missed targets (问责)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.DEPT_HEAD, Roles.EVALUATOR, Roles.SUPERVISOR, Roles.ADMIN})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not allowed for this role or department")
public class AccountabilityCaseResource {

    @Inject
    AccountabilityCases cases;

    public record CaseView(UUID id, String kind, String source, String departmentCode, int year, String status,
                           BigDecimal dissatisfactionRate, Integer validBallots, String targetId, String statement,
                           String justification, String decisionReason, Instant openedAt, Instant updatedAt,
                           List<String> allowed) {
        public static CaseView of(AccountabilityCase c) {
            return new CaseView(c.id, c.kind.name(), c.source.name(), c.departmentCode, c.year, c.status.name(),
                    c.dissatisfactionRate, c.validBallots, c.targetId, c.statement, c.justification, c.decisionReason,
                    c.openedAt, c.updatedAt, c.allowed());
        }
    }

    /** The head's text (statement or justification). */
    public record Submission(@NotBlank @Size(max = 20000) String text) {}

    /** The committee's reasons (or, for a resignation, a note on it). */
    public record Decision(@NotBlank @Size(max = 20000) String reason) {}

    @GET
    @Operation(operationId = "listAccountabilityCases", summary = "Accountability cases, newest year first; a head sees only his department's")
    @APIResponse(responseCode = "200", description = "The page asked for, with the total")
    public PageOf<CaseView> list(@QueryParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year, @QueryParam("department") String department,
                                 @QueryParam("status") CaseStatus status, @QueryParam("source") CaseSource source,
                                 @Valid @BeanParam PageRequest page) {
        return cases.list(new AccountabilityCases.Filter(year, department, status, source), page).map(CaseView::of);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getAccountabilityCase", summary = "One case with its ETag and the commands its state allows")
    @APIResponse(responseCode = "200", description = "The case", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "404", description = "No such case (or not of the caller's department)")
    public Response get(@PathParam("id") UUID id) {
        AccountabilityCase c = cases.get(id);
        return EntityTags.ok(CaseView.of(c), c.version);
    }

    @POST
    @Path("/{id}/statement")
    @RolesAllowed(Roles.DEPT_HEAD)
    @Operation(operationId = "submitAccountabilityStatement",
            summary = "The head's investigation and public self-criticism and statement (explanation-required cases)")
    @APIResponse(responseCode = "200", description = "Statement submitted", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "409", description = "Not an open explanation-required case")
    public Response statement(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull Submission body) {
        return view(cases.submitStatement(id, IfMatch.required(ifMatch), body.text()));
    }

    @POST
    @Path("/{id}/closure")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "closeAccountabilityCase", summary = "The committee closes an explanation-required case after the statement")
    @APIResponse(responseCode = "200", description = "Closed", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "409", description = "No statement submitted")
    public Response closure(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull Decision body) {
        return view(cases.close(id, IfMatch.required(ifMatch), body.reason()));
    }

    @POST
    @Path("/{id}/justification")
    @RolesAllowed(Roles.DEPT_HEAD)
    @Operation(operationId = "submitAccountabilityJustification",
            summary = "The head's justification against resignation (resignation-required cases)")
    @APIResponse(responseCode = "200", description = "Justification submitted", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "409", description = "Not an open resignation-required case")
    public Response justification(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull Submission body) {
        return view(cases.submitJustification(id, IfMatch.required(ifMatch), body.text()));
    }

    @POST
    @Path("/{id}/justification-acceptance")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "acceptAccountabilityJustification", summary = "The committee accepts the justification: no resignation")
    @APIResponse(responseCode = "200", description = "Justification accepted: no resignation", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "409", description = "No justification pending")
    public Response accept(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull Decision body) {
        return view(cases.acceptJustification(id, IfMatch.required(ifMatch), body.reason()));
    }

    @POST
    @Path("/{id}/justification-rejection")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "rejectAccountabilityJustification", summary = "The committee rejects the justification: resignation due")
    @APIResponse(responseCode = "200", description = "Justification rejected: resignation due", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "409", description = "No justification pending")
    public Response reject(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull Decision body) {
        return view(cases.rejectJustification(id, IfMatch.required(ifMatch), body.reason()));
    }

    @POST
    @Path("/{id}/resignation")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "recordAccountabilityResignation",
            summary = "Records the head's resignation (open resignation case without justification, or justification rejected)")
    @APIResponse(responseCode = "200", description = "Resignation recorded", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "409", description = "Resignation not (or no longer) required")
    public Response resignation(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull Decision body) {
        return view(cases.recordResignation(id, IfMatch.required(ifMatch), body.reason()));
    }

    private static Response view(AccountabilityCase c) {
        return EntityTags.ok(CaseView.of(c), c.version);
    }
}
