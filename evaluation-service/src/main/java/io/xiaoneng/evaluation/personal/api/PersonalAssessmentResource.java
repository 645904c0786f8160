package io.xiaoneng.evaluation.personal.api;

import io.xiaoneng.evaluation.personal.app.PersonalAssessments;
import io.xiaoneng.evaluation.personal.domain.GradingRules.Dimension;
import io.xiaoneng.evaluation.personal.domain.PersonalAssessment;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Annual assessment of officials on 德能勤绩 (+廉) with the four grades and the cap on 优秀. */
@Path("/api/v1/personal-assessments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Personal assessment", description = "Annual assessment of officials on 德能勤绩廉 and the four grades (年度考核)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.EVALUATOR, Roles.SUPERVISOR, Roles.ADMIN, Roles.DEPT_HEAD})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not allowed for this role or department")
public class PersonalAssessmentResource {

    @Inject
    PersonalAssessments assessments;

    public record Scores(
            @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal morality,
            @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal ability,
            @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal diligence,
            @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal achievement,
            @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal integrity) {
        Map<Dimension, BigDecimal> map() {
            Map<Dimension, BigDecimal> m = new EnumMap<>(Dimension.class);
            m.put(Dimension.MORALITY, morality);
            m.put(Dimension.ABILITY, ability);
            m.put(Dimension.DILIGENCE, diligence);
            m.put(Dimension.ACHIEVEMENT, achievement);
            if (integrity != null) {
                m.put(Dimension.INTEGRITY, integrity);
            }
            return m;
        }
    }

    public record NewAssessment(@NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year,
                                @NotBlank @Size(max = 40) String departmentCode,
                                @NotBlank @Size(max = 60) String staffRef,
                                @NotBlank @Size(max = 100) String name,
                                @Valid @NotNull Scores scores) {}

    public record Grading(@NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year, @NotBlank @Size(max = 40) String departmentCode) {}

    public record AssessmentView(UUID id, int year, String departmentCode, String staffRef, String name, BigDecimal morality,
                                 BigDecimal ability, BigDecimal diligence, BigDecimal achievement, BigDecimal integrity,
                                 BigDecimal total, String bandGrade, String grade) {
        static AssessmentView of(PersonalAssessment a) {
            return new AssessmentView(a.id, a.year, a.departmentCode, a.staffRef, a.name, a.morality, a.ability, a.diligence,
                    a.achievement, a.integrity, a.total, a.bandGrade.name(), a.grade == null ? null : a.grade.name());
        }
    }

    @POST
    @Operation(operationId = "createPersonalAssessment", summary = "Enter an official's annual scores (head of his department or evaluator)")
    @APIResponse(responseCode = "201", description = "Scored; total and band grade computed", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = AssessmentView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields (scores 0-100)")
    @APIResponse(responseCode = "409", description = "The official is assessed for that year already")
    @APIResponse(responseCode = "422", description = "Unknown department, or the integrity score missing while assessed")
    public Response create(@Valid @NotNull NewAssessment body) {
        PersonalAssessment a = assessments.create(body.year(), body.departmentCode(), body.staffRef(), body.name(), body.scores().map());
        return EntityTags.created("/api/v1/personal-assessments/" + a.id, AssessmentView.of(a), a.version);
    }

    @GET
    @Operation(operationId = "listPersonalAssessments",
            summary = "A year's assessments by department, best total first, a page of them with the total; a head sees his department's")
    @APIResponse(responseCode = "200", description = "The page asked for, with the total")
    public PageOf<AssessmentView> list(@QueryParam("year") @NotNull @Min(QueryDates.MIN_YEAR) @Max(QueryDates.MAX_YEAR) Integer year,
                                       @QueryParam("department") String department, @Valid @BeanParam PageRequest page) {
        return assessments.list(year, department, page).map(AssessmentView::of);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getPersonalAssessment", summary = "One assessment with its ETag")
    @APIResponse(responseCode = "200", description = "The assessment", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = AssessmentView.class)))
    @APIResponse(responseCode = "404", description = "No such assessment")
    public Response get(@PathParam("id") UUID id) {
        PersonalAssessment a = assessments.get(id);
        return EntityTags.ok(AssessmentView.of(a), a.version);
    }

    @PUT
    @Path("/{id}/scores")
    @Operation(operationId = "rescorePersonalAssessment", summary = "Change the scores (voids the grade until the department is graded again); requires If-Match")
    @APIResponse(responseCode = "200", description = "Rescored; total and band grade computed, the grade void", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = AssessmentView.class)))
    @APIResponse(responseCode = "404", description = "No such assessment")
    public Response rescore(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull Scores body) {
        PersonalAssessment a = assessments.rescore(id, IfMatch.required(ifMatch), body.map());
        return EntityTags.ok(AssessmentView.of(a), a.version);
    }

    @POST
    @Path("/grading")
    @Operation(operationId = "gradePersonalAssessments",
            summary = "Grade a department's year: grades by score band, 优秀 capped at the configured share (ties at the cap all become 称职)")
    @APIResponse(responseCode = "200", description = "The department's assessments with their grades")
    @APIResponse(responseCode = "422", description = "Unknown department, or nobody assessed")
    public List<AssessmentView> grade(@Valid @NotNull Grading body) {
        return assessments.grade(body.year(), body.departmentCode()).stream().map(AssessmentView::of).toList();
    }
}
