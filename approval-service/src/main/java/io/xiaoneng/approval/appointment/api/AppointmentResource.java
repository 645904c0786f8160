package io.xiaoneng.approval.appointment.api;

import io.quarkus.security.Authenticated;
import io.xiaoneng.approval.appointment.app.AppointmentService;
import io.xiaoneng.approval.appointment.app.AppointmentService.Booked;
import io.xiaoneng.approval.appointment.app.Caller;
import io.xiaoneng.approval.appointment.domain.Appointment;
import io.xiaoneng.approval.appointment.domain.SlotKind;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.platform.http.IdempotentRequests;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.security.CurrentUser;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Bookings (预约). An applicant books, lists and cancels his own; a clerk of the window books on an applicant's
 * behalf and marks attendance and no-shows; the officials of the window's departments list its bookings.
 */
@Path("/api/v1/appointments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Appointments")
@SecurityRequirement(name = "SecurityScheme")
@Authenticated
@APIResponse(responseCode = "401", description = "Missing or invalid token")
public class AppointmentResource {

    @Inject
    AppointmentService appointments;

    @Inject
    IdempotentRequests idempotency;

    @Inject
    CurrentUser user;

    public record AppointmentView(UUID id, long slotId, String windowCode, LocalDate date, LocalTime start, LocalTime end,
                                  OffsetDateTime startsAt, SlotKind kind, String applicant, String bookedBy, String itemCode,
                                  Appointment.Status status, OffsetDateTime createdAt, OffsetDateTime closedAt, String closedBy,
                                  @Schema(description = "Why the service center cancelled the booking (its slot was removed); null otherwise")
                                  String cancellationReason,
                                  @Schema(description = "The commands the current state allows: cancel, attend, no-show")
                                  List<String> allowed) {
        static AppointmentView of(Booked b) {
            Appointment a = b.appointment();
            SlotResource.SlotView s = SlotResource.SlotView.of(b.slot());
            return new AppointmentView(a.id, s.id(), a.windowCode, s.date(), s.start(), s.end(), s.startsAt(), s.kind(),
                    a.applicant, a.bookedBy, a.itemCode, a.status, a.createdAt, a.closedAt, a.closedBy, a.cancellationReason,
                    a.allowedCommands());
        }
    }

    public record NewAppointment(
            @NotNull Long slotId,
            @Schema(description = "Implementation code (实施编码) of the approval item to be handled")
            @NotBlank @Size(max = 60) @Pattern(regexp = "[0-9A-Za-z-]+") String itemCode,
            @Schema(description = "Username of the applicant; only when a clerk of the window books on his behalf")
            @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+") String applicant) {}

    @POST
    @Operation(operationId = "bookAppointment", summary = "Book a place in a slot (applicant, or a clerk of the window on an applicant's behalf); honours Idempotency-Key")
    @APIResponse(responseCode = "201", description = "Booked (or the replay of the first response to this Idempotency-Key)",
            headers = @Header(name = "Location"), content = @Content(schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "403", description = "Not an applicant; booking for someone else without being a clerk of the window")
    @APIResponse(responseCode = "409", description = "slot-full: no place left; already-booked: the applicant holds a booking of this slot; "
            + "conflict: the slot has started")
    @APIResponse(responseCode = "422", description = "Unknown slot; inactive window; a cancelled item or one of another department; Idempotency-Key reused")
    public Response book(
            @Parameter(description = "Makes retries safe: 1-255 printable ASCII characters, e.g. a UUID")
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @NotNull NewAppointment body) {
        Caller caller = Caller.of(user);
        return idempotency.execute(idempotencyKey, body, () -> {
            Booked b = appointments.book(caller, body.slotId(), body.itemCode(), Optional.ofNullable(body.applicant()));
            return Response.created(URI.create("/api/v1/appointments/" + b.appointment().id)).entity(AppointmentView.of(b)).build();
        });
    }

    @GET
    @Path("/mine")
    @Operation(operationId = "listMyAppointments", summary = "The caller's own appointments, by slot time")
    @APIResponse(responseCode = "200", description = "One page of the caller's appointments, with the total")
    public PageOf<AppointmentView> mine(@QueryParam("status") Appointment.Status status, @Valid @BeanParam PageRequest page) {
        return appointments.mine(Caller.of(user), Optional.ofNullable(status), page).map(AppointmentView::of);
    }

    @GET
    @Operation(operationId = "listWindowAppointments", summary = "A window's bookings, optionally of one day (officials of the window's departments, county-wide roles)")
    @APIResponse(responseCode = "200", description = "One page of the window's bookings, with the total")
    @APIResponse(responseCode = "403", description = "Not an official of a department the window serves")
    @APIResponse(responseCode = "404", description = "No such window")
    public PageOf<AppointmentView> forWindow(@QueryParam("window") @NotBlank String window,
                                             @QueryParam("date") LocalDate date,
                                             @QueryParam("status") Appointment.Status status,
                                             @Valid @BeanParam PageRequest page) {
        return appointments.forWindow(Caller.of(user), window, Optional.ofNullable(date), Optional.ofNullable(status), page)
                .map(AppointmentView::of);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getAppointment", summary = "One appointment (its applicant, officials of its window, county-wide roles)")
    @APIResponse(responseCode = "200", description = "The appointment")
    @APIResponse(responseCode = "404", description = "No such appointment, or not yours to see")
    public AppointmentView get(@PathParam("id") UUID id) {
        return AppointmentView.of(appointments.get(Caller.of(user), id));
    }

    @POST
    @Path("/{id}/cancellation")
    @Operation(operationId = "cancelAppointment", summary = "The applicant cancels his booking (until the slot starts)")
    @APIResponse(responseCode = "200", description = "Cancelled; the appointment")
    @APIResponse(responseCode = "403", description = "Not the applicant's own booking")
    @APIResponse(responseCode = "409", description = "Not BOOKED (illegal-transition), or the slot has started (conflict)")
    public AppointmentView cancel(@PathParam("id") UUID id) {
        return AppointmentView.of(appointments.cancel(Caller.of(user), id));
    }

    @POST
    @Path("/{id}/attendance")
    @Operation(operationId = "markAttended", summary = "A clerk of the window records that the applicant came (from the slot's day on)")
    @APIResponse(responseCode = "200", description = "Attended; the appointment")
    @APIResponse(responseCode = "403", description = "Not a clerk of a department the window serves")
    @APIResponse(responseCode = "409", description = "Not BOOKED (illegal-transition), or before the slot's day (conflict)")
    public AppointmentView attend(@PathParam("id") UUID id) {
        return AppointmentView.of(appointments.markAttended(Caller.of(user), id));
    }

    @POST
    @Path("/{id}/no-show")
    @Operation(operationId = "markNoShow", summary = "A clerk of the window records that the applicant did not come (after the slot ended)")
    @APIResponse(responseCode = "200", description = "Marked a no-show; the appointment")
    @APIResponse(responseCode = "403", description = "Not a clerk of a department the window serves")
    @APIResponse(responseCode = "409", description = "Not BOOKED (illegal-transition), or the slot has not ended (conflict)")
    public AppointmentView noShow(@PathParam("id") UUID id) {
        return AppointmentView.of(appointments.markNoShow(Caller.of(user), id));
    }
}
