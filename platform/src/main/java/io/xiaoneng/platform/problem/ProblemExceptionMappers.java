package io.xiaoneng.platform.problem;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * Every exception that leaves a resource method of any service becomes a problem response here.
 *
 * <p>Why {@code @ServerExceptionMapper} methods: Quarkus REST discovers them in this library through its Jandex
 * index like the services' own, and they may take the {@link RoutingContext} (request path, headers, and the
 * {@link HttpAuthenticator} for the 401 challenge) and return a {@code Uni}. Quarkus registers its built-in mappers
 * (security, Jackson's {@code MismatchedInputException}, Hibernate Validator's {@code ValidationException}) with
 * priority {@code USER + 1}; ours have {@code USER} and therefore win for the same exception type. Mappers are
 * otherwise chosen by the nearest exception superclass, so the {@code Throwable} mapper only sees what nothing more
 * specific claims.
 *
 * <p>A {@link WebApplicationException} that already carries an entity is sent as it is by Quarkus REST without
 * consulting mappers; the platform's own exceptions are therefore not {@code WebApplicationException}s.
 */
public class ProblemExceptionMappers {

    @Inject
    ObjectMapper mapper;

    @ServerExceptionMapper(priority = Priorities.USER)
    public Response problem(ProblemException e, RoutingContext routing, ResourceInfo resource) {
        return respond(e, routing, resource);
    }

    @ServerExceptionMapper(priority = Priorities.USER)
    public Response validation(ConstraintViolationException e, RoutingContext routing, ResourceInfo resource) {
        return respond(e, routing, resource);
    }

    /** Other validation exceptions (bad constraint declarations, ...) are our bug: 500. */
    @ServerExceptionMapper(priority = Priorities.USER)
    public Response validationSetup(ValidationException e, RoutingContext routing, ResourceInfo resource) {
        return respond(e, routing, resource);
    }

    @ServerExceptionMapper(value = {MismatchedInputException.class, JsonProcessingException.class, JacksonException.class},
            priority = Priorities.USER)
    public Response json(Exception e, RoutingContext routing, ResourceInfo resource) {
        return respond(e, routing, resource);
    }

    /** 404 for unknown paths, 405, 406, 415, and malformed JSON (Quarkus REST wraps parse errors in a 400). */
    @ServerExceptionMapper(priority = Priorities.USER)
    public Response webApplication(WebApplicationException e, RoutingContext routing, ResourceInfo resource) {
        return respond(e, routing, resource);
    }

    @ServerExceptionMapper(priority = Priorities.USER)
    public Response forbidden(ForbiddenException e, RoutingContext routing, ResourceInfo resource) {
        return respond(e, routing, resource);
    }

    /**
     * 401 with the challenge of the authentication mechanism in use ({@code WWW-Authenticate: Bearer} for the
     * services' OIDC bearer tokens), as Quarkus' built-in mapper would send, plus a problem body. This covers a
     * missing token (the identity is anonymous and {@code @Authenticated}/{@code @RolesAllowed} refuses it) and,
     * with proactive authentication off, an invalid one. With proactive authentication on (the default), an
     * invalid token is refused before Quarkus REST runs: {@link ProblemFailureHandler} writes that body.
     */
    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class}, priority = Priorities.USER)
    public Uni<Response> unauthorized(RuntimeException e, RoutingContext routing, ResourceInfo resource) {
        RenderedProblem rendered = render(e, routing, resource);
        HttpAuthenticator authenticator = routing.get(HttpAuthenticator.class.getName());
        Uni<ChallengeData> challenge = authenticator == null
                ? Uni.createFrom().nullItem()
                : authenticator.getChallenge(routing);
        return challenge
                .onFailure().recoverWithNull()
                .map(data -> {
                    Response.ResponseBuilder builder = builder(rendered);
                    boolean challenged = false;
                    if (data != null) {
                        for (Map.Entry<CharSequence, String> header : data.getHeaders().entrySet()) {
                            builder.header(header.getKey().toString(), header.getValue());
                            challenged |= HttpHeaders.WWW_AUTHENTICATE.equalsIgnoreCase(header.getKey().toString());
                        }
                    }
                    if (!challenged) {
                        builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                    }
                    return builder.build();
                });
    }

    /** Everything else: database failures by SQLState, otherwise 500 with a correlation id. */
    @ServerExceptionMapper(priority = Priorities.USER)
    public Response anything(Throwable e, RoutingContext routing, ResourceInfo resource) {
        return respond(e, routing, resource);
    }

    private Response respond(Throwable e, RoutingContext routing, ResourceInfo resource) {
        return builder(render(e, routing, resource)).build();
    }

    private RenderedProblem render(Throwable e, RoutingContext routing, ResourceInfo resource) {
        ProblemRequest request = request(routing);
        Method method = resource == null ? null : resource.getResourceMethod();
        return Problems.render(Problems.resolve(e, request, method, mapper), request);
    }

    static ProblemRequest request(RoutingContext routing) {
        return new ProblemRequest(routing.request().method().name(), routing.request().path(),
                routing.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE),
                routing.request().getHeader(ProblemRequest.REQUEST_ID_HEADER));
    }

    private Response.ResponseBuilder builder(RenderedProblem rendered) {
        Response.ResponseBuilder builder = Response.status(rendered.status())
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_LANGUAGE, rendered.contentLanguage())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
                .entity(ProblemJson.write(mapper, rendered.body()));
        rendered.headers().forEach(builder::header);
        return builder;
    }
}
