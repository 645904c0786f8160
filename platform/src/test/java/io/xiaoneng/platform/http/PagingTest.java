package io.xiaoneng.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.platform.problem.Problem;
import io.xiaoneng.platform.problem.ProblemRequest;
import io.xiaoneng.platform.problem.Problems;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one paging convention of every list: what a request may ask for, and what a page says about itself. */
class PagingTest {

    private static final ValidatorFactory VALIDATION = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    public static class ThingResource {
        public void list(@QueryParam("status") String status, @Valid @BeanParam PageRequest page) {}
    }

    private static final ProblemRequest EN = new ProblemRequest("GET", "/api/v1/things", "en", null);

    private static Map<String, String> errors(int page, int size) throws Exception {
        Method list = ThingResource.class.getMethod("list", String.class, PageRequest.class);
        PageRequest request = new PageRequest();
        request.page = page;
        request.size = size;
        Set<ConstraintViolation<ThingResource>> violations = VALIDATION.getValidator().forExecutables()
                .validateParameters(new ThingResource(), list, new Object[]{"OPEN", request});
        if (violations.isEmpty()) {
            return Map.of();
        }
        var problem = Problems.resolve(new jakarta.validation.ConstraintViolationException(violations), EN, list, new ObjectMapper());
        var rendered = Problems.render(problem, EN);
        assertThat(rendered.status()).isEqualTo(400);
        return rendered.body().errors.stream().collect(Collectors.toMap(Problem.FieldError::field, Problem.FieldError::message));
    }

    @Test
    void aRequestAsksForAPageFromZeroOfOneToAHundredItems() throws Exception {
        assertThat(errors(0, 1)).isEmpty();
        assertThat(errors(PageRequest.MAX_PAGE, PageRequest.MAX_SIZE)).isEmpty();
        assertThat(errors(-1, 20)).containsOnlyKeys("page");
        assertThat(errors(0, 0)).containsOnlyKeys("size");
        assertThat(errors(0, 101)).containsEntry("size", "must be less than or equal to 100");
        assertThat(errors(PageRequest.MAX_PAGE + 1, 0)).containsOnlyKeys("page", "size");
    }

    @Test
    void withoutQueryParametersItIsTheFirstPageOfTwenty() {
        PageRequest defaults = new PageRequest();
        assertThat(defaults.page).isZero();
        assertThat(defaults.size).isEqualTo(20);
        assertThat(PageRequest.of(3, 25).offset()).isEqualTo(75);
        assertThatThrownBy(() -> PageRequest.of(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPageKeepsWhatWasAskedForAndMapsItsItems() {
        PageOf<Integer> page = PageOf.of(List.of(1, 2, 3), 43, PageRequest.of(2, 3));
        PageOf<String> views = page.map(n -> "#" + n);
        assertThat(views).isEqualTo(new PageOf<>(List.of("#1", "#2", "#3"), 43, 2, 3));
        assertThat(PageOf.empty(PageRequest.of(1, 10))).isEqualTo(new PageOf<>(List.of(), 0, 1, 10));
    }
}
