package io.xiaoneng.approval.application.api;

import io.xiaoneng.approval.application.app.SupervisionQueries;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** E-supervision (电子监察) for the efficiency office: the cases whose legal limit has passed. */
@Path("/api/v1/supervision")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Supervision", description = "E-supervision lights of applications (efficiency office)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Supervisors and administrators only")
public class SupervisionResource {

    @Inject
    SupervisionQueries queries;

    @GET
    @Path("/red-cases")
    @Operation(operationId = "listRedCases", summary = "Red cases (overdue), the most overdue working days first",
            description = "As of the last recomputation: after each command, and by the supervision job once a day per case.")
    @APIResponse(responseCode = "200", description = "One page of red cases, with the total")
    public PageOf<SupervisionQueries.RedCase> redCases(@QueryParam("department") @Size(max = 40) String department,
                                                       @Valid @BeanParam PageRequest page) {
        return queries.redCases(department, page);
    }
}
