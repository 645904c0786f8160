package io.xiaoneng.evaluation.survey.api;

import io.xiaoneng.evaluation.survey.app.SurveyResults.DepartmentResult;
import io.xiaoneng.evaluation.survey.app.SurveyService;
import io.xiaoneng.evaluation.survey.domain.Survey;
import io.xiaoneng.evaluation.survey.domain.Thresholds;
import io.xiaoneng.evaluation.survey.domain.Verdict;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.platform.http.IdempotentRequests;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The year-end survey (年终评议): service recipients rate every department satisfied / basically satisfied /
 * dissatisfied; the dissatisfaction rate is published with the valid-ballot count and a Wilson interval; closing
 * the survey opens the accountability cases.
 */
@Path("/api/v1/surveys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Year-end survey", description = "Year-end survey of service recipients and its accountability thresholds (年终评议)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.EVALUATOR, Roles.SUPERVISOR, Roles.ADMIN, Roles.DEPT_HEAD})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not allowed for this role")
public class SurveyResource {

    @Inject
    SurveyService surveys;

    @Inject
    IdempotentRequests idempotency;

    public record NewSurvey(@NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year) {}

    public record RulesView(BigDecimal explanationThreshold, BigDecimal resignationThreshold, int minimumValidBallots,
                            BigDecimal confidence) {
        static RulesView of(Thresholds t) {
            return new RulesView(t.explanation(), t.resignation(), t.minimumValid(), t.confidence());
        }
    }

    public record SurveyView(int year, String status, String openedBy, Instant openedAt, String closedBy, Instant closedAt,
                             RulesView rules, boolean rulesFrozen) {}

    public record BallotEntry(@NotBlank @Size(max = 40) String departmentCode, @NotNull Verdict verdict) {}

    public record SheetEntry(
            @NotBlank @Size(max = 60) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "{xiaoneng.validation.sheet-reference}") String reference,
            @NotBlank @Size(max = 40) String respondentType,
            @NotEmpty @Size(max = 300) List<@Valid @NotNull BallotEntry> ballots) {}

    public record Sheets(@NotEmpty List<@Valid @NotNull SheetEntry> sheets) {}

    public record Registered(int year, int sheets, int ballots) {}

    public record ResultView(String departmentCode, String departmentName, long ballots, long validBallots, long satisfied,
                             long basicallySatisfied, long dissatisfied, BigDecimal dissatisfactionRate, BigDecimal wilsonLow,
                             BigDecimal wilsonHigh, boolean sufficientSample, String outcome, UUID caseId) {
        static ResultView of(DepartmentResult r, UUID caseId) {
            return new ResultView(r.departmentCode(), r.departmentName(), r.ballots(), r.validBallots(), r.satisfied(),
                    r.basicallySatisfied(), r.dissatisfied(), r.dissatisfactionRate(), r.wilsonLow(), r.wilsonHigh(),
                    r.sufficientSample(), r.outcome().name(), caseId);
        }
    }

    public record Results(int year, String status, RulesView rules, List<ResultView> departments) {}

    SurveyView view(Survey s) {
        return new SurveyView(s.year, s.status, s.openedBy, s.openedAt, s.closedBy, s.closedAt, RulesView.of(surveys.rules(s)), !s.isOpen());
    }

    @GET
    @Operation(operationId = "listSurveys", summary = "All year-end surveys, newest first")
    @APIResponse(responseCode = "200", description = "The surveys")
    public List<SurveyView> list() {
        return surveys.list().stream().map(this::view).toList();
    }

    @POST
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "openSurvey", summary = "Open the year-end survey of a year (evaluator), unless the year's report is published")
    @APIResponse(responseCode = "201", description = "Opened", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = SurveyView.class)))
    @APIResponse(responseCode = "400", description = "Invalid year")
    @APIResponse(responseCode = "409", description = "There is a survey for this year already, or the year's report is published "
            + "(rule report-already-published: its basis does not change afterwards); nothing changed")
    public Response open(@Valid @NotNull NewSurvey body) {
        Survey s = surveys.open(body.year());
        return EntityTags.created("/api/v1/surveys/" + s.year, view(s), s.version);
    }

    @GET
    @Path("/{year}")
    @Operation(operationId = "getSurvey", summary = "One survey with its ETag and the rules that apply (frozen once closed)")
    @APIResponse(responseCode = "200", description = "The survey with its rules", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = SurveyView.class)))
    @APIResponse(responseCode = "404", description = "No survey for this year")
    public Response get(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year) {
        Survey s = surveys.get(year);
        return EntityTags.ok(view(s), s.version);
    }

    @POST
    @Path("/{year}/sheets")
    @RolesAllowed({Roles.EVALUATOR, Roles.ADMIN})
    @Operation(operationId = "registerSurveySheets",
            summary = "Enter returned ballot sheets, all or nothing: one sheet per respondent, one ballot per department; honours Idempotency-Key")
    @APIResponse(responseCode = "200", description = "Registered", content = @Content(schema = @Schema(implementation = Registered.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "404", description = "No survey for this year")
    @APIResponse(responseCode = "409", description = "The survey is closed, or a respondent has voted already")
    @APIResponse(responseCode = "422", description = "Unknown department or respondent type, two ballots for one department, too many sheets; every error listed")
    public Response sheets(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year,
                           @Parameter(description = "Makes retries safe: 1-255 printable ASCII characters")
                           @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
                           @Valid @NotNull Sheets body) {
        return idempotency.execute(idempotencyKey, body, () -> {
            var registered = surveys.register(year, body.sheets().stream().map(s -> new SurveyService.Sheet(s.reference(), s.respondentType(),
                    s.ballots().stream().map(b -> new SurveyService.Ballot(b.departmentCode(), b.verdict())).toList())).toList());
            return Response.ok(new Registered(year, registered.sheets(), registered.ballots())).build();
        });
    }

    @GET
    @Path("/{year}/results")
    @Operation(operationId = "getSurveyResults",
            summary = "Dissatisfaction per department with valid ballots and Wilson interval, ranked; a head sees his department only")
    @APIResponse(responseCode = "200", description = "The results per department, ranked")
    @APIResponse(responseCode = "404", description = "No survey for this year")
    public Results results(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year) {
        Survey s = surveys.get(year);
        Map<String, UUID> cases = s.isOpen() ? Map.of() : surveys.closingCases(year);
        return new Results(year, s.status, RulesView.of(surveys.rules(s)),
                surveys.results(year).stream().map(r -> ResultView.of(r, cases.get(r.departmentCode()))).toList());
    }

    @POST
    @Path("/{year}/closing")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "closeSurvey",
            summary = "Close the survey (evaluator): freeze the rules, judge each department, open the accountability cases; requires If-Match")
    @APIResponse(responseCode = "200", description = "Closed; the results with the cases opened",
            content = @Content(schema = @Schema(implementation = Results.class)))
    @APIResponse(responseCode = "404", description = "No survey for this year")
    @APIResponse(responseCode = "409", description = "Closed already")
    public Response close(@PathParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) int year, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        var closing = surveys.close(year, IfMatch.required(ifMatch));
        Survey s = closing.survey();
        Results results = new Results(year, s.status, RulesView.of(surveys.rules(s)),
                closing.results().stream().map(r -> ResultView.of(r, closing.cases().get(r.departmentCode()))).toList());
        return EntityTags.ok(results, s.version);
    }
}
