package io.xiaoneng.evaluation.report.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.evaluation.report.app.PublishedReport;
import io.xiaoneng.evaluation.report.app.ReportBuilder;
import io.xiaoneng.evaluation.report.app.ReportService;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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

import java.time.Instant;
import java.util.List;

/**
 * The committee's side of the yearly report: draft it from the raw facts, refresh the draft, approve it (a second
 * member), and verify that a report still reproduces from the facts. The public reads published reports under
 * {@code /api/v1/public/reports}.
 */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports", description = "Yearly evaluation report: draft, approval, verification")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.EVALUATOR, Roles.SUPERVISOR, Roles.ADMIN})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not allowed for this role")
public class ReportResource {

    @Inject
    ReportService reports;

    @Inject
    ObjectMapper json;

    public record NewReport(@NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year) {}

    public record ReportInfo(int year, String status, String contentSha256, int rulesVersion, String draftedBy, Instant draftedAt,
                             String approvedBy, Instant publishedAt) {
        static ReportInfo of(PublishedReport r) {
            return new ReportInfo(r.year, r.status, r.contentSha256, r.rulesVersion, r.draftedBy, r.draftedAt, r.approvedBy, r.publishedAt);
        }
    }

    /**
     * What {@code GET /api/v1/reports/{year}} answers, for the document only: the body is put together from the stored
     * text, so that the content is the snapshot byte for byte (its hash).
     */
    public record ReportView(ReportInfo info, ReportBuilder.Content content) {}

    @GET
    @Operation(operationId = "listReports", summary = "All reports, drafts included, newest first")
    @APIResponse(responseCode = "200", description = "The reports")
    public List<ReportInfo> list() {
        return reports.list().stream().map(ReportInfo::of).toList();
    }

    @POST
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "draftReport", summary = "Draft the report of a year from the raw facts (evaluator)")
    @APIResponse(responseCode = "201", description = "Drafted", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = ReportInfo.class)))
    @APIResponse(responseCode = "409", description = "The year has a report already")
    public Response draft(@Valid @NotNull NewReport body) {
        PublishedReport r = reports.draft(body.year());
        return EntityTags.created("/api/v1/reports/" + r.year, ReportInfo.of(r), r.version);
    }

    @GET
    @Path("/{year}")
    @Operation(operationId = "getReport", summary = "The report (draft or published) with its content and ETag")
    @APIResponse(responseCode = "200", description = "{info, content}", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = ReportView.class)))
    @APIResponse(responseCode = "404", description = "No report for this year")
    public Response get(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year) {
        PublishedReport r = reports.get(year);
        String body;
        try {
            body = "{\"info\":" + json.writeValueAsString(ReportInfo.of(r)) + ",\"content\":" + r.content + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Response.ok(body, "application/json").header("ETag", EntityTags.of(r.version)).build();
    }

    @POST
    @Path("/{year}/redraft")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "redraftReport", summary = "Recompute a draft from the current facts; requires If-Match")
    @APIResponse(responseCode = "200", description = "Redrafted", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = ReportInfo.class)))
    @APIResponse(responseCode = "409", description = "Published already: a published report never changes")
    public Response redraft(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        PublishedReport r = reports.redraft(year, IfMatch.required(ifMatch));
        return EntityTags.ok(ReportInfo.of(r), r.version);
    }

    @POST
    @Path("/{year}/approval")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "approveReport",
            summary = "Approve and publish (a committee member other than the drafter) once the year is over, its survey closed and the draft current; the snapshot is frozen; requires If-Match")
    @APIResponse(responseCode = "200", description = "Approved and published", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = ReportInfo.class)))
    @APIResponse(responseCode = "403", description = "The drafter cannot approve his own draft")
    @APIResponse(responseCode = "409", description = "Published already")
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag (the draft was refreshed meanwhile)")
    @APIResponse(responseCode = "422", description = "basis-not-final: the year is not over, its survey is still open, or the draft is not what the final facts give (redraft it); nothing changed")
    public Response approve(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        PublishedReport r = reports.approve(year, IfMatch.required(ifMatch));
        return EntityTags.ok(ReportInfo.of(r), r.version);
    }

    @GET
    @Path("/{year}/verification")
    @Operation(operationId = "verifyReport", summary = "Recompute the report from today's raw facts and compare it with the stored snapshot")
    @APIResponse(responseCode = "200", description = "Whether the report still reproduces; the sections that differ, and which of them "
            + "differ because their rules changed after the version the report was computed under")
    @APIResponse(responseCode = "404", description = "No report for this year")
    public ReportService.Verification verify(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year) {
        return reports.verify(year);
    }
}
