package io.xiaoneng.platform.events;

import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The dead letters of a service's event channels for its administrators ({@link DeadLetters}): the recent ones, one,
 * and its redrive once the cause is fixed. A service whose channels use {@link DeadLetterTopic} subclasses it as an
 * {@code @ApplicationScoped} resource with its own {@code @Path} ({@code /api/v1/admin/<service>/dead-letters}, a
 * prefix the gateway routes to it) and {@code @Tag}.
 */
@Produces(MediaType.APPLICATION_JSON) // here, not on the subclass: the document takes it from the declaring class
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not an administrator")
@APIResponse(responseCode = "503", description = "Kafka cannot be read now (Retry-After)")
public abstract class DeadLetterEndpoint {

    @Inject
    DeadLetters deadLetters;

    @Inject
    CurrentUser user;

    @GET
    @Operation(operationId = "listDeadLetters",
            summary = "The service's most recent dead letters, newest first: where each came from, why, and its last redrive")
    @APIResponse(responseCode = "200", description = "The dead letters and how many the topic retains",
            content = @Content(schema = @Schema(implementation = DeadLetters.Listing.class)))
    public DeadLetters.Listing list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return deadLetters.recent(limit);
    }

    @POST
    @Path("/redrive")
    @Operation(operationId = "redriveDeadLetters",
            summary = "Redrive the most recent dead letters no redrive has applied yet (of one channel, if named), oldest first; after a fix that concerns many (admin, each audited)")
    @APIResponse(responseCode = "200", description = "How many were considered, their outcomes, and those that failed again with the kind of failure",
            content = @Content(schema = @Schema(implementation = DeadLetters.BulkRedrive.class)))
    @APIResponse(responseCode = "400", description = "A channel this service does not have, or a limit outside 1–500 (nothing redriven)")
    public DeadLetters.BulkRedrive redriveAll(
            @Parameter(description = "Only this channel's dead letters (as listed)") @QueryParam("channel") String channel,
            @Parameter(description = "How many of the most recent dead letters to consider",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "100"))
            @QueryParam("limit") String limit, @Context UriInfo uri) {
        // Parsed here, not by the framework: a write must refuse an empty or malformed value, not take the default
        // (the framework hands an empty value over as if it had not been sent).
        MultivaluedMap<String, String> sent = uri.getQueryParameters();
        if (sent.containsKey("channel") && (channel == null || channel.isEmpty())) {
            throw BadRequestProblem.validationFailed().withFieldError("channel", "invalid-value");
        }
        return deadLetters.redriveAll(channel, bulkLimit(sent.containsKey("limit") ? (limit == null ? "" : limit) : null),
                user.username());
    }

    static int bulkLimit(String value) {
        if (value == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 500) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw BadRequestProblem.validationFailed().withFieldError("limit", "integer-range", 1, 500);
    }

    @GET
    @Path("/{partition}/{offset}")
    @Operation(operationId = "getDeadLetter", summary = "One dead letter by its partition and offset in the dead-letter topic")
    @APIResponse(responseCode = "200", description = "The dead letter",
            content = @Content(schema = @Schema(implementation = DeadLetters.DeadLetter.class)))
    @APIResponse(responseCode = "404", description = "No such dead letter (never written, or past the topic's retention)")
    public DeadLetters.DeadLetter get(@PathParam("partition") @Min(0) int partition, @PathParam("offset") @Min(0) long offset) {
        return deadLetters.get(partition, offset);
    }

    @POST
    @Path("/{partition}/{offset}/redrive")
    @Operation(operationId = "redriveDeadLetter",
            summary = "Apply a dead letter through its channel's path again, after its cause is fixed; safe to repeat (admin, audited)")
    @APIResponse(responseCode = "200", description = "Redriven: APPLIED, DUPLICATE (applied before) or IGNORED (nothing to do for it)",
            content = @Content(schema = @Schema(implementation = DeadLetters.Redrive.class)))
    @APIResponse(responseCode = "404", description = "No such dead letter")
    @APIResponse(responseCode = "422", description = "It fails again (the reason is in the service's log), or its channel is unknown here; nothing changed")
    public DeadLetters.Redrive redrive(@PathParam("partition") @Min(0) int partition, @PathParam("offset") @Min(0) long offset) {
        return deadLetters.redrive(partition, offset, user.username());
    }
}
