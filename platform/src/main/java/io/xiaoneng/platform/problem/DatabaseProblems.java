package io.xiaoneng.platform.problem;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.JDBCConnectionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Database failures that mean something to the caller, by PostgreSQL SQLState (never by message text, except for
 * Agroal's pool timeout, which has no SQLState). The SQL, the SQLState and the constraint name stay in the log:
 * they describe our schema, not the caller's request.
 *
 * <ul>
 *   <li>23505 unique violation → 409 {@code conflict} (a duplicate that slipped past the service's own check, e.g.
 *       two concurrent creations)</li>
 *   <li>23503 foreign key violation → 409 {@code conflict}</li>
 *   <li>23502/23514/22xxx not-null, check, data exceptions → 422 {@code unprocessable} (input the validation
 *       should have refused)</li>
 *   <li>40001/40P01/55P03 serialization failure, deadlock, lock not available; optimistic lock failure → 409
 *       {@code conflict}, retrying may succeed</li>
 *   <li>08xxx, 53xxx, 57P0x connection failures, too many connections, shutdown; Hibernate's
 *       {@code JDBCConnectionException}; the pool's acquisition timeout → 503 {@code unavailable} with
 *       {@code Retry-After}</li>
 * </ul>
 */
final class DatabaseProblems {
    private DatabaseProblems() {}

    /** How long a client should wait after the database was unreachable or saturated. */
    static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

    static Optional<ProblemException> of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OptimisticLockException || c instanceof StaleStateException) {
                return Optional.of(new ConflictProblem("concurrent-modification"));
            }
            if (c instanceof JDBCConnectionException || c instanceof SQLTransientConnectionException
                    || c instanceof SQLNonTransientConnectionException) {
                return Optional.of(new UnavailableProblem(UNAVAILABLE_RETRY_AFTER, t));
            }
            if (c instanceof SQLException sql) {
                Optional<ProblemException> mapped = bySqlState(sql, t);
                if (mapped.isPresent()) {
                    return mapped;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<ProblemException> bySqlState(SQLException first, Throwable original) {
        for (SQLException e = first; e != null; e = e.getNextException()) {
            String state = e.getSQLState();
            if (state == null) {
                String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("acquisition timeout")) { // Agroal: pool exhausted or database unreachable
                    return Optional.of(new UnavailableProblem(UNAVAILABLE_RETRY_AFTER, original));
                }
                continue;
            }
            switch (state) {
                case "23505" -> {
                    return Optional.of(new ConflictProblem("duplicate"));
                }
                case "23503" -> {
                    return Optional.of(new ConflictProblem("reference-conflict"));
                }
                case "23502", "23514" -> {
                    return Optional.of(new UnprocessableProblem("constraint-rejected"));
                }
                case "40001", "40P01", "55P03" -> {
                    return Optional.of(new ConflictProblem("concurrent-modification"));
                }
                default -> {
                    if (state.startsWith("22")) {
                        return Optional.of(new UnprocessableProblem("constraint-rejected"));
                    }
                    if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P0")) {
                        return Optional.of(new UnavailableProblem(UNAVAILABLE_RETRY_AFTER, original));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
