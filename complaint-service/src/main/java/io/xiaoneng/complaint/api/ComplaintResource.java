package io.xiaoneng.complaint.api;

import io.xiaoneng.complaint.api.ComplaintViews.ComplaintSummary;
import io.xiaoneng.complaint.api.ComplaintViews.ComplaintView;
import io.xiaoneng.complaint.api.ComplaintViews.RegisteredView;
import io.xiaoneng.complaint.app.ComplaintAccess;
import io.xiaoneng.complaint.app.ComplaintLinks;
import io.xiaoneng.complaint.app.ComplaintRules;
import io.xiaoneng.complaint.app.ComplaintService;
import io.xiaoneng.platform.identity.PiiCipher;
import io.xiaoneng.complaint.domain.Channel;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.complaint.domain.Finding;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.platform.http.IdempotentRequests;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Complaints under the four-step rule. Registration is open to everyone (online, anonymous allowed); every state
 * change is an explicit command ({@code POST …/{id}/<command>}) that needs {@code If-Match}. See the README.
 */
@Path("/api/v1/complaints")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Complaints", description = "Complaints under the four-step rule (有投必受、有受必理、有理必果、有果必复)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.ADMIN, Roles.EVALUATOR, Roles.INTEGRATION})
@APIResponse(responseCode = "400", description = "Invalid fields, parameters or If-Match")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not the caller's case to command (department, role)")
@APIResponse(responseCode = "404", description = "No such complaint visible to the caller")
@APIResponse(responseCode = "409", description = "illegal-transition: the state does not allow the command; `allowed` names those it does")
@APIResponse(responseCode = "422", description = "Unknown category, department or monitoring point; channel not the caller's")
@APIResponse(responseCode = "428", description = "If-Match is missing on a command")
public class ComplaintResource {

    static final String CODE = "[a-z0-9][a-z0-9-]*";

    @Inject
    ComplaintService complaints;

    @Inject
    ComplaintAccess access;

    @Inject
    ComplaintRules rules;

    @Inject
    PiiCipher pii;

    @Inject
    IdempotentRequests idempotency;

    @Inject
    ComplaintLinks links;

    // --- bodies ---------------------------------------------------------------------------------------------------

    public record ComplainantBody(@Size(max = 100) String name, @Size(max = 30) String phone, @Size(max = 300) String contact) {}

    public record NewComplaintBody(
            Channel channel,
            @NotBlank @Size(max = 40) String category,
            @NotBlank @Size(max = 4000) String description,
            @Size(max = 40) @Pattern(regexp = CODE) String targetDepartment,
            @Size(max = 40) @Pattern(regexp = CODE) String post,
            UUID applicationId,
            @Size(max = 40) String monitoringPoint,
            @Size(max = 100) String forwardedReference,
            @Size(max = 300) String address,
            @DecimalMin("-90") @DecimalMax("90") Double lat,
            @DecimalMin("-180") @DecimalMax("180") Double lon,
            boolean anonymous,
            @Valid ComplainantBody complainant) {}

    public record ReferBody(@NotBlank @Size(max = 200) String referredTo, @Size(max = 2000) String reason) {}

    public record DispatchBody(@NotBlank @Size(max = 40) @Pattern(regexp = CODE) String department) {}

    public record DecideBody(@NotBlank @Size(max = 40) @Pattern(regexp = CODE) String department, @Size(max = 2000) String reason) {}

    public record ReasonBody(@NotBlank @Size(max = 2000) String reason) {}

    public record OptionalReasonBody(@Size(max = 2000) String reason) {}

    public record HandleBody(@NotNull Finding finding, @NotBlank @Size(max = 4000) String measures) {}

    public record ReplyBody(@NotBlank @Size(max = 4000) String text) {}

    public record FeedbackBody(@NotNull Boolean satisfied, @Size(max = 2000) String note) {}

    public record MergeBody(@NotNull UUID into) {}

    // --- intake and reads -----------------------------------------------------------------------------------------

    @POST
    @PermitAll
    @Operation(operationId = "registerComplaint", summary = "Register a complaint (anyone online, anonymous allowed; intake staff for every channel but the platforms'); honours Idempotency-Key",
            description = "The answer carries, this once, the secret tracking code the complainant follows the case with. "
                    + "The provincial and city platforms forward through POST /api/v1/complaints/external.")
    @APIResponse(responseCode = "201", description = "Registered; Location, ETag", content = @Content(schema = @Schema(implementation = RegisteredView.class)))
    @APIResponse(responseCode = "403", description = "`external-reference-required`: platforms forward through `POST /api/v1/complaints/external`")
    public Response register(
            @Parameter(description = "Makes retries safe: 1-255 printable ASCII characters, e.g. a UUID")
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @NotNull NewComplaintBody body) {
        if (access.isPlatform()) {
            // A forwarded complaint must be registered under the platform's own reference (unique per client), or
            // neither the platform's retries nor its status queries by that reference find the case again; only the
            // external endpoint records it. Filed here, a forwardedReference would be a bare label.
            throw new ProblemException(403, "external-reference-required", "platform.external-reference-required");
        }
        return idempotency.execute(idempotencyKey, body, () -> {
            ComplaintService.Registered r = complaints.register(new ComplaintService.NewComplaint(body.channel(), body.category(),
                    body.description(), body.targetDepartment(), body.post(), body.applicationId(), body.monitoringPoint(),
                    body.forwardedReference(), body.address(), body.lat(), body.lon(), body.anonymous(),
                    body.complainant() == null ? null : new ComplaintService.Complainant(body.complainant().name(),
                            body.complainant().phone(), body.complainant().contact())));
            Complaint c = r.complaint();
            return EntityTags.created("/api/v1/complaints/" + c.id, new RegisteredView(c.id, c.reference, r.trackingCode(), c.status, c.stepDueOn), c.version);
        });
    }

    @GET
    // Officials only: a platform client follows its own submissions by reference, it does not browse the county's.
    @RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.ADMIN, Roles.EVALUATOR})
    @Operation(operationId = "listComplaints", summary = "Complaints the caller may see: his department's (handling) or all (intake, supervisors)")
    @APIResponse(responseCode = "200", description = "A page of complaints")
    public PageOf<ComplaintSummary> list(@QueryParam("status") ComplaintStatus status,
                                         @QueryParam("department") @Size(max = 40) String department,
                                         @QueryParam("category") @Size(max = 40) String category,
                                         @QueryParam("channel") Channel channel,
                                         @Parameter(description = "true: the current step's deadline has passed; false: within it, or no deadline")
                                         @QueryParam("overdue") Boolean overdue,
                                         @Valid @BeanParam PageRequest page) {
        return complaints.list(new ComplaintService.Filter(status, department, category, channel, overdue), page)
                .map(c -> ComplaintSummary.of(c, rules.today()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getComplaint", summary = "One complaint with its step deadline, allowed commands and replies; the complainant as the caller's role allows; ETag")
    @APIResponse(responseCode = "200", description = "The case", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response get(@PathParam("id") UUID id) {
        Complaint c = complaints.get(id);
        return EntityTags.ok(view(c), c.version);
    }

    @GET
    @Path("/{id}/history")
    @Operation(operationId = "getComplaintHistory", summary = "The audit trail of a case (who, when, command, state before and after); no personal data")
    @APIResponse(responseCode = "200", description = "The audit trail, oldest first")
    public List<AuditTrail.Entry> history(@PathParam("id") UUID id) {
        return complaints.history(id);
    }

    // --- commands -------------------------------------------------------------------------------------------------

    @POST
    @Path("/{id}/accept")
    @Operation(operationId = "acceptComplaint", summary = "Accept (受理): intake staff or supervisor")
    @APIResponse(responseCode = "200", description = "Accepted; the case with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response accept(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return done(() -> complaints.accept(id, IfMatch.required(ifMatch)));
    }

    @POST
    @Path("/{id}/refer")
    @Operation(operationId = "referComplaint", summary = "Refer outside the county's remit: still registered and answered")
    @APIResponse(responseCode = "200", description = "Referred; the case with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response refer(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull ReferBody body) {
        return done(() -> complaints.refer(id, IfMatch.required(ifMatch), body.referredTo(), body.reason()));
    }

    @POST
    @Path("/{id}/dispatch")
    @Operation(operationId = "dispatchComplaint", summary = "Dispatch to the handling department; its clock starts now")
    @APIResponse(responseCode = "200", description = "Dispatched; the case with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response dispatch(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull DispatchBody body) {
        return done(() -> complaints.dispatch(id, IfMatch.required(ifMatch), body.department()));
    }

    @POST
    @Path("/{id}/bounce")
    @Operation(operationId = "bounceComplaint", summary = "Send back to the intake with a reason (handling department); counted, after the limit the supervisor decides")
    @APIResponse(responseCode = "200", description = "Sent back to the intake; the case with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response bounce(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull ReasonBody body) {
        return done(() -> complaints.bounce(id, IfMatch.required(ifMatch), body.reason()));
    }

    @POST
    @Path("/{id}/decide")
    @Operation(operationId = "decideComplaint", summary = "Supervisor's decision after the bounce limit: the department that handles it")
    @APIResponse(responseCode = "200", description = "Decided; the case with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response decide(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull DecideBody body) {
        return done(() -> complaints.decide(id, IfMatch.required(ifMatch), body.department(), body.reason()));
    }

    @POST
    @Path("/{id}/handle")
    @Operation(operationId = "handleComplaint", summary = "Record the finding and measures (handling department)")
    @APIResponse(responseCode = "200", description = "Handled; the case with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response handle(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull HandleBody body) {
        return done(() -> complaints.handle(id, IfMatch.required(ifMatch), body.finding(), body.measures()));
    }

    @POST
    @Path("/{id}/reply")
    @Operation(operationId = "replyComplaint", summary = "Reply; one reply record per complainant, merged duplicates included")
    @APIResponse(responseCode = "200", description = "Replied; the case with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response reply(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull ReplyBody body) {
        return done(() -> complaints.reply(id, IfMatch.required(ifMatch), body.text()));
    }

    @POST
    @Path("/{id}/feedback")
    @Operation(operationId = "recordComplaintFeedback", summary = "Record the complainant's feedback from the follow-up call (intake staff)")
    @APIResponse(responseCode = "200", description = "Feedback recorded; the case with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response feedback(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull FeedbackBody body) {
        return done(() -> complaints.feedback(id, IfMatch.required(ifMatch), body.satisfied(), body.note()));
    }

    @POST
    @Path("/{id}/close")
    @Operation(operationId = "closeComplaint", summary = "Close an answered case")
    @APIResponse(responseCode = "200", description = "Closed; the case with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response close(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return done(() -> complaints.close(id, IfMatch.required(ifMatch)));
    }

    @POST
    @Path("/{id}/reopen")
    @Operation(operationId = "reopenComplaint", summary = "Reopen within the reopen window")
    @APIResponse(responseCode = "200", description = "Reopened; the case with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response reopen(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull ReasonBody body) {
        return done(() -> complaints.reopen(id, IfMatch.required(ifMatch), body.reason()));
    }

    @POST
    @Path("/{id}/merge")
    @Operation(operationId = "mergeComplaint", summary = "Merge this duplicate into another case; its complainant receives that case's reply")
    @APIResponse(responseCode = "200", description = "Merged; this case (now MERGED) with its new ETag", content = @Content(schema = @Schema(implementation = ComplaintView.class)))
    public Response merge(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull MergeBody body) {
        return done(() -> complaints.merge(id, IfMatch.required(ifMatch), body.into()));
    }

    private Response done(Supplier<Complaint> command) {
        Complaint c = command.get();
        return EntityTags.ok(view(c), c.version);
    }

    private ComplaintView view(Complaint c) {
        return ComplaintViews.view(c, c.facts(rules.now(), rules.limitsOf(c.category), rules.maxBounces()),
                access.identityView(c), pii, complaints.duplicatesOf(c.id), complaints.repliesOf(c.id), links.linksOf(c), rules.today());
    }
}
