package io.xiaoneng.evaluation.commitment.api;

import io.xiaoneng.evaluation.commitment.app.CommitmentService;
import io.xiaoneng.evaluation.commitment.domain.Commitment;
import io.xiaoneng.evaluation.commitment.domain.CommitmentKind;
import io.xiaoneng.evaluation.commitment.domain.CommitmentSet;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Service commitments (服务承诺制) per department and year: drafted and submitted by the department head by the
 * deadline, approved or returned by the evaluation committee, checked at year end against the measured facts.
 * Every command needs If-Match (the set's ETag); an illegal one is 409 naming the allowed commands. The year is
 * bounded (2000–2100, 400 otherwise) as everywhere in this service: the deadline is a date of that year.
 */
@Path("/api/v1/commitments/{department}/{year}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Commitments", description = "Service commitments (服务承诺): submission, approval, year-end check with evidence")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Role or department scope refused")
@APIResponse(responseCode = "404", description = "No commitments of that department and year visible to the caller")
public class CommitmentResource {

    @Inject
    CommitmentService commitments;

    @Inject
    ObjectMapper json;

    public record DraftInput(@NotNull CommitmentKind kind, @Size(max = 60) String itemCode, BigDecimal target,
                             @NotBlank @Size(max = 2000) String text) {}

    public record SetInput(@NotEmpty @Size(max = 50) List<@Valid @NotNull DraftInput> commitments) {}

    public record DecisionInput(@Size(max = 2000) String note) {}

    public record AssessmentInput(@NotNull Boolean met, @NotBlank @Size(max = 2000) String note) {}

    public record CommitmentView(UUID id, int position, CommitmentKind kind, String itemCode, BigDecimal target, String text,
                                 boolean measurable, Commitment.Result result, BigDecimal measured, JsonNode evidence,
                                 String assessedBy, String assessmentNote) {}

    public record SetView(String department, int year, CommitmentSet.Status status, LocalDate submissionDeadline,
                          String submittedBy, OffsetDateTime submittedAt, String decidedBy, OffsetDateTime decidedAt,
                          String decisionNote, String checkedBy, OffsetDateTime checkedAt, List<String> allowedCommands,
                          List<CommitmentView> commitments) {}

    SetView view(CommitmentSet s) {
        return new SetView(s.department, s.year, s.status, commitments.deadline(s.year), s.submittedBy, s.submittedAt,
                s.decidedBy, s.decidedAt, s.decisionNote, s.checkedBy, s.checkedAt, s.allowedCommands(),
                s.commitments.stream().map(c -> new CommitmentView(c.id, c.position, c.kind, c.itemCode, c.target, c.text,
                        c.kind.measurable(), c.result, c.measured, evidence(c.evidence), c.assessedBy, c.assessmentNote)).toList());
    }

    JsonNode evidence(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("evidence is not JSON", e);
        }
    }

    Response ok(CommitmentSet s) {
        return EntityTags.ok(view(s), s.version);
    }

    @GET
    @Operation(operationId = "getCommitments", summary = "A department's commitments of a year, with results and evidence once checked")
    @APIResponse(responseCode = "200", description = "The commitments", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = SetView.class)))
    public Response get(@PathParam("department") String department, @PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year) {
        return ok(commitments.get(department, year));
    }

    @PUT
    @RolesAllowed(Roles.DEPT_HEAD)
    @Operation(operationId = "putCommitments",
            summary = "Draft the year's commitments, or replace them (If-Match) while a draft or returned; a draft until the submission deadline, a returned set also after it")
    @APIResponse(responseCode = "200", description = "The draft", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = SetView.class)))
    @APIResponse(responseCode = "409", description = "Submitted or decided already")
    @APIResponse(responseCode = "422", description = "Deadline passed (a draft); a measurable commitment without target or item")
    @APIResponse(responseCode = "428", description = "A change without If-Match")
    public Response put(@PathParam("department") String department, @PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year,
                        @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull SetInput body) {
        return ok(commitments.put(department, year, ifMatch, body.commitments().stream()
                .map(d -> new CommitmentService.Draft(d.kind(), d.itemCode(), d.target(), d.text())).toList()));
    }

    @POST
    @Path("/submission")
    @RolesAllowed(Roles.DEPT_HEAD)
    @Operation(operationId = "submitCommitments", summary = "Submit the commitments for approval (department head; a draft by the deadline, a returned set also after it); requires If-Match")
    @APIResponse(responseCode = "200", description = "Submitted", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = SetView.class)))
    @APIResponse(responseCode = "409", description = "Not a draft")
    @APIResponse(responseCode = "422", description = "Deadline passed (a draft; a returned set may be submitted after it)")
    public Response submit(@PathParam("department") String department, @PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year,
                           @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return ok(commitments.submit(department, year, IfMatch.required(ifMatch)));
    }

    @POST
    @Path("/approval")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "approveCommitments", summary = "Approve submitted commitments (evaluation committee); requires If-Match")
    @APIResponse(responseCode = "200", description = "Approved", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = SetView.class)))
    @APIResponse(responseCode = "409", description = "Not submitted")
    public Response approve(@PathParam("department") String department, @PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year,
                            @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid DecisionInput body) {
        return ok(commitments.decide(department, year, IfMatch.required(ifMatch), true, body == null ? null : body.note()));
    }

    @POST
    @Path("/return")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "returnCommitments", summary = "Return submitted commitments for revision (evaluation committee); requires If-Match")
    @APIResponse(responseCode = "200", description = "Returned", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = SetView.class)))
    @APIResponse(responseCode = "409", description = "Not submitted")
    public Response giveBack(@PathParam("department") String department, @PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year,
                             @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid DecisionInput body) {
        return ok(commitments.decide(department, year, IfMatch.required(ifMatch), false, body == null ? null : body.note()));
    }

    @POST
    @Path("/year-end-check")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "checkCommitments",
            summary = "Check every measurable commitment against the year's measured facts, storing the evidence (after the year); requires If-Match")
    @APIResponse(responseCode = "200", description = "Checked", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = SetView.class)))
    @APIResponse(responseCode = "409", description = "Not approved")
    @APIResponse(responseCode = "422", description = "The year is not over")
    public Response check(@PathParam("department") String department, @PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year,
                          @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return ok(commitments.check(department, year, IfMatch.required(ifMatch)));
    }

    @POST
    @Path("/items/{id}/assessment")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "assessCommitment", summary = "Assess a free-text commitment manually after the year-end check; requires If-Match (the set's ETag)")
    @APIResponse(responseCode = "200", description = "Assessed", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = SetView.class)))
    @APIResponse(responseCode = "409", description = "Not checked yet")
    @APIResponse(responseCode = "422", description = "A measurable commitment")
    public Response assess(@PathParam("department") String department, @PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year, @PathParam("id") UUID id,
                           @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull AssessmentInput body) {
        return ok(commitments.assess(department, year, id, IfMatch.required(ifMatch), body.met(), body.note()));
    }
}
