package io.xiaoneng.complaint.integration;

import io.xiaoneng.complaint.api.ComplaintResource.ComplainantBody;
import io.xiaoneng.complaint.app.ComplaintService;
import io.xiaoneng.complaint.domain.Channel;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.platform.http.IdempotentRequests;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Inbound integration (issue 7): the provincial and city platforms forward complaints under their own reference
 * (unique per client) and follow them by it. Registration goes through {@link ComplaintService#register}, as for
 * every other channel; the reference doubles as the complaint's {@code forwardedReference}.
 */
@Path("/api/v1/complaints/external")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Integration", description = "Provincial and city platforms: forwarding and status by their own reference")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.INTEGRATION)
@APIResponse(responseCode = "400", description = "Invalid fields or a missing Idempotency-Key")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not a platform client (role integration)")
public class ExternalComplaintResource {

    static final String REFERENCE = "[A-Za-z0-9][A-Za-z0-9._/-]*";
    static final String CODE = "[a-z0-9][a-z0-9-]*";

    @Inject
    ComplaintService complaints;

    @Inject
    ComplaintReferences references;

    @Inject
    PlatformClient client;

    @Inject
    IdempotentRequests idempotency;

    public record ExternalComplaintBody(
            @NotBlank @Size(max = 100) @Pattern(regexp = REFERENCE) String externalReference,
            @Schema(description = "PROVINCE or CITY") @NotNull Channel channel,
            @NotBlank @Size(max = 40) String category,
            @NotBlank @Size(max = 4000) String description,
            @Size(max = 40) @Pattern(regexp = CODE) String targetDepartment,
            @Size(max = 40) @Pattern(regexp = CODE) String post,
            UUID applicationId,
            @Size(max = 300) String address,
            @DecimalMin("-90") @DecimalMax("90") Double lat,
            @DecimalMin("-180") @DecimalMax("180") Double lon,
            boolean anonymous,
            @Valid ComplainantBody complainant) {}

    /** Where the forwarded complaint stands; never the complainant. */
    public record ExternalStatusView(String externalReference, UUID id, String reference, Channel channel, String category,
                                     ComplaintStatus status, UUID mergedInto, Instant receivedAt, Instant acceptedAt,
                                     Instant handledAt, Instant repliedAt, Instant closedAt, LocalDate stepDueOn) {
        static ExternalStatusView of(String externalReference, Complaint c) {
            return new ExternalStatusView(externalReference, c.id, c.reference, c.channel, c.category, c.status, c.mergedInto,
                    c.receivedAt, c.acceptedAt, c.handledAt, c.repliedAt, c.closedAt, c.stepDueOn);
        }
    }

    /** The forwarding answer: the tracking code appears here once. */
    public record ExternalRegisteredView(ExternalStatusView complaint, String trackingCode) {}

    @POST
    @Operation(operationId = "forwardExternalComplaint",
            summary = "Forward a complaint under the platform's own reference; Idempotency-Key required",
            description = "A replay with the same key returns the first answer; the same key with a different body is 422; "
                    + "another key with a reference already used by this client is 409 naming the existing complaint.")
    @APIResponse(responseCode = "201", description = "Registered; Location of the complaint, ETag",
            content = @Content(schema = @Schema(implementation = ExternalRegisteredView.class)))
    @APIResponse(responseCode = "409", description = "integration.reference-taken: the reference names an existing complaint (existingId)")
    @APIResponse(responseCode = "422", description = "Unknown category or department, a channel not the platform's, or the key reused with another body")
    public Response forward(
            @Parameter(description = "Required: 1-255 printable ASCII characters, e.g. a UUID", required = true)
            @NotBlank @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @NotNull ExternalComplaintBody body) {
        return idempotency.execute(idempotencyKey, body, () -> {
            String platform = client.id();
            references.requireFree(platform, body.externalReference());
            ComplaintService.Registered r = complaints.register(new ComplaintService.NewComplaint(body.channel(), body.category(),
                    body.description(), body.targetDepartment(), body.post(), body.applicationId(), null,
                    body.externalReference(), body.address(), body.lat(), body.lon(), body.anonymous(),
                    body.complainant() == null ? null : new ComplaintService.Complainant(body.complainant().name(),
                            body.complainant().phone(), body.complainant().contact())));
            Complaint c = r.complaint();
            references.bind(platform, body.externalReference(), c.id);
            return EntityTags.created("/api/v1/complaints/" + c.id, new ExternalRegisteredView(ExternalStatusView.of(body.externalReference(), c), r.trackingCode()), c.version);
        });
    }

    @GET
    @Path("/{externalReference}")
    @Operation(operationId = "getExternalComplaintStatus", summary = "Status of the platform's own complaint by its reference")
    @APIResponse(responseCode = "200", description = "Where the complaint stands",
            content = @Content(schema = @Schema(implementation = ExternalStatusView.class)))
    @APIResponse(responseCode = "404", description = "No complaint under this reference for the calling client")
    public ExternalStatusView status(@PathParam("externalReference") @Size(max = 100) String externalReference) {
        UUID id = references.find(client.id(), externalReference)
                .orElseThrow(() -> new NotFoundProblem(ComplaintService.KIND, externalReference));
        return ExternalStatusView.of(externalReference, complaints.get(id));
    }
}
