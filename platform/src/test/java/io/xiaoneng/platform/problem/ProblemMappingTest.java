package io.xiaoneng.platform.problem;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapping of exceptions to problems, without Quarkus: what each kind of failure looks like to a client. */
class ProblemMappingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ProblemRequest ZH = new ProblemRequest("POST", "/api/v1/widgets", null, "req-12345678");
    private static final ProblemRequest EN = new ProblemRequest("POST", "/api/v1/widgets", "en", null);
    private static final ValidatorFactory VALIDATION = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    // --- a resource as a service would write it -------------------------------------------------------------

    public record Item(@NotBlank String name) {}

    public record NewWidget(
            @NotBlank @Size(max = 5) String code,
            @JsonProperty("display_name") @NotBlank String displayName,
            @Valid List<Item> items) {}

    public static class WidgetResource {
        public void create(@QueryParam("dry-run") @Max(1) Integer dryRun, @Valid @NotNull NewWidget body) {}
    }

    private static Set<ConstraintViolation<WidgetResource>> violations(Integer dryRun, NewWidget body) throws Exception {
        Method create = WidgetResource.class.getMethod("create", Integer.class, NewWidget.class);
        return VALIDATION.getValidator().forExecutables().validateParameters(new WidgetResource(), create, new Object[]{dryRun, body});
    }

    private static Method createMethod() throws Exception {
        return WidgetResource.class.getMethod("create", Integer.class, NewWidget.class);
    }

    private static String json(RenderedProblem rendered) throws Exception {
        String body = MAPPER.writeValueAsString(rendered.body());
        ProblemLeaks.assertNone(body);
        return body;
    }

    // --- validation ----------------------------------------------------------------------------------------------

    @Test
    void validationFieldsAreTheClientsJsonPaths() throws Exception {
        var violations = violations(5, new NewWidget("far-too-long", " ", List.of(new Item("ok"), new Item(""))));
        ProblemException problem = Problems.resolve(new jakarta.validation.ConstraintViolationException(violations), EN, createMethod(), MAPPER);

        RenderedProblem rendered = Problems.render(problem, EN);
        assertThat(rendered.status()).isEqualTo(400);
        assertThat(rendered.body().code).isEqualTo("validation-failed");
        assertThat(rendered.body().errors).extracting(Problem.FieldError::field)
                .containsExactly("code", "display_name", "dry-run", "items[1].name");
        assertThat(rendered.body().errors).extracting(Problem.FieldError::message)
                .containsExactly("size must be between 0 and 5", "must not be blank", "must be less than or equal to 1", "must not be blank");
        json(rendered);

        RenderedProblem zh = Problems.render(problem, ZH);
        assertThat(zh.body().title).isEqualTo("输入校验未通过");
        assertThat(zh.body().errors).extracting(Problem.FieldError::message).contains("不能为空", "最大不能超过 1");
        assertThat(zh.contentLanguage()).isEqualTo("zh-CN");
    }

    @Test
    void aMissingBodyIsNamedAsTheParameter() throws Exception {
        ProblemException problem = Problems.resolve(new jakarta.validation.ConstraintViolationException(violations(null, null)), EN, createMethod(), MAPPER);
        assertThat(Problems.render(problem, EN).body().errors).extracting(Problem.FieldError::field).containsExactly("body");
    }

    @Test
    void withoutTheResourceMethodTheEntityParameterIsStillDropped() throws Exception {
        var violations = violations(null, new NewWidget("ok", "", null));
        ProblemException problem = Problems.resolve(new jakarta.validation.ConstraintViolationException(violations), EN, null, MAPPER);
        assertThat(Problems.render(problem, EN).body().errors).extracting(Problem.FieldError::field).containsExactly("displayName");
    }

    // --- JSON --------------------------------------------------------------------------------------------------

    public enum Kind { COUNTY_AGENCY, TOWN }

    public record Dto(String name, int count, Kind kind, List<Kind> kinds) {}

    private static Throwable readFailure(String json) {
        try {
            MAPPER.readValue(json, Dto.class);
            throw new AssertionError("expected a failure for " + json);
        } catch (Exception e) {
            // as Quarkus REST reports syntax errors: a 400 WebApplicationException with the Jackson exception as cause
            return e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException ? e : new WebApplicationException(e, 400);
        }
    }

    @Test
    void malformedJsonSaysWhereButNotWhat() throws Exception {
        RenderedProblem rendered = Problems.render(Problems.resolve(readFailure("{\"name\": \"x\",\n  \"count\": }"), EN, null, MAPPER), EN);
        assertThat(rendered.status()).isEqualTo(400);
        assertThat(rendered.body().code).isEqualTo("malformed-json");
        assertThat(rendered.body().detail).isEqualTo("The request body is not valid JSON (near line 2, column 12).");
        json(rendered);
    }

    @Test
    void wrongTypesAndUnknownEnumValuesNameTheFieldNotTheClass() throws Exception {
        RenderedProblem wrongType = Problems.render(Problems.resolve(readFailure("{\"count\": \"many\"}"), EN, null, MAPPER), EN);
        assertThat(wrongType.body().code).isEqualTo("validation-failed");
        assertThat(wrongType.body().errors).containsExactly(new Problem.FieldError("count", "must be an integer"));
        json(wrongType);

        RenderedProblem object = Problems.render(Problems.resolve(readFailure("{\"name\": {\"a\": 1}}"), ZH, null, MAPPER), ZH);
        assertThat(object.body().errors).containsExactly(new Problem.FieldError("name", "应为字符串"));
        json(object);

        RenderedProblem enumValue = Problems.render(Problems.resolve(readFailure("{\"kinds\": [\"TOWN\", \"CITY\"]}"), EN, null, MAPPER), EN);
        assertThat(enumValue.body().errors).containsExactly(new Problem.FieldError("kinds[1]", "must be one of: COUNTY_AGENCY, TOWN"));
        json(enumValue);
    }

    @Test
    void anArrayWhereTheBodyObjectBelongsSaysAnObjectIsExpected() throws Exception {
        RenderedProblem array = Problems.render(Problems.resolve(readFailure("[1, 2]"), EN, null, MAPPER), EN);
        assertThat(array.status()).isEqualTo(400);
        assertThat(array.body().code).isEqualTo("validation-failed");
        assertThat(array.body().errors).containsExactly(new Problem.FieldError(null, "must be an object"));
        json(array);
    }

    // --- JAX-RS, security -----------------------------------------------------------------------------------------

    @Test
    void jaxRsExceptionsKeepTheirStatusAndUsefulHeadersButNotTheirMessage() throws Exception {
        RenderedProblem notFound = Problems.render(Problems.resolve(new NotFoundException("secret java.lang.String"), EN, null, MAPPER), EN);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.body().code).isEqualTo("not-found");
        assertThat(json(notFound)).doesNotContain("secret");

        RenderedProblem notAllowed = Problems.render(Problems.resolve(new NotAllowedException("GET", new String[]{"POST"}), EN, null, MAPPER), EN);
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.headers().get("Allow")).contains("GET");
    }

    public enum State { OPEN, CLOSED }

    public static class SearchResource {
        public void search(@jakarta.ws.rs.PathParam("region") Kind region, @QueryParam("state") List<State> states,
                           @QueryParam("from") java.util.UUID from) {}

        public void between(@QueryParam("from") Kind from, @QueryParam("to") Kind to) {}

        public void report(@jakarta.ws.rs.PathParam("year") int year, @QueryParam("section") String section) {}

        public void day(@QueryParam("on") java.time.LocalDate on) {}

        public void period(@QueryParam("from") java.time.LocalDate from, @QueryParam("to") java.time.LocalDate to) {}
    }

    /** As Quarkus REST reports a parameter it cannot convert: 404 with the converter's exception as cause. */
    private static RenderedProblem unconvertible(Throwable cause, Method method) {
        return Problems.render(Problems.resolve(new NotFoundException(cause), EN, method, MAPPER), EN);
    }

    @Test
    void anUnconvertibleEnumParameterIsNamedWithItsAllowedValues() throws Exception {
        Method search = SearchResource.class.getMethod("search", Kind.class, List.class, java.util.UUID.class);

        RenderedProblem path = unconvertible(new IllegalArgumentException("No enum constant " + Kind.class.getCanonicalName() + ".CITY"), search);
        assertThat(path.status()).isEqualTo(400);
        assertThat(path.body().code).isEqualTo("validation-failed");
        assertThat(path.body().errors).containsExactly(new Problem.FieldError("region", "must be one of: COUNTY_AGENCY, TOWN"));

        RenderedProblem listElement = unconvertible(new IllegalArgumentException("No enum constant " + State.class.getCanonicalName() + ".a.b"), search);
        assertThat(listElement.body().errors).containsExactly(new Problem.FieldError("state", "must be one of: OPEN, CLOSED"));
        assertThat(json(listElement)).doesNotContain("a.b").doesNotContain("ProblemMappingTest");
    }

    @Test
    void aNumberOrAUuidParameterIsNamedWhenItIsTheOnlyOneOfItsKind() throws Exception {
        Method search = SearchResource.class.getMethod("search", Kind.class, List.class, java.util.UUID.class);
        RenderedProblem uuid = unconvertible(new IllegalArgumentException("Invalid UUID string: x"), search);
        assertThat(uuid.status()).isEqualTo(400);
        assertThat(uuid.body().code).isEqualTo("validation-failed");
        assertThat(uuid.body().errors).containsExactly(new Problem.FieldError("from", "must be a UUID"));

        Method report = SearchResource.class.getMethod("report", int.class, String.class);
        RenderedProblem year = unconvertible(new NumberFormatException("For input string: \"annual\""), report);
        assertThat(year.body().errors).containsExactly(new Problem.FieldError("year", "must be an integer"));
        assertThat(json(year)).doesNotContain("annual");
    }

    @Test
    void anUnconvertibleParameterThatCannotBeToldGetsTheGeneralAnswer() throws Exception {
        // two parameters of the enum: which one failed cannot be told, so none is named
        Method between = SearchResource.class.getMethod("between", Kind.class, Kind.class);
        RenderedProblem ambiguous = unconvertible(new IllegalArgumentException("No enum constant " + Kind.class.getCanonicalName() + ".CITY"), between);
        assertThat(ambiguous.status()).isEqualTo(400);
        assertThat(ambiguous.body().code).isEqualTo("bad-request");
        assertThat(ambiguous.body().errors).isNullOrEmpty();

        Method period = SearchResource.class.getMethod("period", java.time.LocalDate.class, java.time.LocalDate.class);
        RenderedProblem date = unconvertible(new java.time.format.DateTimeParseException("Text '2025-02-30' could not be parsed", "2025-02-30", 0), period);
        assertThat(date.body().code).isEqualTo("bad-request");
    }

    @Test
    void aDateParameterIsNamedWithItsFormat() throws Exception {
        Method day = SearchResource.class.getMethod("day", java.time.LocalDate.class);
        RenderedProblem date = unconvertible(new java.time.format.DateTimeParseException("Text '2025-02-30' could not be parsed", "2025-02-30", 0), day);
        assertThat(date.body().code).isEqualTo("validation-failed");
        assertThat(date.body().errors).containsExactly(new Problem.FieldError("on", "must be a date (yyyy-MM-dd, e.g. 2026-03-02)"));
        assertThat(json(date)).doesNotContain("2025-02-30");
    }

    @Test
    void anInvalidIdentifierSaysWhatIsWrongWithItButNotTheValue() {
        String typo = "11010519491231002X".substring(0, 17) + "1"; // the check character of 11010519491231002X is X
        var failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> io.xiaoneng.platform.identity.ResidentIdNumber.parse(typo), io.xiaoneng.platform.identity.InvalidIdentifierException.class);

        RenderedProblem en = Problems.render(Problems.resolve(failure.fieldProblem("applicant.idNumber"), EN, null, MAPPER), EN);
        assertThat(en.status()).isEqualTo(400);
        assertThat(en.body().code).isEqualTo("validation-failed");
        assertThat(en.body().errors).containsExactly(
                new Problem.FieldError("applicant.idNumber", "the check character does not match the others (a typing error?)"));
        RenderedProblem zh = Problems.render(Problems.resolve(failure.fieldProblem("applicant.idNumber"), ZH, null, MAPPER), ZH);
        assertThat(zh.body().errors).extracting(Problem.FieldError::message).containsExactly("校验码与其他位不符（可能输错了）");

        var shortOne = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> io.xiaoneng.platform.identity.PhoneNumber.parse("1381234"), io.xiaoneng.platform.identity.InvalidIdentifierException.class);
        RenderedProblem phone = Problems.render(shortOne.fieldProblem("applicant.phone"), EN);
        assertThat(phone.body().errors).extracting(Problem.FieldError::field).containsExactly("applicant.phone");
        assertThat(phone.body().errors.get(0).message()).isNotEqualTo("invalid value");
        assertThat(MAPPER.valueToTree(phone.body()).toString()).doesNotContain("1381234");
    }

    @Test
    void securityExceptions() {
        assertThat(Problems.resolve(new UnauthorizedException(), EN, null, MAPPER).status()).isEqualTo(401);
        assertThat(Problems.resolve(new ForbiddenException("role x missing"), EN, null, MAPPER).code()).isEqualTo("forbidden");
    }

    @Test
    void aDeadlineInAYearWithoutCalendarDataIsUnprocessableWhereverItIsComputed() throws Exception {
        // thrown deep inside a command (e.g. a pledge deadline), possibly wrapped by an interceptor
        var wrapped = new RuntimeException("interceptor", new io.xiaoneng.platform.calendar.CalendarYearMissingException(2027));
        RenderedProblem en = Problems.render(Problems.resolve(wrapped, EN, null, MAPPER), EN);
        assertThat(en.status()).isEqualTo(422);
        assertThat(en.body().code).isEqualTo("calendar-year-missing");
        assertThat(en.body().extensions()).containsEntry("year", 2027);
        assertThat(en.body().detail).contains("2027").doesNotContain("2,027");
        assertThat(json(en)).doesNotContain("CalendarYearMissingException");
        RenderedProblem zh = Problems.render(Problems.resolve(wrapped, ZH, null, MAPPER), ZH);
        assertThat(zh.body().title).isEqualTo("缺少该年度日历数据");
    }

    // --- database -------------------------------------------------------------------------------------------------

    private static PersistenceException hibernate(String message, String sqlState) {
        return new PersistenceException("could not execute statement [insert into department ...]",
                new org.hibernate.exception.ConstraintViolationException("could not execute statement",
                        new SQLException("ERROR: duplicate key value violates unique constraint \"department_pkey\"", sqlState), "department_pkey"));
    }

    @Test
    void databaseFailuresByStateNeverShowTheSql() throws Exception {
        RenderedProblem duplicate = Problems.render(Problems.resolve(hibernate("dup", "23505"), EN, null, MAPPER), EN);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().code).isEqualTo("conflict");
        json(duplicate);

        assertThat(Problems.resolve(hibernate("fk", "23503"), EN, null, MAPPER).status()).isEqualTo(409);
        assertThat(Problems.resolve(hibernate("too long", "22001"), EN, null, MAPPER).status()).isEqualTo(422);
        assertThat(Problems.resolve(hibernate("deadlock", "40P01"), EN, null, MAPPER).status()).isEqualTo(409);
    }

    @Test
    void unreachableOrSaturatedDatabaseIs503WithRetryAfter() throws Exception {
        ProblemException down = Problems.resolve(new JDBCConnectionException("Unable to acquire JDBC Connection",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001")), EN, null, MAPPER);
        RenderedProblem rendered = Problems.render(down, EN);
        assertThat(rendered.status()).isEqualTo(503);
        assertThat(rendered.headers()).containsEntry("Retry-After", "5");
        assertThat(rendered.body().correlationId).isNotBlank();
        json(rendered);

        ProblemException pool = Problems.resolve(new PersistenceException(new SQLException("Acquisition timeout while waiting for new connection")),
                EN, null, MAPPER);
        assertThat(pool.status()).isEqualTo(503);
    }

    // --- everything else -------------------------------------------------------------------------------------------

    @Test
    void anythingElseIsA500WithOnlyACorrelationId() throws Exception {
        ProblemException problem = Problems.resolve(new IllegalStateException("select * from secrets where java.lang.Object"), ZH, null, MAPPER);
        RenderedProblem rendered = Problems.render(problem, ZH);
        assertThat(rendered.status()).isEqualTo(500);
        assertThat(rendered.body().code).isEqualTo("internal");
        assertThat(rendered.body().correlationId).matches("[0-9a-f-]{36}");
        assertThat(rendered.body().requestId).isEqualTo("req-12345678");
        assertThat(rendered.body().type).isEqualTo("https://xiaoneng.example/problems/internal");
        assertThat(rendered.body().instance).isEqualTo("/api/v1/widgets");
        assertThat(json(rendered)).doesNotContain("secrets");
    }

    @Test
    void aProblemWrappedByAnInterceptorIsStillThatProblem() {
        ProblemException inner = new NotFoundProblem("widget", "w-1");
        assertThat(Problems.resolve(new RuntimeException(inner), EN, null, MAPPER)).isSameAs(inner);
    }

    @Test
    void illegalTransitionNamesTheAllowedCommands() throws Exception {
        RenderedProblem rendered = Problems.render(new IllegalTransitionProblem("application", "A-1", "ACCEPTED", "accept",
                List.of("approve", "reject")), EN);
        assertThat(rendered.status()).isEqualTo(409);
        assertThat(rendered.body().allowed).containsExactly("approve", "reject");
        assertThat(rendered.body().detail).isEqualTo("The application \"A-1\" is in state ACCEPTED, which does not allow accept.");
        assertThat(json(rendered)).contains("\"state\":\"ACCEPTED\"", "\"command\":\"accept\"");
    }

    @Test
    void requestIdsAreEchoedOnlyWhenWellFormed() {
        ProblemRequest hostile = new ProblemRequest("GET", "/x", null, "<script>alert(1)</script>");
        assertThat(Problems.render(new NotFoundProblem("widget", "w"), hostile).body().requestId).isNull();
    }

    @Test
    void leakCheckCatchesTheUsualSuspects() {
        assertThat(ProblemLeaks.find("at io.xiaoneng.Foo.bar(Foo.java:12)")).isNotEmpty();
        assertThat(ProblemLeaks.find("org.postgresql.util.PSQLException: ERROR: duplicate key value")).hasSizeGreaterThan(2);
        assertThat(ProblemLeaks.find("SQL state 23505")).isNotEmpty();
        assertThat(ProblemLeaks.find("Cannot deserialize value of type `java.lang.String`")).isNotEmpty();
        assertThat(ProblemLeaks.find("insert into department (code) values ('x')")).isNotEmpty();
        assertThat(ProblemLeaks.find("{\"type\":\"https://xiaoneng.example/problems/not-found\",\"detail\":\"部门“x”不存在。\"}")).isEmpty();
    }
}
