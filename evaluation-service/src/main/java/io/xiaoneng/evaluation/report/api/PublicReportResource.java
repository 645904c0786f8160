package io.xiaoneng.evaluation.report.api;

import io.xiaoneng.evaluation.report.app.PublishedReport;
import io.xiaoneng.evaluation.report.app.ReportBuilder;
import io.xiaoneng.evaluation.report.app.ReportExports;
import io.xiaoneng.evaluation.report.app.ReportService;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.problem.NotFoundProblem;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/**
 * Published reports for everyone, without signing in: the frozen snapshot as JSON, CSV and XLSX. Drafts do not exist
 * here (404).
 */
@Path("/api/v1/public/reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports", description = "Yearly evaluation report: draft, approval, verification")
@PermitAll
public class PublicReportResource {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static final String CSV = "text/csv";

    @Inject
    ReportService reports;

    @Inject
    ReportBuilder builder;

    /**
     * What the public learns of a published report. {@code approvedBy} is the approving body ({@link #APPROVED_BY}),
     * never the committee member's login: the anonymous API names no official (the signed-in report API does).
     */
    public record PublishedInfo(int year, String contentSha256, String approvedBy, Instant publishedAt) {}

    /** The role that approves a report (the evaluation committee), in place of a person. */
    public static final String APPROVED_BY = "committee";

    @GET
    @Operation(operationId = "listPublishedReports", summary = "Published reports, newest first (anonymous); approved by the committee, no person named")
    public List<PublishedInfo> list() {
        return reports.publishedList().stream().map(r -> new PublishedInfo(r.year, r.contentSha256, APPROVED_BY, r.publishedAt)).toList();
    }

    @GET
    @Path("/{year}")
    @Operation(operationId = "getPublishedReport", summary = "A published report's frozen snapshot (anonymous); X-Content-SHA256 to check copies")
    @APIResponse(responseCode = "200", description = "The frozen snapshot, byte for byte as published", headers = @Header(name = "X-Content-SHA256"),
            content = @Content(schema = @Schema(implementation = ReportBuilder.Content.class)))
    @APIResponse(responseCode = "404", description = "Not published (or no report)")
    public Response get(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year) {
        PublishedReport r = reports.published(year);
        return Response.ok(r.content, "application/json").header("X-Content-SHA256", r.contentSha256).build();
    }

    @GET
    @Path("/{year}/report.csv")
    @Produces(CSV)
    @Operation(operationId = "exportPublishedReportCsv", summary = "A published report as CSV: all sections, or one with ?section=<key> (anonymous)")
    @APIResponse(responseCode = "200", description = "The CSV file (UTF-8), as an attachment", headers = @Header(name = "Content-Disposition"),
            content = @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "Not published, or no such section")
    public Response csv(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year, @QueryParam("section") String section) {
        ReportBuilder.Content content = builder.parse(reports.published(year).content);
        if (section != null && content.sections().stream().noneMatch(t -> t.key().equals(section))) {
            throw new NotFoundProblem("report-section", section);
        }
        return Response.ok(ReportExports.csv(content, section), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"xiaoneng-report-" + year + (section == null ? "" : "-" + section) + ".csv\"")
                .build();
    }

    @GET
    @Path("/{year}/report.xlsx")
    @Produces(XLSX)
    @Operation(operationId = "exportPublishedReportXlsx", summary = "A published report as an XLSX workbook, one sheet per section (anonymous)")
    @APIResponse(responseCode = "200", description = "The workbook, as an attachment", headers = @Header(name = "Content-Disposition"),
            content = @Content(mediaType = XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "Not published")
    public Response xlsx(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year) {
        ReportBuilder.Content content = builder.parse(reports.published(year).content);
        return Response.ok(ReportExports.xlsx(content), XLSX)
                .header("Content-Disposition", "attachment; filename=\"xiaoneng-report-" + year + ".xlsx\"").build();
    }
}
