package io.xiaoneng.evaluation.post.api;

import io.xiaoneng.evaluation.post.app.PostAssessmentService;
import io.xiaoneng.evaluation.post.domain.AssessmentPeriod;
import io.xiaoneng.evaluation.rating.app.DepartmentScope;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Window-post assessment (勤绩): rankings of posts and windows per month or year, and the entered attendance. */
@Path("/api/v1/assessments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Window-post assessment", description = "勤绩: scores and rankings of windows and posts from measured facts and entered attendance")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Role or department scope refused")
public class AssessmentResource {

    @Inject
    PostAssessmentService assessments;

    @Inject
    DepartmentScope scope;

    public record AttendanceInput(@NotNull @Min(0) @Max(31) Integer dueDays, @NotNull @Min(0) @Max(31) Integer presentDays) {}

    static AssessmentPeriod period(String text) {
        return AssessmentPeriod.parse(text).orElseThrow(() ->
                new BadRequestProblem(ProblemCodes.BAD_REQUEST, "assessment.period", String.valueOf(text))
                        .withFieldError("period", "assessment.period"));
    }

    static LocalDate month(String text) {
        YearMonth month;
        try {
            month = YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestProblem(ProblemCodes.BAD_REQUEST, "assessment.month", text).withFieldError("month", "assessment.month");
        }
        // "+999999999-12" parses too, but is no month the database can store: bounded like every date a client sends
        QueryDates.check().month("month", month).orThrow();
        return month.atDay(1);
    }

    @GET
    @Path("/posts")
    @Operation(operationId = "rankPosts", summary = "Scores and ranking of the posts for a month (2026-03) or a year (2026); officials: posts of windows serving their department")
    @APIResponse(responseCode = "200", description = "The posts' scores, ranked")
    @APIResponse(responseCode = "400", description = "period is not yyyy-MM or yyyy")
    public PostAssessmentService.Ranking<PostAssessmentService.PostScore> posts(@QueryParam("period") String period,
                                                                               @QueryParam("department") String department,
                                                                               @QueryParam("window") String window) {
        return assessments.posts(period(period), scope.listScope(department), Optional.ofNullable(window));
    }

    @GET
    @Path("/windows")
    @Operation(operationId = "rankWindows", summary = "Scores and ranking of the windows for a month or a year (mean of their posts' scores)")
    @APIResponse(responseCode = "200", description = "The windows' scores, ranked")
    @APIResponse(responseCode = "400", description = "period is not yyyy-MM or yyyy")
    public PostAssessmentService.Ranking<PostAssessmentService.WindowScore> windows(@QueryParam("period") String period,
                                                                                   @QueryParam("department") String department) {
        return assessments.windows(period(period), scope.listScope(department));
    }

    @GET
    @Path("/attendance/{post}/{month}")
    @Operation(operationId = "getPostAttendance", summary = "A post's entered attendance for a month (yyyy-MM), with its ETag")
    @APIResponse(responseCode = "200", description = "The entry", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = PostAssessmentService.Attendance.class)))
    @APIResponse(responseCode = "404", description = "No such post, or nothing entered")
    public Response attendance(@PathParam("post") String post, @PathParam("month") String month) {
        var a = assessments.attendance(post, month(month))
                .orElseThrow(() -> new NotFoundProblem("post-attendance", post + "/" + month));
        return EntityTags.ok(a, a.version());
    }

    @PUT
    @Path("/attendance/{post}/{month}")
    @RolesAllowed({Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "enterPostAttendance",
            summary = "Enter a post's attendance for a month (head of a department the window serves, efficiency office); a correction requires If-Match")
    @APIResponse(responseCode = "200", description = "Entered or corrected; the ETag", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = PostAssessmentService.Attendance.class)))
    @APIResponse(responseCode = "404", description = "No such post visible to the caller")
    @APIResponse(responseCode = "422", description = "More days present than due")
    @APIResponse(responseCode = "428", description = "A correction without If-Match")
    public Response enterAttendance(@PathParam("post") String post, @PathParam("month") String month,
                                    @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull AttendanceInput body) {
        var a = assessments.enterAttendance(post, month(month), ifMatch, body.dueDays(), body.presentDays());
        return EntityTags.ok(a, a.version());
    }
}
