package io.xiaoneng.approval.appointment.api;

import io.quarkus.security.Authenticated;
import io.xiaoneng.approval.appointment.app.AppointmentClock;
import io.xiaoneng.approval.appointment.app.Caller;
import io.xiaoneng.approval.appointment.app.SlotService;
import io.xiaoneng.approval.appointment.domain.AppointmentSlot;
import io.xiaoneng.approval.appointment.domain.SlotKind;
import io.xiaoneng.platform.security.CurrentUser;
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
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Appointment slots of the windows. Anyone signed in sees them (to choose one); an administrator or the head of a
 * department the window serves defines them.
 */
@Path("/api/v1/appointment-slots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Appointments", description = "Appointments at the windows (预约): slots, bookings, cancellation, attendance and no-shows")
@SecurityRequirement(name = "SecurityScheme")
@Authenticated
@APIResponse(responseCode = "401", description = "Missing or invalid token")
public class SlotResource {

    @Inject
    SlotService slots;

    @Inject
    CurrentUser user;

    @Inject
    AppointmentClock clock;

    public record SlotView(long id, String windowCode, LocalDate date, LocalTime start, LocalTime end,
                           @Schema(description = "Start with offset (the center's time, +08:00)") OffsetDateTime startsAt,
                           OffsetDateTime endsAt, SlotKind kind, int capacity, int booked, int available) {
        public static SlotView of(AppointmentSlot s) {
            return new SlotView(s.id, s.windowCode, s.date, s.start, s.end,
                    s.date.atTime(s.start).atZone(AppointmentClock.ZONE).toOffsetDateTime(),
                    s.date.atTime(s.end).atZone(AppointmentClock.ZONE).toOffsetDateTime(),
                    s.kind, s.capacity, s.booked, s.capacity - s.booked);
        }
    }

    public record NewSlot(
            @NotBlank @Size(max = 40) String windowCode,
            @NotNull LocalDate date,
            @NotNull LocalTime start,
            @NotNull LocalTime end,
            @NotNull SlotKind kind,
            @Min(1) @Max(500) int capacity) {}

    public record TemplateTime(@NotNull LocalTime start, @NotNull LocalTime end, @Min(1) @Max(500) int capacity) {}

    public record SlotGeneration(
            @NotBlank @Size(max = 40) String windowCode,
            @NotNull LocalDate from,
            @NotNull LocalDate to,
            @NotNull SlotKind kind,
            @NotEmpty @Size(max = 24) List<@Valid @NotNull TemplateTime> times) {}

    public record GenerationView(int createdCount, List<SlotView> created, List<SlotService.SkippedDay> skippedDays,
                                 int alreadyExisting, int alreadyStarted) {}

    @GET
    @Operation(operationId = "listSlots", summary = "A window's slots in a date range (default: the next 14 days), optionally only those with free places")
    @APIResponse(responseCode = "200", description = "The window's slots in the range, by start time")
    @APIResponse(responseCode = "404", description = "No such window")
    @APIResponse(responseCode = "422", description = "Range reversed or longer than 92 days")
    public List<SlotView> list(@QueryParam("window") @NotBlank String window,
                               @QueryParam("from") LocalDate from,
                               @QueryParam("to") LocalDate to,
                               @QueryParam("available") @DefaultValue("false") boolean onlyAvailable) {
        LocalDate start = from != null ? from : clock.today();
        LocalDate end = to != null ? to : start.plusDays(13);
        return slots.list(window, start, end, onlyAvailable).stream().map(SlotView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getSlot", summary = "One slot, with its free places; ETag (the version of its definition)")
    @APIResponse(responseCode = "200", description = "The slot", content = @Content(schema = @Schema(implementation = SlotView.class)))
    @APIResponse(responseCode = "404", description = "No such slot (or removed)")
    public Response get(@PathParam("id") long id) {
        AppointmentSlot s = slots.get(id);
        return EntityTags.ok(SlotView.of(s), s.version);
    }

    public record SlotChangeBody(@NotNull LocalDate date, @NotNull LocalTime start, @NotNull LocalTime end,
                                 @Min(1) @Max(500) int capacity) {}

    public record RemovalView(long slotId, OffsetDateTime removedAt, String reason,
                              @Schema(description = "The bookings cancelled with the slot (their applicants are notified)")
                              int cancelledBookings, List<UUID> cancelledAppointmentIds) {}

    @PUT
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DEPT_HEAD})
    @Operation(operationId = "updateSlot", summary = "Change a slot's date, times or capacity (admin, or head of a department the window serves); If-Match",
            description = "The capacity never drops below the places booked; date and times change only while nobody has booked. "
                    + "A slot that has started cannot change. A change that changes nothing keeps the ETag.")
    @APIResponse(responseCode = "200", description = "The slot as changed; new ETag", content = @Content(schema = @Schema(implementation = SlotView.class)))
    @APIResponse(responseCode = "403", description = "Not an administrator or a head of the window's departments")
    @APIResponse(responseCode = "404", description = "No such slot (or removed)")
    @APIResponse(responseCode = "409", description = "Capacity below the bookings (`booked`), times of a booked slot, slot started, or another slot starts then")
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag")
    @APIResponse(responseCode = "422", description = "New times in the past, end not after start, the kind does not suit the new day")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response update(@PathParam("id") long id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull SlotChangeBody body) {
        IfMatch precondition = IfMatch.required(ifMatch);
        AppointmentSlot s = slots.update(Caller.of(user), id, precondition,
                new SlotService.SlotChange(body.date(), body.start(), body.end(), body.capacity()));
        return EntityTags.ok(SlotView.of(s), s.version);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DEPT_HEAD})
    @Operation(operationId = "removeSlot", summary = "Remove a slot from booking (admin, or head of a department the window serves); If-Match",
            description = "Without active bookings the slot simply goes. With active bookings: 409 `slot.has-bookings` (`activeBookings`), "
                    + "unless `cancelBookings=true` and a `reason`: then every booking is cancelled by the service center, audited, with one "
                    + "`appointment.cancelled` event each so that its applicant is notified. A slot that has started stays.")
    @APIResponse(responseCode = "200", description = "Removed; the bookings cancelled with it",
            content = @Content(schema = @Schema(implementation = RemovalView.class)))
    @APIResponse(responseCode = "403", description = "Not an administrator or a head of the window's departments")
    @APIResponse(responseCode = "404", description = "No such slot (or removed already)")
    @APIResponse(responseCode = "409", description = "Active bookings without cancelBookings=true, or the slot has started")
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag")
    @APIResponse(responseCode = "422", description = "Bookings to cancel but no reason")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public RemovalView remove(@PathParam("id") long id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                              @Parameter(description = "Cancel the slot's active bookings (their applicants are notified)")
                              @QueryParam("cancelBookings") @DefaultValue("false") boolean cancelBookings,
                              @Parameter(description = "Why: told to the applicants whose bookings are cancelled")
                              @QueryParam("reason") @Size(max = 500) String reason) {
        IfMatch precondition = IfMatch.required(ifMatch);
        SlotService.Removal r = slots.remove(Caller.of(user), id, precondition, cancelBookings, reason);
        return new RemovalView(r.slot().id, r.slot().removedAt, r.slot().removalReason, r.cancelled().size(),
                r.cancelled().stream().map(a -> a.id).toList());
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.DEPT_HEAD})
    @Operation(operationId = "createSlot", summary = "Define one slot (admin, or head of a department the window serves)")
    @APIResponse(responseCode = "201", description = "Created; ETag for If-Match on changes",
            headers = {@Header(name = "Location"), @Header(name = "ETag")}, content = @Content(schema = @Schema(implementation = SlotView.class)))
    @APIResponse(responseCode = "403", description = "Not an administrator or a head of the window's departments")
    @APIResponse(responseCode = "409", description = "The window has a slot starting then already")
    @APIResponse(responseCode = "422", description = "The kind does not suit the day (working-day calendar) or the window; "
            + "end not after start; in the past; no calendar data for the year; unknown or inactive window")
    public Response create(@Valid @NotNull NewSlot body) {
        AppointmentSlot s = slots.create(Caller.of(user), body.windowCode(), body.date(), body.start(), body.end(), body.kind(), body.capacity());
        return EntityTags.created("/api/v1/appointment-slots/" + s.id, SlotView.of(s), s.version);
    }

    @POST
    @Path("/generation")
    @RolesAllowed({Roles.ADMIN, Roles.DEPT_HEAD})
    @Operation(operationId = "generateSlots", summary = "Create a template's slots on every suitable day of a date range "
            + "(admin, or head of a department the window serves); existing slots are kept, unsuitable days reported")
    @APIResponse(responseCode = "200", description = "What was created and what was skipped, and why",
            content = @Content(schema = @Schema(implementation = GenerationView.class)))
    @APIResponse(responseCode = "403", description = "Not an administrator or a head of the window's departments")
    @APIResponse(responseCode = "422", description = "Range reversed, too long or in the past; a year without calendar data; "
            + "a template time ending before it starts or starting twice; the window does not offer the kind")
    public GenerationView generate(@Valid @NotNull SlotGeneration body) {
        SlotService.Generation g = slots.generate(Caller.of(user), body.windowCode(), body.from(), body.to(), body.kind(),
                body.times().stream().map(t -> new SlotService.SlotTime(t.start(), t.end(), t.capacity())).toList());
        return new GenerationView(g.created().size(), g.created().stream().map(SlotView::of).toList(), g.skippedDays(),
                g.alreadyExisting(), g.alreadyStarted());
    }
}
