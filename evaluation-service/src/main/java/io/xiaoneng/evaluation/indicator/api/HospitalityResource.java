package io.xiaoneng.evaluation.indicator.api;

import io.xiaoneng.evaluation.indicator.app.HospitalityIndicator;
import io.xiaoneng.evaluation.indicator.app.HospitalitySpending;
import io.xiaoneng.evaluation.org.DepartmentScope;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.util.List;

/** Hospitality spending per department and year, and the savings-rate indicator against a baseline year. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Department indicators", description = "Hospitality spending savings rate (公务接待费节约率)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.EVALUATOR, Roles.SUPERVISOR, Roles.ADMIN, Roles.DEPT_HEAD})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not allowed for this role or department")
public class HospitalityResource {

    @Inject
    HospitalityIndicator indicator;

    @Inject
    DepartmentScope scope;

    public record Amount(@NotNull @DecimalMin("0") @Digits(integer = 14, fraction = 2) BigDecimal amount) {}

    public record SpendingView(String departmentCode, int year, BigDecimal amount, String enteredBy) {
        static SpendingView of(HospitalitySpending s) {
            return new SpendingView(s.departmentCode, s.year, s.amount, s.enteredBy);
        }
    }

    public record SavingsView(int year, int baselineYear, List<HospitalityIndicator.Savings> departments) {}

    @PUT
    @Path("/hospitality-spending/{department}/{year}")
    @Operation(operationId = "enterHospitalitySpending",
            summary = "Enter a department's hospitality spending of a year (CNY): creates it, or replaces it with If-Match")
    @APIResponse(responseCode = "200", description = "Replaced; the new ETag", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = SpendingView.class)))
    @APIResponse(responseCode = "201", description = "Created; the ETag", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = SpendingView.class)))
    @APIResponse(responseCode = "422", description = "Unknown department")
    @APIResponse(responseCode = "428", description = "The year has a figure already and If-Match is missing")
    public Response enter(@PathParam("department") String department, @PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year,
                          @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull Amount body) {
        HospitalityIndicator.Entered e = indicator.enter(department, year, ifMatch, body.amount());
        return Response.status(e.created() ? 201 : 200).entity(SpendingView.of(e.spending()))
                .header("ETag", EntityTags.of(e.spending().version)).build();
    }

    @GET
    @Path("/hospitality-spending")
    @Operation(operationId = "listHospitalitySpending",
            summary = "Entered spending by department and year, a page of it with the total; a head sees his department's")
    @APIResponse(responseCode = "200", description = "The page asked for, with the total")
    public PageOf<SpendingView> list(@QueryParam("department") String department, @QueryParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year,
                                     @Valid @BeanParam PageRequest page) {
        return indicator.list(department, year, page).map(SpendingView::of);
    }

    @GET
    @Path("/indicators/hospitality-savings")
    @Operation(operationId = "rankHospitalitySavings",
            summary = "Savings rate (baseline − current) / baseline per department, ranked highest first; baseline year defaults to the year before")
    @APIResponse(responseCode = "200", description = "The departments' savings rates, highest first")
    public SavingsView savings(@QueryParam("year") @NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year,
                               @QueryParam("baselineYear") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer baselineYear) {
        int baseline = baselineYear == null ? year - 1 : baselineYear;
        return new SavingsView(year, baseline, indicator.ranking(year, baseline).stream()
                .filter(s -> scope.canRead(s.departmentCode())).toList());
    }
}
