package io.xiaoneng.complaint.api;

import io.xiaoneng.complaint.app.MonitoringPointService;
import io.xiaoneng.complaint.app.Statistics;
import io.xiaoneng.complaint.domain.MonitoringPoint;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import java.util.List;

/** Monitoring points are the efficiency office's instrument: officials read them, the office designates them. */
@Path("/api/v1/monitoring-points")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Monitoring points", description = "Investment-environment monitoring points (投资环境监测点)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
public class MonitoringPointResource {

    @Inject
    MonitoringPointService points;

    @Inject
    Statistics statistics;

    public record MonitoringPointView(String code, String name, String enterpriseName, String address,
                                      String townCode, boolean active) {
        static MonitoringPointView of(MonitoringPoint p) {
            return new MonitoringPointView(p.code, p.name, p.enterpriseName, p.address, p.townCode, p.active);
        }
    }

    public record NewMonitoringPoint(
            @NotBlank @Size(max = 40) @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "lower-case letters, digits and '-'") String code,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String enterpriseName,
            @Size(max = 300) String address,
            @Size(max = 40) String townCode) {}

    @GET
    @Operation(operationId = "listMonitoringPoints", summary = "List the monitoring points")
    public List<MonitoringPointView> list() {
        return points.list().stream().map(MonitoringPointView::of).toList();
    }

    @GET
    @Path("/statistics")
    @Operation(operationId = "monitoringPointStatistics", summary = "Per monitoring point: complaints received through it, open, closed, satisfied, unsatisfied")
    public List<Statistics.PointStatistics> statistics() {
        return statistics.perMonitoringPoint();
    }

    @GET
    @Path("/{code}")
    @Operation(operationId = "getMonitoringPoint", summary = "One monitoring point")
    public MonitoringPointView get(@PathParam("code") String code) {
        return MonitoringPointView.of(points.get(code));
    }

    @POST
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "designateMonitoringPoint", summary = "Designate a monitoring point (efficiency office)")
    @APIResponse(responseCode = "201", description = "Designated; Location", content = @Content(schema = @Schema(implementation = MonitoringPointView.class)))
    public Response designate(@Valid @NotNull NewMonitoringPoint body) {
        MonitoringPoint p = points.designate(body.code(), body.name(), body.enterpriseName(), body.address(), body.townCode());
        return Response.created(URI.create("/api/v1/monitoring-points/" + p.code)).entity(MonitoringPointView.of(p)).build();
    }
}
