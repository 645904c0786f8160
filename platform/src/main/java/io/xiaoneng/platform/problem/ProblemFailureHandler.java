package io.xiaoneng.platform.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Problem bodies for errors raised by the HTTP layer before (or outside) Quarkus REST — above all the 401 for an
 * invalid or expired bearer token.
 *
 * <p>With proactive authentication (Quarkus' default, kept on purpose: a request with a bad token is refused even
 * on a public endpoint), the OIDC mechanism rejects such a token in the Vert.x router: it sets 401 and
 * {@code WWW-Authenticate} and fails the routing context with {@link AuthenticationFailedException}; Quarkus would
 * then end the response with an empty body. The Quarkus security guide recommends exactly this for customizing
 * that response: a route failure handler, which receives the event with status and challenge headers already set
 * and only writes the body. Quarkus' own error handler is registered {@code last()}, so this one runs first.
 *
 * <p>The handler also turns any other failure that reaches the router (a status-only failure such as 413, or an
 * exception outside Quarkus REST) into a problem, through the same {@link Problems} path as the REST mappers.
 */
@ApplicationScoped
public class ProblemFailureHandler {

    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().failureHandler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        Throwable failure = ctx.failure();
        if (response.ended() || response.headWritten() || failure instanceof AuthenticationRedirectException) {
            ctx.next(); // too late to replace the response, or a redirect the mechanism already prepared
            return;
        }
        ProblemRequest request = ProblemExceptionMappers.request(ctx);
        ProblemException problem;
        if (failure == null || failure instanceof HttpException) {
            int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
            problem = Problems.resolve(ProblemException.ofStatus(status, failure), request, null, mapper);
        } else {
            problem = Problems.resolve(failure, request, null, mapper);
        }
        RenderedProblem rendered = Problems.render(problem, request);

        response.setStatusCode(rendered.status());
        rendered.headers().forEach(response::putHeader);
        boolean authFailure = failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || failure instanceof AuthenticationCompletionException;
        if ((rendered.status() == 401 || authFailure) && response.headers().get(WWW_AUTHENTICATE) == null) {
            response.putHeader(WWW_AUTHENTICATE, "Bearer");
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.putHeader(HttpHeaders.CONTENT_LANGUAGE, rendered.contentLanguage());
        response.putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
        response.end(ProblemJson.write(mapper, rendered.body()));
    }
}
