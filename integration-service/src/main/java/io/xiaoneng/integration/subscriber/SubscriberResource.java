package io.xiaoneng.integration.subscriber;

import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Subscriber endpoints of the outbound push, registered by an administrator. */
@Path("/api/v1/integration/subscribers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subscribers", description = "Endpoints that receive the signed push of application and complaint events")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.ADMIN)
@APIResponse(responseCode = "400", description = "Invalid fields or parameters")
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not an administrator")
@APIResponse(responseCode = "404", description = "No such subscriber")
public class SubscriberResource {

    @Inject
    SubscriberService subscribers;

    public record NewSubscriberBody(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 2000) @Schema(description = "http(s) URL the events are POSTed to") String url,
            @NotEmpty @Size(max = 50) List<@NotNull @Size(max = 200) @Pattern(regexp = EventTypeFilter.PATTERN) String> eventTypes,
            @Size(max = 100) @Pattern(regexp = "[a-z0-9][a-z0-9-]*") String ownerClient) {}

    public record SubscriberView(UUID id, String name, String url, List<String> eventTypes, String ownerClient, boolean active,
                                 Instant createdAt, String createdBy) {
        static SubscriberView of(Subscriber s) {
            return new SubscriberView(s.id, s.name, s.url, s.eventTypeList(), s.ownerClient, s.active, s.createdAt, s.createdBy);
        }
    }

    /** The registration answer: {@code secret} appears here once and never again. */
    public record RegisteredView(SubscriberView subscriber, String secret) {}

    @POST
    @Operation(operationId = "registerSubscriber", summary = "Register a subscriber endpoint; the HMAC secret is shown once in the answer")
    @APIResponse(responseCode = "201", description = "Registered; Location", content = @Content(schema = @Schema(implementation = RegisteredView.class)))
    public Response register(@Valid @NotNull NewSubscriberBody body) {
        SubscriberService.Registered r = subscribers.register(
                new SubscriberService.NewSubscriber(body.name(), body.url(), body.eventTypes(), body.ownerClient()));
        return Response.created(URI.create("/api/v1/integration/subscribers/" + r.subscriber().id))
                .entity(new RegisteredView(SubscriberView.of(r.subscriber()), r.secret())).build();
    }

    @GET
    @Operation(operationId = "listSubscribers", summary = "Registered subscribers, newest first (never their secrets)")
    @APIResponse(responseCode = "200", description = "A page of subscribers")
    public PageOf<SubscriberView> list(@Valid @BeanParam PageRequest page) {
        return subscribers.list(page).map(SubscriberView::of);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getSubscriber", summary = "One subscriber (never its secret)")
    @APIResponse(responseCode = "200", description = "The subscriber", content = @Content(schema = @Schema(implementation = SubscriberView.class)))
    public SubscriberView get(@PathParam("id") UUID id) {
        return SubscriberView.of(subscribers.get(id));
    }

    @POST
    @Path("/{id}/deactivation")
    @Operation(operationId = "deactivateSubscriber", summary = "Stop pushing to a subscriber; its pending deliveries are dead-lettered on their next attempt")
    @APIResponse(responseCode = "200", description = "Deactivated", content = @Content(schema = @Schema(implementation = SubscriberView.class)))
    public SubscriberView deactivate(@PathParam("id") UUID id) {
        return SubscriberView.of(subscribers.deactivate(id));
    }
}
