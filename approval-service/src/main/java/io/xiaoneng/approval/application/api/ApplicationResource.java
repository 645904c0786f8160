package io.xiaoneng.approval.application.api;

import io.quarkus.security.Authenticated;
import io.xiaoneng.approval.application.api.ApplicationViews.ApplicationSummary;
import io.xiaoneng.approval.application.api.ApplicationViews.ApplicationView;
import io.xiaoneng.approval.application.api.ApplicationViews.FiledView;
import io.xiaoneng.approval.application.api.ApplicationViews.Identity;
import io.xiaoneng.approval.application.api.ApplicationViews.TrackingView;
import io.xiaoneng.approval.application.app.ApplicationService;
import io.xiaoneng.approval.application.app.CaseAccess;
import io.xiaoneng.approval.application.app.LegalTime;
import io.xiaoneng.approval.application.app.SupervisionQueries;
import io.xiaoneng.approval.application.domain.ApplicantKind;
import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.application.domain.ApplicationStatus;
import io.xiaoneng.approval.application.domain.Channel;
import io.xiaoneng.approval.application.domain.Command;
import io.xiaoneng.approval.application.domain.DeliveryMethod;
import io.xiaoneng.approval.application.domain.PauseReason;
import io.xiaoneng.approval.application.domain.PledgeStatus;
import io.xiaoneng.approval.application.domain.Transition;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.approval.window.app.WindowService;
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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
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
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Applications under the legal clock. Every state change is an explicit command ({@code POST …/{id}/<command>})
 * that needs {@code If-Match}; see approval-service README, "Applications and the legal clock".
 */
@Path("/api/v1/applications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Applications", description = "Applications under the legal clock (Administrative License Law)")
@SecurityRequirement(name = "SecurityScheme")
@Authenticated
@APIResponse(responseCode = "400", description = "Invalid fields, parameters or If-Match")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not the caller's case to command (other department, role)")
@APIResponse(responseCode = "404", description = "No such application visible to the caller")
@APIResponse(responseCode = "409", description = "illegal-transition: the state does not allow the command; `allowed` names those it does")
@APIResponse(responseCode = "412", description = "If-Match is not the current ETag: the case changed meanwhile")
@APIResponse(responseCode = "422", description = "A rule of the legal clock refuses the command (e.g. a pledge the item does not allow)")
@APIResponse(responseCode = "428", description = "If-Match is missing on a command")
public class ApplicationResource {

    @Inject
    ApplicationService applications;

    @Inject
    io.xiaoneng.approval.application.app.TrackingRateLimit trackingLimit;

    @Inject
    SupervisionQueries queries;

    @Inject
    CaseAccess access;

    @Inject
    IdempotentRequests idempotency;

    @Inject
    WindowService windows;

    @Inject
    LegalTime time;

    @Inject
    Calendars calendars;

    // --- bodies ---------------------------------------------------------------------------------------------------

    public record ApplicantBody(@NotNull ApplicantKind kind, @NotBlank @Size(max = 200) String name,
                                @NotBlank @Size(max = 30) String idNumber, @Size(max = 30) String phone) {}

    public record NewApplicationBody(
            @NotBlank @Size(max = 60) String itemCode,
            @NotNull @Valid ApplicantBody applicant,
            Channel channel,
            @Size(max = 100) String applicantAccount,
            @Size(max = 100) String firstInquiryOfficer,
            @Size(max = 100) String agent,
            @Schema(description = "The service-center window that received the filing (window and agency filings by the center's staff): in service, serving the handling department")
            @Size(max = 40) String window,
            @Size(max = 100) List<@NotBlank @Size(max = 300) String> materials) {}

    /** {@code deadline} optional: at most (and by default) {@code xiaoneng.approval.pledge.limit-days} working days from today. */
    public record PledgeBody(@NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 300) String> missingMaterials, LocalDate deadline) {}

    public record PledgeFulfilmentBody(@NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 300) String> materials) {}

    public record AcceptanceBody(@Valid PledgeBody pledge) {}

    public record RejectionBody(@NotBlank @Size(max = 2000) String reason, @NotBlank @Size(max = 2000) String remedy) {}

    public record SupplementRequestBody(@NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 300) String> missingMaterials,
                                        @Size(max = 1000) String note) {}

    public record ResubmissionBody(@Size(max = 100) List<@NotBlank @Size(max = 300) String> materials) {}

    public record ApprovalBody(@Size(max = 2000) String note) {}

    public record DenialBody(@NotBlank @Size(max = 4000) String reasons) {}

    public record DeliveryBody(@NotNull DeliveryMethod method, @Size(max = 100) String certificateNumber) {}

    public record WithdrawalBody(@Size(max = 2000) String reason) {}

    public record PauseBody(@NotNull PauseReason reason, @Size(max = 1000) String note) {}

    public record ExtensionBody(@NotBlank @Size(max = 2000) String reason, @Min(1) @Max(3650) Integer days) {}

    // --- filing and reads -----------------------------------------------------------------------------------------

    @POST
    @RolesAllowed({Roles.APPLICANT, Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.INTEGRATION})
    @Operation(operationId = "submitApplication", summary = "File an application (applicant online, window staff, platforms); honours Idempotency-Key",
            description = "The item version current now is kept with the case. The answer carries, this once, the verification code for anonymous tracking.")
    @APIResponse(responseCode = "403", description = "`external-reference-required`: platforms file through `POST /api/v1/applications/external`")
    @APIResponse(responseCode = "201", description = "Filed; Location, ETag",
            content = @Content(schema = @Schema(implementation = FiledView.class)))
    public Response submit(
            @Parameter(description = "Makes retries safe: 1-255 printable ASCII characters, e.g. a UUID")
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @NotNull NewApplicationBody body) {
        if (access.isPlatform()) {
            // A platform's filing must carry its own reference, or neither its retries nor its status queries
            // can find the case again (issue 7: unique per client); that is what the external endpoint enforces.
            throw new ProblemException(403, "external-reference-required", "platform.external-reference-required");
        }
        return idempotency.execute(idempotencyKey, body, () -> {
            ApplicationService.Filed filed = applications.submit(new ApplicationService.NewApplication(body.itemCode(),
                    body.applicant().kind(), body.applicant().name(), body.applicant().idNumber(), body.applicant().phone(),
                    body.channel(), body.applicantAccount(), body.firstInquiryOfficer(), body.agent(), body.window(), body.materials()));
            Application a = filed.application();
            return EntityTags.created("/api/v1/applications/" + a.id, new FiledView(view(a), filed.verificationCode()), a.version);
        });
    }

    @GET
    @Operation(operationId = "listApplications", summary = "Applications the caller may see: his own, his department's, or all (supervisors)")
    @APIResponse(responseCode = "200", description = "One page of the applications the caller may see, with the total")
    public PageOf<ApplicationSummary> list(@QueryParam("status") ApplicationStatus status,
                                           @QueryParam("department") @Size(max = 40) String department,
                                           @Parameter(description = "Only cases with a pledge (容缺受理) in this state, e.g. BROKEN")
                                           @QueryParam("pledge") PledgeStatus pledge,
                                           @Valid @BeanParam PageRequest page) {
        return applications.list(status, department, pledge, page).map(a -> ApplicationViews.summary(a, access.seesPersonalData(a)));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getApplication", summary = "One application with its clock, light, sub-cases and the departments it waits for; ETag")
    @APIResponse(responseCode = "200", description = "The case", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response get(@PathParam("id") UUID id) {
        Application a = applications.get(id);
        return EntityTags.ok(view(a), a.version);
    }

    @GET
    @Path("/{id}/history")
    @Operation(operationId = "getApplicationHistory", summary = "The audit trail of a case: who, when, command, from, to, details")
    @APIResponse(responseCode = "200", description = "The case's history, oldest entry first")
    public List<ApplicationService.HistoryEntry> history(@PathParam("id") UUID id) {
        return applications.history(id);
    }

    @GET
    @Path("/tracking/{trackingNumber}")
    @PermitAll
    @Operation(operationId = "trackApplication", summary = "Follow a case without signing in: tracking number + verification code; no personal data",
            description = "An unknown number and a wrong code give the same 404.")
    @APIResponse(responseCode = "200", description = "Where the case stands", content = @Content(schema = @Schema(implementation = TrackingView.class)))
    @APIResponse(responseCode = "429", description = "Too many look-ups from this address; Retry-After says when to try again")
    public TrackingView track(@PathParam("trackingNumber") @Size(max = 32) String trackingNumber,
                              @QueryParam("code") @Size(max = 64) String code,
                              @jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerRequest request) {
        // the client address; behind a proxy enable quarkus.http.proxy.proxy-address-forwarding (trusted proxies only)
        trackingLimit.check(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        Application a = applications.track(trackingNumber, code);
        return ApplicationViews.tracking(a, calendars.current(), time.rules(), time.today());
    }

    @GET
    @Path("/statistics")
    @RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.ADMIN, Roles.EVALUATOR})
    @Operation(operationId = "applicationStatistics", summary = "Received, accepted, completed, on-time rate, average working days, parallel approvals, current lights",
            description = "Officials: their own department (the default). Supervisors: any department, or the county without the parameter. "
                    + "With `window`: only the filings that window received (an official: his department's at that window).")
    @APIResponse(responseCode = "200", description = "The figures of the department, the window or the county")
    @APIResponse(responseCode = "404", description = "No such window")
    public SupervisionQueries.Statistics statistics(@QueryParam("department") @Size(max = 40) String department,
                                                    @Parameter(description = "A service-center window code") @QueryParam("window") @Size(max = 40) String window) {
        if (!access.seesAll()) {
            String own = access.officialDepartment().orElseThrow(CaseAccess::forbidden);
            if (department != null && !department.equals(own)) {
                throw CaseAccess.forbidden();
            }
            department = own;
        }
        if (window != null) {
            windows.get(window); // 404 for an unknown window
        }
        return queries.statistics(department, window);
    }

    // --- commands -------------------------------------------------------------------------------------------------

    @POST
    @Path("/{id}/acceptance")
    @Operation(operationId = "acceptApplication", summary = "Accept (受理); with a pledge (容缺受理) where the item version allows it")
    @APIResponse(responseCode = "200", description = "Accepted; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response accept(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid AcceptanceBody body) {
        Application.Pledge pledge = body == null || body.pledge() == null ? null
                : new Application.Pledge(body.pledge().missingMaterials(), body.pledge().deadline());
        return run(id, ifMatch, Command.ACCEPTANCE, null, (a, act) -> a.accept(act, pledge));
    }

    @POST
    @Path("/{id}/rejection")
    @Operation(operationId = "rejectApplication", summary = "Do not accept (不予受理), with reason and remedy")
    @APIResponse(responseCode = "200", description = "Not accepted; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response reject(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull RejectionBody body) {
        return run(id, ifMatch, Command.REJECTION, null, (a, act) -> a.reject(act, body.reason(), body.remedy()));
    }

    @POST
    @Path("/{id}/supplement-request")
    @Operation(operationId = "requestSupplement", summary = "The one notice listing every missing material (一次性告知); the acceptance clock stops")
    @APIResponse(responseCode = "200", description = "Supplement requested, the acceptance clock stopped; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response requestSupplement(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull SupplementRequestBody body) {
        return run(id, ifMatch, Command.SUPPLEMENT_REQUEST, null, (a, act) -> a.requestSupplement(act, body.missingMaterials(), body.note()));
    }

    @POST
    @Path("/{id}/resubmission")
    @Operation(operationId = "resubmitApplication", summary = "Hand in the missing materials; a new acceptance clock starts")
    @APIResponse(responseCode = "200", description = "Materials handed in, a new acceptance clock running; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response resubmit(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid ResubmissionBody body) {
        return run(id, ifMatch, Command.RESUBMISSION, null, (a, act) -> a.resubmit(act, body == null ? null : body.materials()));
    }

    @POST
    @Path("/{id}/review")
    @Operation(operationId = "startReview", summary = "Start the substantive review")
    @APIResponse(responseCode = "200", description = "Under review; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response review(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return run(id, ifMatch, Command.REVIEW, null, Application::startReview);
    }

    @POST
    @Path("/{id}/approval")
    @Operation(operationId = "approveApplication", summary = "Grant the licence (approver or dept-head)")
    @APIResponse(responseCode = "200", description = "Approved; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response approve(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid ApprovalBody body) {
        return run(id, ifMatch, Command.APPROVAL, null, (a, act) -> a.approve(act, body == null ? null : body.note()));
    }

    @POST
    @Path("/{id}/denial")
    @Operation(operationId = "denyApplication", summary = "Refuse the licence, with reasons (approver or dept-head)")
    @APIResponse(responseCode = "200", description = "Denied; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response deny(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull DenialBody body) {
        return run(id, ifMatch, Command.DENIAL, null, (a, act) -> a.deny(act, body.reasons()));
    }

    @POST
    @Path("/{id}/sub-cases/{department}/approval")
    @Operation(operationId = "approveSubCase", summary = "Parallel approval: one department approves its part")
    @APIResponse(responseCode = "200", description = "The department's part approved; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response approveSubCase(@PathParam("id") UUID id, @PathParam("department") String department,
                                   @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return run(id, ifMatch, Command.SUB_CASE_APPROVAL, department, (a, act) -> a.decideSubCase(act, department, true, null));
    }

    @POST
    @Path("/{id}/sub-cases/{department}/denial")
    @Operation(operationId = "denySubCase", summary = "Parallel approval: one department refuses its part, with reasons; the case is denied")
    @APIResponse(responseCode = "200", description = "The department's part refused, the case denied; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response denySubCase(@PathParam("id") UUID id, @PathParam("department") String department,
                                @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull DenialBody body) {
        return run(id, ifMatch, Command.SUB_CASE_DENIAL, department, (a, act) -> a.decideSubCase(act, department, false, body.reasons()));
    }

    @POST
    @Path("/{id}/certificate-delivery")
    @Operation(operationId = "deliverCertificate", summary = "The licence (or the written denial) reached the applicant")
    @APIResponse(responseCode = "200", description = "Delivery recorded; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response deliver(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull DeliveryBody body) {
        return run(id, ifMatch, Command.CERTIFICATE_DELIVERY, null, (a, act) -> a.deliverCertificate(act, body.method(), body.certificateNumber()));
    }

    @POST
    @Path("/{id}/completion")
    @Operation(operationId = "completeApplication", summary = "Close the case (办结)")
    @APIResponse(responseCode = "200", description = "Completed; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response complete(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return run(id, ifMatch, Command.COMPLETION, null, Application::complete);
    }

    @POST
    @Path("/{id}/withdrawal")
    @Operation(operationId = "withdrawApplication", summary = "The applicant withdraws, before the decision")
    @APIResponse(responseCode = "200", description = "Withdrawn; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response withdraw(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid WithdrawalBody body) {
        return run(id, ifMatch, Command.WITHDRAWAL, null, (a, act) -> a.withdraw(act, body == null ? null : body.reason()));
    }

    @POST
    @Path("/{id}/pauses")
    @Operation(operationId = "pauseApplication", summary = "Stop the decision clock for a hearing, inspection, testing, … (art. 45)")
    @APIResponse(responseCode = "200", description = "The decision clock stopped; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response pause(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull PauseBody body) {
        return run(id, ifMatch, Command.PAUSE, null, (a, act) -> a.pause(act, body.reason(), body.note()));
    }

    @POST
    @Path("/{id}/resumption")
    @Operation(operationId = "resumeApplication", summary = "Restart the decision clock; the paused working days did not count")
    @APIResponse(responseCode = "200", description = "The decision clock running again; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response resume(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return run(id, ifMatch, Command.RESUMPTION, null, Application::resume);
    }

    @POST
    @Path("/{id}/extension")
    @Operation(operationId = "extendApplication", summary = "The one extension of the decision limit, by the department head, with a reason (art. 42)")
    @APIResponse(responseCode = "200", description = "The decision limit extended; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response extend(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull ExtensionBody body) {
        return run(id, ifMatch, Command.EXTENSION, null, (a, act) -> a.extend(act, body.days(), body.reason()));
    }

    @POST
    @Path("/{id}/pledge-fulfilment")
    @Operation(operationId = "fulfilPledge", summary = "The materials pledged at acceptance (容缺受理) are handed in; closes the pledge (late if it was broken)",
            description = "Every pledged material must be among `materials` (422 `pledge-materials-missing` names those still missing). "
                    + "Clerk, approver or dept-head of the handling department; the case must be accepted, under review or paused.")
    @APIResponse(responseCode = "200", description = "The pledge closed; the case with its new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response fulfilPledge(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                                 @Valid @NotNull PledgeFulfilmentBody body) {
        return run(id, ifMatch, Command.PLEDGE_FULFILMENT, null, (a, act) -> a.fulfilPledge(act, body.materials()));
    }

    private Response run(UUID id, String ifMatch, Command command, String department,
                         BiFunction<Application, Application.Act, Transition> action) {
        IfMatch precondition = IfMatch.required(ifMatch);
        Application a = applications.execute(id, precondition, command, department, action);
        return EntityTags.ok(view(a), a.version);
    }

    private ApplicationView view(Application a) {
        boolean full = access.seesPersonalData(a);
        Identity identity = full
                ? new Identity(applications.applicantId(a), applications.applicantPhone(a), true)
                : new Identity(a.applicantIdMasked, a.applicantPhoneMasked, false);
        return ApplicationViews.of(a, identity, calendars.current(), time.rules(), time.today());
    }
}
