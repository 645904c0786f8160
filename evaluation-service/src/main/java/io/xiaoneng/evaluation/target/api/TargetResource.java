package io.xiaoneng.evaluation.target.api;

import io.xiaoneng.evaluation.target.app.SanctionLadders;
import io.xiaoneng.evaluation.target.app.TargetService;
import io.xiaoneng.evaluation.target.domain.InvestmentTarget;
import io.xiaoneng.evaluation.target.domain.Sanction;
import io.xiaoneng.evaluation.target.domain.SanctionLadder;
import io.xiaoneng.evaluation.target.domain.TermTarget;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Town heads' term targets (任期目标) and county departments' investment-attraction targets with the sanction ladder
 * (一岗双责). The evaluation committee sets and evaluates them; heads read their own department's.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Targets and sanctions", description = "Term targets of town heads, investment-attraction targets, the sanction ladder")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.EVALUATOR, Roles.SUPERVISOR, Roles.ADMIN, Roles.DEPT_HEAD})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not allowed for this role")
public class TargetResource {

    @Inject
    TargetService targets;

    @Inject
    SanctionLadders ladders;

    public record YearTargetEntry(@NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year,
                                  @NotNull @DecimalMin("0") @Digits(integer = 14, fraction = 2) BigDecimal targetRevenue) {}

    public record NewTermTarget(@NotBlank @Size(max = 40) String departmentCode,
                                @NotBlank @Size(max = 100) String headName,
                                @NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer firstYear,
                                @NotNull @DecimalMin("0") @Digits(integer = 14, fraction = 2) BigDecimal baselineRevenue,
                                @NotEmpty @Size(max = 10) List<@Valid @NotNull YearTargetEntry> yearlyTargets) {}

    public record TermEvaluation(@NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year,
                                 @NotNull @DecimalMin("0") @Digits(integer = 14, fraction = 2) BigDecimal actualRevenue) {}

    public record TermYearView(int year, BigDecimal targetRevenue, BigDecimal actualRevenue, Boolean met) {}

    public record TermTargetView(UUID id, String departmentCode, String headName, int firstYear, int lastYear,
                                 BigDecimal baselineRevenue, String status, BigDecimal reward, BigDecimal rewardShare,
                                 UUID caseId, Integer nextYear, List<TermYearView> years) {
        static TermTargetView of(TermTarget t) {
            return new TermTargetView(t.id, t.departmentCode, t.headName, t.firstYear, t.lastYear, t.baselineRevenue, t.status.name(),
                    t.reward, t.rewardShare, t.caseId, t.status == TermTarget.Status.RUNNING ? t.nextYear() : null,
                    t.years.stream().map(y -> new TermYearView(y.year, y.targetRevenue, y.actualRevenue, y.met)).toList());
        }
    }

    public record NewInvestmentTarget(@NotBlank @Size(max = 40) String departmentCode,
                                      @NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year,
                                      @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 14, fraction = 2) BigDecimal targetAmount) {}

    public record InvestmentOutcome(@NotNull @DecimalMin("0") @Digits(integer = 14, fraction = 2) BigDecimal attractedAmount) {}

    public record SanctionView(UUID id, String departmentCode, int year, int consecutiveMisses, String sanction, int ladderVersion,
                               UUID targetId, UUID caseId, String decidedBy) {
        static SanctionView of(Sanction s) {
            return s == null ? null : new SanctionView(s.id, s.departmentCode, s.year, s.consecutiveMisses, s.sanction, s.ladderVersion,
                    s.targetId, s.caseId, s.decidedBy);
        }
    }

    public record InvestmentTargetView(UUID id, String departmentCode, int year, BigDecimal targetAmount, BigDecimal attractedAmount,
                                       Boolean met, Integer consecutiveMisses, SanctionView sanction) {
        static InvestmentTargetView of(InvestmentTarget t, Sanction s) {
            return new InvestmentTargetView(t.id, t.departmentCode, t.year, t.targetAmount, t.attractedAmount, t.met,
                    t.consecutiveMisses, SanctionView.of(s));
        }
    }

    @POST
    @Path("/term-targets")
    @RolesAllowed({Roles.EVALUATOR, Roles.ADMIN})
    @Operation(operationId = "createTermTarget", summary = "Set a town head's term target with a fiscal-revenue target for every year of the term")
    @APIResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = TermTargetView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "422", description = "Not a town, or the yearly targets do not cover exactly the term's years")
    public Response createTermTarget(@Valid @NotNull NewTermTarget body) {
        TermTarget t = targets.createTermTarget(body.departmentCode(), body.headName(), body.firstYear(), body.baselineRevenue(),
                body.yearlyTargets().stream().map(y -> new TargetService.YearTarget(y.year(), y.targetRevenue())).toList());
        return EntityTags.created("/api/v1/term-targets/" + t.id, TermTargetView.of(t), t.version);
    }

    @GET
    @Path("/term-targets")
    @Operation(operationId = "listTermTargets", summary = "Term targets, newest term first, a page of them with the total; a head sees his town's")
    @APIResponse(responseCode = "200", description = "The page asked for, with the total")
    public PageOf<TermTargetView> termTargets(@QueryParam("department") String department, @Valid @BeanParam PageRequest page) {
        return targets.termTargets(department, page).map(TermTargetView::of);
    }

    @GET
    @Path("/term-targets/{id}")
    @Operation(operationId = "getTermTarget", summary = "One term target with its ETag")
    @APIResponse(responseCode = "200", description = "The term target", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = TermTargetView.class)))
    @APIResponse(responseCode = "404", description = "No such term target")
    public Response termTarget(@PathParam("id") UUID id) {
        TermTarget t = targets.termTarget(id);
        return EntityTags.ok(TermTargetView.of(t), t.version);
    }

    @POST
    @Path("/term-targets/{id}/evaluations")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "evaluateTermTarget",
            summary = "Evaluate the next year of the term once it is over; the last year is final: met → reward, not met → resignation case; requires If-Match")
    @APIResponse(responseCode = "200", description = "Evaluated", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = TermTargetView.class)))
    @APIResponse(responseCode = "404", description = "No such term target")
    @APIResponse(responseCode = "409", description = "Not the next year to evaluate, or the term is decided")
    @APIResponse(responseCode = "422", description = "basis-not-final: the year is not over yet (Beijing time), its revenue not final; nothing changed")
    public Response evaluateTerm(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull TermEvaluation body) {
        TermTarget t = targets.evaluateTerm(id, IfMatch.required(ifMatch), body.year(), body.actualRevenue());
        return EntityTags.ok(TermTargetView.of(t), t.version);
    }

    @POST
    @Path("/investment-targets")
    @RolesAllowed({Roles.EVALUATOR, Roles.ADMIN})
    @Operation(operationId = "createInvestmentTarget", summary = "Set a county department's investment-attraction target for a year (万元)")
    @APIResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = InvestmentTargetView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "409", description = "The department has a target for that year")
    @APIResponse(responseCode = "422", description = "Not an active county department")
    public Response createInvestmentTarget(@Valid @NotNull NewInvestmentTarget body) {
        InvestmentTarget t = targets.createInvestmentTarget(body.departmentCode(), body.year(), body.targetAmount());
        return EntityTags.created("/api/v1/investment-targets/" + t.id, InvestmentTargetView.of(t, null), t.version);
    }

    @GET
    @Path("/investment-targets")
    @Operation(operationId = "listInvestmentTargets",
            summary = "Investment-attraction targets with outcome and sanction, newest year first, a page of them with the total; a head sees his department's")
    @APIResponse(responseCode = "200", description = "The page asked for, with the total")
    public PageOf<InvestmentTargetView> investmentTargets(@QueryParam("department") String department, @QueryParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year,
                                                          @Valid @BeanParam PageRequest page) {
        return targets.investmentTargets(department, year, page).map(t -> InvestmentTargetView.of(t, targets.sanctionOf(t).orElse(null)));
    }

    @GET
    @Path("/investment-targets/{id}")
    @Operation(operationId = "getInvestmentTarget", summary = "One investment-attraction target with its ETag")
    @APIResponse(responseCode = "200", description = "The target", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = InvestmentTargetView.class)))
    @APIResponse(responseCode = "404", description = "No such target")
    public Response investmentTarget(@PathParam("id") UUID id) {
        InvestmentTarget t = targets.investmentTarget(id);
        return EntityTags.ok(InvestmentTargetView.of(t, targets.sanctionOf(t).orElse(null)), t.version);
    }

    @POST
    @Path("/investment-targets/{id}/outcome")
    @RolesAllowed(Roles.EVALUATOR)
    @Operation(operationId = "recordInvestmentOutcome",
            summary = "Record what was attracted once the target's year is over; a miss imposes the ladder's step for the consecutive misses, a met year resets them; requires If-Match")
    @APIResponse(responseCode = "200", description = "Recorded; the sanction imposed, if any", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = InvestmentTargetView.class)))
    @APIResponse(responseCode = "404", description = "No such target")
    @APIResponse(responseCode = "409", description = "Evaluated already, the previous year is not evaluated, or a later year is")
    @APIResponse(responseCode = "422", description = "basis-not-final: the target's year is not over yet (Beijing time), the amount attracted not final; nothing changed")
    public Response recordOutcome(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull InvestmentOutcome body) {
        TargetService.Outcome o = targets.recordOutcome(id, IfMatch.required(ifMatch), body.attractedAmount());
        return EntityTags.ok(InvestmentTargetView.of(o.target(), o.sanction()), o.target().version);
    }

    @GET
    @Path("/sanctions")
    @Operation(operationId = "listSanctions",
            summary = "Sanctions imposed for missed investment-attraction years, newest year first, a page of them with the total; a head sees his department's")
    @APIResponse(responseCode = "200", description = "The page asked for, with the total")
    public PageOf<SanctionView> sanctions(@QueryParam("department") String department, @QueryParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year,
                                          @Valid @BeanParam PageRequest page) {
        return targets.sanctions(department, year, page).map(SanctionView::of);
    }

    @GET
    @Path("/sanction-ladder")
    @Operation(operationId = "getSanctionLadder",
            summary = "The sanction ladder in force for a year (without a year: this year, Beijing time): the step imposed for each number of consecutive misses")
    @APIResponse(responseCode = "200", description = "The ladder's steps, fewest misses first")
    public List<SanctionLadder.Step> ladder(@QueryParam("year") @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year) {
        int inForce = year != null ? year : LocalDate.now(WorkingDayCalendar.ZONE).getYear();
        return ladders.inForce(Optional.of(inForce)).ladder().steps();
    }

    public record LadderStepEntry(@NotNull @Min(1) @Max(20) Integer consecutiveMisses,
                                  @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{1,39}") String sanction,
                                  @NotBlank @Size(max = 100) String nameZh,
                                  @NotBlank @Size(max = 200) String nameEn,
                                  @NotNull Boolean opensResignationCase) {}

    public record NewLadderVersion(@NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer effectiveFromYear,
                                   @Size(max = 2000) String note,
                                   @NotEmpty @Size(max = 20) List<@Valid @NotNull LadderStepEntry> steps) {}

    public record LadderVersionView(int version, int effectiveFromYear, String note, String createdBy, Instant createdAt,
                                    List<SanctionLadder.Step> steps) {
        static LadderVersionView of(SanctionLadders.Version v) {
            return new LadderVersionView(v.version(), v.effectiveFromYear(), v.note(), v.createdBy(), v.createdAt(), v.ladder().steps());
        }
    }

    @GET
    @Path("/sanction-ladder/versions")
    @Operation(operationId = "listSanctionLadderVersions", summary = "Every version of the sanction ladder with the year it applies from, oldest first")
    @APIResponse(responseCode = "200", description = "The versions")
    public List<LadderVersionView> ladderVersions() {
        return ladders.versions().stream().map(LadderVersionView::of).toList();
    }

    @GET
    @Path("/sanction-ladder/versions/{version}")
    @Operation(operationId = "getSanctionLadderVersion", summary = "One version of the sanction ladder")
    @APIResponse(responseCode = "200", description = "The version with its steps")
    @APIResponse(responseCode = "404", description = "No such version")
    public LadderVersionView ladderVersion(@PathParam("version") int version) {
        return LadderVersionView.of(ladders.version(version));
    }

    @POST
    @Path("/sanction-ladder/versions")
    @RolesAllowed({Roles.EVALUATOR, Roles.ADMIN})
    @Operation(operationId = "createSanctionLadderVersion",
            summary = "Change the sanction ladder from a year on: a new version, after every existing one and before any decided sanction of its years; audited")
    @APIResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = LadderVersionView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "409", description = "Not after the latest version, or sanctions were decided in its years already")
    @APIResponse(responseCode = "422", description = "Two steps for the same number of misses or the same sanction")
    public Response createLadderVersion(@Valid @NotNull NewLadderVersion body) {
        SanctionLadders.Version v = ladders.create(body.effectiveFromYear(), body.note(), body.steps().stream()
                .map(s -> new SanctionLadder.Step(s.consecutiveMisses(), s.sanction(), s.nameZh(), s.nameEn(), s.opensResignationCase()))
                .toList());
        return Response.created(URI.create("/api/v1/sanction-ladder/versions/" + v.version())).entity(LadderVersionView.of(v)).build();
    }
}
