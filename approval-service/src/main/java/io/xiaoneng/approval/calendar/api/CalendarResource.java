package io.xiaoneng.approval.calendar.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.approval.calendar.app.CalendarService;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.approval.calendar.domain.CalendarYearRecord;
import io.xiaoneng.platform.calendar.CalendarYear;
import io.xiaoneng.platform.calendar.NamedDates;
import io.xiaoneng.platform.events.CalendarEvents;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
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
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The working-day calendar (法定节假日 and 调休 per year): public reads, so front-ends can show deadlines the way the
 * service computes them; the efficiency office loads each new year from the State Council notice.
 */
@Path("/api/v1/calendar")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calendar", description = "Working-day calendar: holidays and make-up working days per year (public reads, admin loads)")
public class CalendarResource {

    @Inject
    CalendarService calendar;

    @Inject
    Calendars calendars;

    @Inject
    CurrentUser user;

    @Inject
    ObjectMapper json;

    /** A year at a glance; {@code GET /years/{year}} has the data itself. */
    public record YearSummary(int year, CalendarYearRecord.Origin origin, OffsetDateTime loadedAt, List<String> sources,
                              int holidays, int makeUpWorkdays) {
        static YearSummary of(CalendarYearRecord record) {
            CalendarYear y = CalendarService.parse(record);
            return new YearSummary(record.year, record.origin, record.loadedAt, y.sources(),
                    count(y.holidays()), count(y.makeUpWorkdays()));
        }

        private static int count(List<NamedDates> groups) {
            return groups.stream().mapToInt(g -> g.dates().size()).sum();
        }
    }

    /** The answer of {@code /working-days}: {@code date} is the {@code days}-th working day after {@code from}. */
    public record WorkingDays(LocalDate from, int days, LocalDate date) {}

    @GET
    @Path("/years")
    @PermitAll
    @Operation(operationId = "listCalendarYears", summary = "The years with calendar data, where each came from (public)")
    public List<YearSummary> years() {
        return calendar.list().stream().map(YearSummary::of).toList();
    }

    @GET
    @Path("/years/{year}")
    @PermitAll
    @Operation(operationId = "getCalendarYear", summary = "One year in the platform format, as PUT accepts it (public)")
    @APIResponse(responseCode = "200", description = "The year; ETag for If-Match on a correction", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CalendarEvents.YearData.class)))
    @APIResponse(responseCode = "404", description = "No data for that year")
    public Response year(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year) {
        CalendarYearRecord record = calendar.get(year);
        // The stored document itself: GET, edit, PUT back is the way to correct a day.
        return Response.ok(record.data, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, EntityTags.of(record.rowVersion)).build();
    }

    @PUT
    @Path("/years/{year}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(operationId = "putCalendarYear",
            summary = "Load a new year or correct one (admin): the platform format, checked as a whole; If-Match optional")
    @APIResponse(responseCode = "200", description = "Corrected (or the same data again: nothing changed)", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CalendarEvents.YearData.class)))
    @APIResponse(responseCode = "201", description = "Loaded a year that had no data", headers = {@Header(name = "ETag"), @Header(name = "Location")},
            content = @Content(schema = @Schema(implementation = CalendarEvents.YearData.class)))
    @APIResponse(responseCode = "412", description = "If-Match given and not current")
    @APIResponse(responseCode = "422", description = "invalid-calendar-data: every problem found, in errors; nothing stored")
    public Response put(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year,
                        @Parameter(description = "The year's ETag; when given, the change applies only to that state")
                        @HeaderParam(IfMatch.HEADER) String ifMatch,
                        String document) {
        requireWellFormed(document);
        CalendarService.Loaded loaded = calendar.put(year, document, ifMatch == null ? null : IfMatch.parse(ifMatch), user.username());
        if (loaded.created() || loaded.changed()) {
            calendars.reload(); // committed: this replica answers with the new year at once
        }
        Response.ResponseBuilder response = loaded.created()
                ? Response.created(java.net.URI.create("/api/v1/calendar/years/" + year))
                : Response.ok();
        return response.entity(loaded.record().data).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, EntityTags.of(loaded.record().rowVersion)).build();
    }

    @GET
    @Path("/working-days")
    @PermitAll
    @Operation(operationId = "addWorkingDays",
            summary = "The date n working days after a date (public): the start day never counts (民法典 art. 201)")
    @APIResponse(responseCode = "200", description = "The resulting date; a time limit runs to the end of it",
            content = @Content(schema = @Schema(implementation = WorkingDays.class)))
    @APIResponse(responseCode = "422", description = "calendar-year-missing: a year on the way has no data (year in the body)")
    public WorkingDays workingDays(@Parameter(description = "Start date, yyyy-MM-dd") @QueryParam("from") @NotNull LocalDate from,
                                   @Parameter(description = "Working days to add, 0 to 3650") @QueryParam("days") @NotNull @Min(0) @Max(3650) Integer days) {
        // a year on the way without data: 422 calendar-year-missing (platform Problems)
        return new WorkingDays(from, days, calendars.current().addWorkingDays(from, days));
    }

    /** Unparseable JSON is a 400 like any other malformed body; the calendar's own checks then give the 422. */
    private void requireWellFormed(String document) {
        if (document == null || document.isBlank()) {
            return; // the parser reports "the document is empty" with the other problems
        }
        try {
            json.readTree(document);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            if (at != null && at.getLineNr() > 0 && at.getColumnNr() > 0) {
                throw new BadRequestProblem(ProblemCodes.MALFORMED_JSON, "malformed-json", at.getLineNr(), at.getColumnNr());
            }
            throw new BadRequestProblem(ProblemCodes.MALFORMED_JSON, "malformed-json-no-location");
        }
    }
}
