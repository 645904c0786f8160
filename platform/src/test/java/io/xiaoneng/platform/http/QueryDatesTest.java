package io.xiaoneng.platform.http;

import io.xiaoneng.platform.problem.Problem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.ProblemRequest;
import io.xiaoneng.platform.problem.Problems;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Dates in query parameters: parsed, kept to plausible years, every offending parameter named in one answer. */
class QueryDatesTest {

    private static final ProblemRequest EN = new ProblemRequest("GET", "/api/v1/statistics", "en", null);
    private static final ProblemRequest ZH = new ProblemRequest("GET", "/api/v1/statistics", null, null);

    private static Problem rendered(Runnable call, ProblemRequest request) {
        ProblemException problem = catchThrowableOfType(ProblemException.class, call::run);
        assertThat(problem).as("a problem").isNotNull();
        var rendered = Problems.render(problem, request);
        assertThat(rendered.status()).isEqualTo(400);
        assertThat(rendered.body().code).isEqualTo("validation-failed");
        return rendered.body();
    }

    @Test
    void datesWithinTheYearsPass() {
        assertThat(QueryDates.required("day", "2026-10-01")).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThatCode(() -> QueryDates.check().date("from", LocalDate.of(2000, 1, 1)).date("to", LocalDate.of(2100, 12, 31))
                .date("since", null).month("month", YearMonth.of(2026, 2)).orThrow()).doesNotThrowAnyException();
    }

    @Test
    void everyParameterOutOfRangeIsNamed() {
        Problem problem = rendered(() -> QueryDates.check().date("from", LocalDate.of(1999, 12, 31))
                .date("to", LocalDate.parse("+999999999-12-31")).month("month", YearMonth.of(2026, 1)).orThrow(), EN);
        assertThat(problem.errors).extracting(Problem.FieldError::field).containsExactly("from", "to");
        assertThat(problem.errors).extracting(Problem.FieldError::message).containsOnly("must lie in the years 2000 to 2100");
        assertThat(rendered(() -> QueryDates.check().year("year", 2101).orThrow(), ZH).errors)
                .extracting(Problem.FieldError::message).containsExactly("须在 2000 至 2100 年之间");
    }

    @Test
    void aRequiredDateMustBeThereAndBeADate() {
        for (String text : new String[]{null, "", "2026-02-30", "yesterday"}) {
            assertThat(rendered(() -> QueryDates.required("day", text), EN).errors)
                    .extracting(Problem.FieldError::field, Problem.FieldError::message)
                    .as(String.valueOf(text)).containsExactly(org.assertj.core.groups.Tuple.tuple("day", "a date yyyy-MM-dd is required"));
        }
        assertThat(rendered(() -> QueryDates.required("day", "1970-01-01"), EN).errors)
                .extracting(Problem.FieldError::field).containsExactly("day");
    }
}
