package io.xiaoneng.approval.api;

import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import io.xiaoneng.platform.problem.PreconditionFailedProblem;
import io.xiaoneng.platform.problem.TooManyRequestsProblem;
import io.xiaoneng.platform.problem.UnavailableProblem;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.hibernate.exception.JDBCConnectionException;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Test-only endpoints (test sources are part of the application under @QuarkusTest) that fail the ways the real
 * endpoints cannot be made to fail on demand: server errors, an unreachable database, rate limits.
 */
@Path("/test/problems")
public class ProblemTestResource {

    @Inject
    EntityManager em;

    /** A bug: the message is full of things no client may see. */
    @GET
    @Path("/bug")
    public String bug() {
        throw new IllegalStateException("select * from department where java.lang.String at io.xiaoneng.Secret(Secret.java:1)");
    }

    @GET
    @Path("/npe")
    public String npe() {
        Object nothing = null;
        return nothing.toString();
    }

    /** The driver's failure when PostgreSQL is unreachable, as Hibernate reports it. */
    @GET
    @Path("/database-down")
    public String databaseDown() {
        throw new JDBCConnectionException("Unable to acquire JDBC Connection [select 1]",
                new SQLException("Connection to 127.0.0.1:5432 refused. Check that the hostname and port are correct", "08001"));
    }

    /** Agroal's pool timeout: no SQLState. */
    @GET
    @Path("/pool-exhausted")
    public String poolExhausted() {
        throw new PersistenceException("Unable to acquire JDBC Connection",
                new SQLException("Acquisition timeout while waiting for new connection"));
    }

    /** A real unique violation from PostgreSQL (the same row inserted twice). */
    @POST
    @Path("/duplicate")
    @Transactional
    public String duplicate() {
        String code = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 2; i++) {
            em.createNativeQuery("insert into department (code, name, kind) values (?1, 'x', 'TOWN')")
                    .setParameter(1, code).executeUpdate();
        }
        return code;
    }

    @GET
    @Path("/rate-limited")
    public String rateLimited() {
        throw new TooManyRequestsProblem(Duration.ofSeconds(30));
    }

    @GET
    @Path("/unavailable")
    public String unavailable() {
        throw new UnavailableProblem(Duration.ofMillis(2500));
    }

    @GET
    @Path("/stale")
    public String stale() {
        throw new PreconditionFailedProblem();
    }

    @GET
    @Path("/transition")
    public String transition() {
        throw new IllegalTransitionProblem("application", "A-2026-0001", "ACCEPTED", "accept", List.of("approve", "reject", "suspend"));
    }

    /** A validated query parameter: its violation is named as in @QueryParam. */
    @GET
    @Path("/page")
    public String page(@QueryParam("page-size") @Max(100) int size) {
        return "ok";
    }
}
