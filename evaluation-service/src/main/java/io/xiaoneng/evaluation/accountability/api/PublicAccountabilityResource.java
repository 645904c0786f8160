package io.xiaoneng.evaluation.accountability.api;

import io.xiaoneng.evaluation.accountability.app.AccountabilityCases;
import io.xiaoneng.evaluation.accountability.domain.AccountabilityCase;
import io.xiaoneng.evaluation.accountability.domain.CaseKind;
import io.xiaoneng.evaluation.org.Departments;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.http.QueryDates;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The public notice (通报) of concluded accountability cases, without signing in. The report demands that a head whose
 * department reached 20 % dissatisfaction makes his self-criticism and statement to the whole county, and that a head
 * at 30 % resigns unless the committee accepts his reasons: so the statement and the outcome are public. What is not:
 * the head's justification and the committee's reasons (they may speak of the head's health or family), and who
 * entered or decided anything — the department and its year name the office, no person is named.
 */
@Path("/api/v1/public/accountability-cases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accountability", description = "Accountability cases from the year-end survey and missed targets (问责)")
@PermitAll
public class PublicAccountabilityResource {

    @Inject
    AccountabilityCases cases;

    @Inject
    Departments departments;

    /**
     * One concluded case as published. {@code outcome} is the final state (CLOSED after the statement, RESIGNATION_WAIVED
     * or RESIGNED); {@code statement} is the head's public self-criticism and statement (explanation cases only).
     */
    public record PublishedCase(UUID caseId, int year, String departmentCode, String departmentName, String kind, String source,
                                String outcome, BigDecimal dissatisfactionRate, Integer validBallots, String statement,
                                Instant concludedAt) {
        static PublishedCase of(AccountabilityCase c, String departmentName) {
            return new PublishedCase(c.id, c.year, c.departmentCode, departmentName, c.kind.name(), c.source.name(), c.status.name(),
                    c.dissatisfactionRate, c.validBallots, c.kind == CaseKind.EXPLANATION_REQUIRED ? c.statement : null,
                    c.updatedAt);
        }
    }

    @GET
    @Operation(operationId = "listPublishedAccountabilityCases",
            summary = "Concluded accountability cases with the head's public statement and the outcome (anonymous, 通报); newest year first")
    public PageOf<PublishedCase> list(@QueryParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year, @QueryParam("department") String department,
                                      @Valid @BeanParam PageRequest page) {
        PageOf<AccountabilityCase> result = cases.concluded(year, department, page);
        Map<String, String> names = departments.names(result.items().stream().map(c -> c.departmentCode).distinct().toList());
        return result.map(c -> PublishedCase.of(c, names.get(c.departmentCode)));
    }
}
