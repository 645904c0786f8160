package io.xiaoneng.complaint.api;

import io.xiaoneng.complaint.app.ComplaintAccess;
import io.xiaoneng.complaint.app.ComplaintRules;
import io.xiaoneng.complaint.app.Statistics;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.util.List;

/** Funnel statistics: officials by department, category, channel; a public summary without personal data. */
@Path("/api/v1/complaint-statistics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Complaint statistics", description = "The funnel received → accepted → dispatched → handled → replied → rated")
@APIResponse(responseCode = "400", description = "Invalid period or dimension")
public class StatisticsResource {

    static final String YEARS = "years " + QueryDates.MIN_YEAR + "-" + QueryDates.MAX_YEAR;
    static final String PERIOD_FROM = "First receipt day (" + YEARS + "); default 365 days before `to`, at most 10 years before it";
    static final String PERIOD_TO = "Last receipt day, inclusive (" + YEARS + "); default today";

    @Inject
    Statistics statistics;

    @Inject
    ComplaintAccess access;

    @Inject
    ComplaintRules rules;

    @GET
    @Path("/funnel")
    @RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.ADMIN, Roles.EVALUATOR})
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(operationId = "complaintFunnel", summary = "Funnel counts and average hours per step, grouped by county, department, handling department, category or channel",
            description = "Period by receipt day (Beijing time), default the last 365 days. Department officials: their own department only.")
    @APIResponse(responseCode = "200", description = "The funnel, one row per group")
    public Statistics.Funnel funnel(@QueryParam("by") @DefaultValue("COUNTY") Statistics.Dimension by,
                                    @Parameter(description = PERIOD_FROM) @QueryParam("from") LocalDate from,
                                    @Parameter(description = PERIOD_TO) @QueryParam("to") LocalDate to,
                                    @QueryParam("department") @Size(max = 40) String department) {
        QueryDates.check().date("from", from).date("to", to).orThrow();
        String scope = department;
        if (!access.seesAll()) {
            scope = access.officialDepartment().orElseThrow(ComplaintAccess::forbidden);
        }
        return statistics.funnel(by, from(from, to), to(to), scope);
    }

    @GET
    @Path("/public")
    @PermitAll
    @Operation(operationId = "publicComplaintSummary", summary = "Public summary: the funnel for the county, by category and by channel; no personal data")
    @APIResponse(responseCode = "200", description = "The public summary")
    public PublicSummary publicSummary(@Parameter(description = PERIOD_FROM) @QueryParam("from") LocalDate from,
                                       @Parameter(description = PERIOD_TO) @QueryParam("to") LocalDate to) {
        QueryDates.check().date("from", from).date("to", to).orThrow();
        LocalDate f = from(from, to);
        LocalDate t = to(to);
        return new PublicSummary(f, t, statistics.funnel(Statistics.Dimension.COUNTY, f, t, null).rows(),
                statistics.funnel(Statistics.Dimension.CATEGORY, f, t, null).rows(),
                statistics.funnel(Statistics.Dimension.CHANNEL, f, t, null).rows());
    }

    public record PublicSummary(LocalDate from, LocalDate to, List<Statistics.FunnelRow> county,
                                List<Statistics.FunnelRow> byCategory, List<Statistics.FunnelRow> byChannel) {}

    private LocalDate to(LocalDate to) {
        return to == null ? rules.today() : to;
    }

    private LocalDate from(LocalDate from, LocalDate to) {
        LocalDate f = from == null ? to(to).minusDays(365) : from;
        if (f.isAfter(to(to)) || f.isBefore(to(to).minusYears(10))) {
            throw new BadRequestProblem("invalid-parameter", (Object) "from").withFieldError("from", "invalid-value");
        }
        return f;
    }
}
