package io.xiaoneng.integration.delivery;

import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.UUID;

/** The delivery log of the outbound push and the administrator's replay. */
@Path("/api/v1/integration/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deliveries", description = "The delivery log of the signed push: attempts, outcomes, dead letters, replay")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.ADMIN)
@APIResponse(responseCode = "400", description = "Invalid parameters")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not an administrator")
@APIResponse(responseCode = "404", description = "No such delivery")
public class DeliveryResource {

    @Inject
    DeliveryService deliveries;

    /** {@code requestId}, {@code traceparent}: of the request behind the event, as sent on every push (null when none). */
    public record DeliveryView(UUID id, UUID subscriberId, String eventId, String eventType, String subject, String requestId,
                               String traceparent, DeliveryStatus status, int attempts, Instant nextAttemptAt, Instant lastAttemptAt,
                               Integer lastStatus, String lastError, Instant deliveredAt, Instant deadAt, Instant createdAt) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id, d.subscriberId, d.eventId, d.eventType, d.subject, d.requestId, d.traceparent, d.status,
                    d.attempts, d.status == DeliveryStatus.PENDING ? d.nextAttemptAt : null, d.lastAttemptAt, d.lastStatus,
                    d.lastError, d.deliveredAt, d.deadAt, d.createdAt);
        }
    }

    /** One delivery with the exact body that is sent (the CloudEvent in structured JSON). */
    public record DeliveryDetail(DeliveryView delivery, String payload) {}

    @GET
    @Operation(operationId = "listDeliveries", summary = "The delivery log, newest first; filter by subscriber, status, event type, subject, time")
    @APIResponse(responseCode = "200", description = "A page of deliveries")
    public PageOf<DeliveryView> list(@QueryParam("subscriber") UUID subscriber,
                                     @QueryParam("status") DeliveryStatus status,
                                     @QueryParam("eventType") @Size(max = 200) String eventType,
                                     @QueryParam("subject") @Size(max = 200) String subject,
                                     @QueryParam("from") OffsetDateTime from,
                                     @QueryParam("to") OffsetDateTime to,
                                     @Valid @BeanParam PageRequest page) {
        return deliveries.list(new DeliveryService.Filter(subscriber, status, eventType, subject,
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant()), page).map(DeliveryView::of);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getDelivery", summary = "One delivery and the body it sends")
    @APIResponse(responseCode = "200", description = "The delivery", content = @Content(schema = @Schema(implementation = DeliveryDetail.class)))
    public DeliveryDetail get(@PathParam("id") UUID id) {
        Delivery d = deliveries.get(id);
        return new DeliveryDetail(DeliveryView.of(d), d.payload);
    }

    @POST
    @Path("/{id}/replay")
    @Operation(operationId = "replayDelivery", summary = "Send a delivery again (a dead letter or any other) from a fresh series of attempts")
    @APIResponse(responseCode = "200", description = "Pending again", content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    public DeliveryView replay(@PathParam("id") UUID id) {
        return DeliveryView.of(deliveries.replay(id));
    }
}
