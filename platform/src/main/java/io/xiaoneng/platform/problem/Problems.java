package io.xiaoneng.platform.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.xiaoneng.platform.calendar.CalendarYearMissingException;
import io.xiaoneng.platform.http.RequestTrace;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one path from "something went wrong" to a problem response, shared by the Quarkus REST exception mappers
 * ({@link ProblemExceptionMappers}) and the HTTP-layer failure handler ({@link ProblemFailureHandler}).
 *
 * <ol>
 *   <li>{@link #resolve} decides <em>what</em> to report: a {@link ProblemException} as thrown, or one derived from
 *       a known exception (validation, JSON, JAX-RS, security, database). Anything else is a 500 {@code internal}
 *       whose stack trace is logged under a fresh correlation id; the caller gets only that id.</li>
 *   <li>{@link #render} puts it into words for the caller's language.</li>
 * </ol>
 *
 * No exception message is ever copied into a response: messages of third-party exceptions routinely contain SQL,
 * class names and input values.
 */
public final class Problems {
    private Problems() {}

    private static final Logger LOG = Logger.getLogger(Problems.class);

    /** Request ids we echo: the gateway's format. Anything else is dropped rather than reflected. */

    /** Response headers of a JAX-RS exception that still hold for the problem response. */
    private static final List<String> KEPT_HEADERS = List.of("Allow", "Retry-After", "WWW-Authenticate");

    /**
     * The problem to report for {@code failure}.
     *
     * @param resourceMethod the matched resource method, when known (names query/path parameters in validation
     *                       errors); may be null
     * @param mapper         the service's ObjectMapper (JSON property names); may be null
     */
    public static ProblemException resolve(Throwable failure, ProblemRequest request, Method resourceMethod, ObjectMapper mapper) {
        ProblemException problem = classify(failure, resourceMethod, mapper);
        if (problem.status() >= 500) {
            String correlationId = problem.correlationId() != null ? problem.correlationId() : UUID.randomUUID().toString();
            problem.withCorrelationId(correlationId);
            String message = "Request failed, correlationId=%s: %s %s -> %d %s";
            if (problem.status() == 503) {
                LOG.warnf(failure, message, correlationId, request.method(), request.path(), problem.status(), problem.code());
            } else {
                LOG.errorf(failure, message, correlationId, request.method(), request.path(), problem.status(), problem.code());
            }
        } else if (LOG.isDebugEnabled()) {
            LOG.debugf(failure, "Request refused: %s %s -> %d %s", request.method(), request.path(), problem.status(), problem.code());
        }
        return problem;
    }

    private static ProblemException classify(Throwable failure, Method resourceMethod, ObjectMapper mapper) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ProblemException problem) { // also when wrapped by an interceptor or a CompletionException
                return problem;
            }
            if (c instanceof CalendarYearMissingException missing) {
                // a deadline on the way falls into a year whose holiday notice is not loaded: the caller's request
                // is fine, the service cannot carry it out until an administrator loads the year
                return UnprocessableProblem.calendarYearMissing(missing.year());
            }
        }
        if (failure instanceof ConstraintViolationException violations) {
            return ValidationProblems.of(violations.getConstraintViolations(), resourceMethod, mapper)
                    .orElseGet(() -> internal(failure));
        }
        if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException
                || failure instanceof AuthenticationCompletionException) {
            return new ProblemException(401, ProblemCodes.UNAUTHORIZED, "unauthorized");
        }
        if (failure instanceof ForbiddenException) {
            return new ProblemException(403, ProblemCodes.FORBIDDEN, "forbidden");
        }
        Optional<ProblemException> json = JsonProblems.of(failure);
        if (json.isPresent()) {
            return json.get();
        }
        if (failure instanceof WebApplicationException wae && wae.getResponse() != null) {
            int status = wae.getResponse().getStatus();
            if (status == 404 && wae.getCause() != null && resourceMethod != null) {
                // JAX-RS answers a query/path parameter it cannot convert (?kind=CITY for an enum) with 404; the
                // path exists, though, and "not found" would send the client looking in the wrong place. The
                // parameter is named where the failure tells which; otherwise the general answer.
                return ValidationProblems.unconvertibleParameter(wae.getCause(), resourceMethod)
                        .orElseGet(() -> new BadRequestProblem("invalid-parameter"));
            }
            ProblemException problem = ProblemException.ofStatus(status, wae);
            for (String header : KEPT_HEADERS) {
                String value = wae.getResponse().getHeaderString(header);
                if (value != null) {
                    problem.withHeader(header, value);
                }
            }
            return problem;
        }
        return DatabaseProblems.of(failure).orElseGet(() -> internal(failure));
    }

    private static ProblemException internal(Throwable cause) {
        return new ProblemException(500, ProblemCodes.INTERNAL, cause, "internal").withCorrelationId(UUID.randomUUID().toString());
    }

    /** The response for {@code problem} in the language {@code request} asks for. */
    public static RenderedProblem render(ProblemException problem, ProblemRequest request) {
        Locale locale = ProblemMessages.negotiate(request.acceptLanguage());
        Problem body = new Problem();
        body.code = problem.code();
        body.type = ProblemCodes.TYPE_BASE + problem.code();
        body.status = problem.status();
        body.title = ProblemMessages.title(problem.code(), problem.status(), locale);
        if (problem.detailKey() != null) {
            Map<String, Object> args = new LinkedHashMap<>();
            Object[] detailArgs = problem.detailArgs();
            for (int i = 0; i < detailArgs.length; i++) {
                args.put(String.valueOf(i), detailArgs[i]);
            }
            body.detail = ProblemMessages.format("detail." + problem.detailKey(), args, locale, null);
        }
        body.instance = request.path();
        if (!problem.fieldErrors().isEmpty()) {
            body.errors = new ArrayList<>();
            for (ProblemException.FieldErrorSpec error : problem.fieldErrors()) {
                String message = ProblemMessages.format(error.messageKey(), error.arguments(), locale, error.fallback());
                body.errors.add(new Problem.FieldError(error.field(), message, error.row()));
            }
        }
        body.allowed = problem.allowed();
        body.correlationId = problem.correlationId();
        if (RequestTrace.wellFormedRequestId(request.requestId())) {
            body.requestId = request.requestId();
        }
        problem.properties().forEach(body::extension);
        return new RenderedProblem(problem.status(), problem.headers(), body, locale);
    }
}
