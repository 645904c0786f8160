package io.xiaoneng.approval.integration;

import io.xiaoneng.approval.application.api.ApplicationResource.ApplicantBody;
import io.xiaoneng.approval.application.app.ApplicationService;
import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.application.domain.ApplicationStatus;
import io.xiaoneng.approval.application.domain.Channel;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.platform.http.IdempotentRequests;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
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
import java.util.List;
import java.util.UUID;

/**
 * Inbound integration (issue 7): the provincial and city platforms (client-credentials clients with role
 * {@code integration}) file applications under their own reference and follow them by it. Filing goes through the
 * same {@link ApplicationService#submit} as every other channel; this resource adds only the reference, unique per
 * client, and the mandatory {@code Idempotency-Key}.
 */
@Path("/api/v1/applications/external")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Integration", description = "Provincial and city platforms: filing and status by their own reference")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.INTEGRATION)
@APIResponse(responseCode = "400", description = "Invalid fields or a missing Idempotency-Key")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not a platform client (role integration)")
public class ExternalApplicationResource {

    /** Letters, digits and {@code - _ . /}: a platform's case number as it writes it. */
    static final String REFERENCE = "[A-Za-z0-9][A-Za-z0-9._/-]*";

    @Inject
    ApplicationService applications;

    @Inject
    ApplicationReferences references;

    @Inject
    PlatformClient client;

    @Inject
    IdempotentRequests idempotency;

    public record ExternalApplicationBody(
            @NotBlank @Size(max = 100) @Pattern(regexp = REFERENCE) String externalReference,
            @NotBlank @Size(max = 60) String itemCode,
            @NotNull @Valid ApplicantBody applicant,
            @Schema(description = "The calling platform's own channel, its default: PROVINCIAL_PLATFORM for province-platform, CITY_PLATFORM for city-platform (xiaoneng.approval.platforms.channels); another → 422") Channel channel,
            @Size(max = 100) List<@NotBlank @Size(max = 300) String> materials) {}

    /** Where the platform's case stands; no personal data beyond what the platform sent. */
    public record ExternalStatusView(String externalReference, UUID id, String trackingNumber, String itemCode, String itemName,
                                     String department, Channel channel, ApplicationStatus status, Instant submittedAt,
                                     LocalDate receivedOn, LocalDate acceptedOn, Instant decidedAt, Instant completedAt,
                                     Instant withdrawnAt) {
        static ExternalStatusView of(String reference, Application a) {
            return new ExternalStatusView(reference, a.id, a.trackingNumber, a.itemCode, a.itemName, a.departmentCode, a.channel,
                    a.status, a.submittedAt, a.receivedOn, a.acceptedOn, a.decidedAt, a.completedAt, a.withdrawnAt);
        }
    }

    /** The filing answer: the verification code for anonymous tracking appears here once. */
    public record ExternalFiledView(ExternalStatusView application, String verificationCode) {}

    @POST
    @Operation(operationId = "submitExternalApplication",
            summary = "File an application under the platform's own reference; Idempotency-Key required",
            description = "A replay with the same key returns the first answer; the same key with a different body is 422; "
                    + "another key with a reference already used by this client is 409 naming the existing case.")
    @APIResponse(responseCode = "201", description = "Filed; Location of the case, ETag",
            content = @Content(schema = @Schema(implementation = ExternalFiledView.class)))
    @APIResponse(responseCode = "409", description = "integration.reference-taken: the reference names an existing case (existingId)")
    @APIResponse(responseCode = "422", description = "Unknown or cancelled item, a channel not the platform's, or the key reused with another body")
    public Response submit(
            @Parameter(description = "Required: 1-255 printable ASCII characters, e.g. a UUID", required = true)
            @NotBlank @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @NotNull ExternalApplicationBody body) {
        return idempotency.execute(idempotencyKey, body, () -> {
            String platform = client.id();
            references.requireFree(platform, body.externalReference());
            ApplicationService.Filed filed = applications.submit(new ApplicationService.NewApplication(body.itemCode(),
                    body.applicant().kind(), body.applicant().name(), body.applicant().idNumber(), body.applicant().phone(),
                    body.channel(), null, null, null, null, body.materials()));
            Application a = filed.application();
            references.bind(platform, body.externalReference(), a.id);
            return EntityTags.created("/api/v1/applications/" + a.id, new ExternalFiledView(ExternalStatusView.of(body.externalReference(), a), filed.verificationCode()), a.version);
        });
    }

    @GET
    @Path("/{externalReference}")
    @Operation(operationId = "getExternalApplicationStatus", summary = "Status of the platform's own case by its reference")
    @APIResponse(responseCode = "200", description = "Where the case stands",
            content = @Content(schema = @Schema(implementation = ExternalStatusView.class)))
    @APIResponse(responseCode = "404", description = "No case under this reference for the calling client")
    public ExternalStatusView status(@PathParam("externalReference") @Size(max = 100) String externalReference) {
        UUID id = references.find(client.id(), externalReference)
                .orElseThrow(() -> new NotFoundProblem("application", externalReference));
        return ExternalStatusView.of(externalReference, applications.get(id));
    }
}
