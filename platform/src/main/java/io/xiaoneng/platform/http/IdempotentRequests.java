package io.xiaoneng.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.xiaoneng.platform.identity.PiiCipher;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for creating requests: the first successful response is stored in the service's own
 * database (table {@code idempotency_record}, migration {@code db/platform/V0_2__idempotency.sql}); a retry with the
 * same key and the same request gets that response again, with {@code Idempotent-Replayed: true}, and changes
 * nothing.
 *
 * <pre>{@code
 * @POST
 * public Response create(@HeaderParam(IdempotencyKey.HEADER) String key, @Valid @NotNull NewThing body) {
 *     return idempotency.execute(key, body, () -> {
 *         Thing t = things.create(body);
 *         return Response.created(URI.create("/api/v1/things/" + t.id)).entity(ThingView.of(t)).build();
 *     });
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Scope.</b> Keys are per caller: the token subject (a user or a platform's service account), or
 *       {@code anonymous} for unauthenticated callers, who therefore should use random UUIDs.</li>
 *   <li><b>Same request?</b> A SHA-256 over method, request URI and the request body as the service parsed it
 *       (canonical JSON, so whitespace and key order of the client's text do not matter). Same key, different
 *       request → 422 {@code idempotency-key-reused}.</li>
 *   <li><b>Concurrency — why an advisory lock.</b> The whole exchange runs in one transaction that first takes
 *       {@code pg_advisory_xact_lock} on (caller, key). A concurrent duplicate waits on that lock (bounded by
 *       {@code xiaoneng.idempotency.lock-timeout}, default 10 s, then 409 {@code request-in-progress}); when the
 *       first commits, it finds the stored response and replays it. The resource and the stored response commit
 *       <em>together</em>, so there is never a created resource without its record or an "in progress" row orphaned
 *       by a crash, which an insert-first scheme would have to clean up. The primary key (scope, key) backs it up.</li>
 *   <li><b>What is stored.</b> Only 2xx responses: status, {@code Location}/{@code ETag}/{@code Content-Location},
 *       and the JSON body. A failed attempt rolls back and leaves nothing, so the client may retry it. In a service
 *       with a {@link PiiCipher} the body is stored encrypted with it: a creating answer may carry what the service
 *       otherwise keeps only encrypted or hashed (an applicant's ID number for the filer, a tracking code, a
 *       subscriber's secret). Records are not re-encrypted after a key rotation; they expire with the retention.</li>
 *   <li><b>Retention.</b> {@code xiaoneng.idempotency.retention} (default 24h); expired records are ignored and
 *       deleted every {@code xiaoneng.idempotency.cleanup-interval} (default 1h, 0 = off) by any replica.</li>
 * </ul>
 * Without the header, the operation simply runs (in a transaction).
 */
@ApplicationScoped
public class IdempotentRequests {

    private static final Logger LOG = Logger.getLogger(IdempotentRequests.class);

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** First key of the two-int advisory lock: keeps our locks apart from any other advisory lock of a service. */
    static final int LOCK_NAMESPACE = 0x1DE4;

    /** Response headers that belong to the result and are replayed with it. */
    /** An encrypted stored body ({@code v1:…}); a JSON body starts with a bracket or a quote. */
    private static final Pattern ENCRYPTED = Pattern.compile("v\\d+:");

    private static final List<String> STORED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.CONTENT_LOCATION);

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentVertxRequest currentRequest;

    @Inject
    Instance<PiiCipher> ciphers;

    @ConfigProperty(name = "xiaoneng.idempotency.retention", defaultValue = "24h")
    Duration retention;

    @ConfigProperty(name = "xiaoneng.idempotency.lock-timeout", defaultValue = "10s")
    Duration lockTimeout;

    @ConfigProperty(name = "xiaoneng.idempotency.cleanup-interval", defaultValue = "1h")
    Duration cleanupInterval;

    private ScheduledExecutorService cleaner;

    private record Stored(String requestHash, int status, Map<String, String> headers, String body, boolean expired) {}

    /**
     * Runs {@code operation} once per (caller, key): see the class comment.
     *
     * @param idempotencyKey the raw header value; null runs the operation without idempotency
     * @param requestBody    the parsed request body (its canonical JSON is part of the request fingerprint)
     */
    @Transactional
    public Response execute(String idempotencyKey, Object requestBody, Supplier<Response> operation) {
        HttpServerRequest request = currentRequest.getCurrent().request();
        if (idempotencyKey == null && request.headers().contains(IdempotencyKey.HEADER)) {
            idempotencyKey = ""; // sent but empty (or only blanks, which HTTP trims): refuse, don't ignore
        }
        if (idempotencyKey == null) {
            return operation.get();
        }
        IdempotencyKey key = new IdempotencyKey(idempotencyKey);
        String scope = callerScope();
        String fingerprint = fingerprint(request.method().name(), request.uri(), requestBody);
        // Inside the transaction Agroal hands out the connection enlisted in it, the one Hibernate uses too:
        // lock, lookup, the operation's changes and the stored response commit (or roll back) as one.
        try (Connection connection = dataSource.getConnection()) {
            lock(connection, scope, key);
            Stored stored = find(connection, scope, key);
            if (stored != null && !stored.expired()) {
                if (!stored.requestHash().equals(fingerprint)) {
                    throw UnprocessableProblem.idempotencyKeyReused();
                }
                return build(stored.status(), stored.headers(), stored.body()).header(REPLAYED_HEADER, "true").build();
            }
            if (stored != null) {
                delete(connection, scope, key);
            }
            Response response = operation.get();
            if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
                return response;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : STORED_HEADERS) {
                String value = response.getHeaderString(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            String body = body(response.getEntity());
            insert(connection, scope, key, request, fingerprint, response.getStatus(), headers, sealed(body));
            // The first caller gets exactly what every replay will get.
            return build(response.getStatus(), headers, body).build();
        } catch (SQLException e) {
            throw new IllegalStateException("Idempotency record access failed", e); // mapped by SQLState
        }
    }

    /** Deletes expired records; returns how many. Runs periodically, safe on every replica at once. */
    public int purgeExpired() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            return statement.executeUpdate("delete from idempotency_record where expires_at < now()");
        } catch (SQLException e) {
            throw new IllegalStateException("Idempotency record cleanup failed", e);
        }
    }

    void startCleanup(@Observes StartupEvent event) {
        if (cleanupInterval.isZero() || cleanupInterval.isNegative()) {
            return;
        }
        cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idempotency-cleanup");
            t.setDaemon(true);
            return t;
        });
        long every = cleanupInterval.toMillis();
        cleaner.scheduleWithFixedDelay(() -> {
            try {
                int deleted = purgeExpired();
                if (deleted > 0) {
                    LOG.debugf("Deleted %d expired idempotency records", deleted);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Idempotency record cleanup failed; next attempt in %s", cleanupInterval);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void stopCleanup(@Observes ShutdownEvent event) {
        if (cleaner != null) {
            cleaner.shutdownNow();
        }
    }

    private String callerScope() {
        if (identity.isAnonymous()) {
            return "anonymous";
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    String fingerprint(String method, String uri, Object requestBody) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((method + " " + uri + "\n").getBytes(StandardCharsets.UTF_8));
            if (requestBody != null) {
                sha256.update(mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsBytes(requestBody));
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Request fingerprint failed", e);
        }
    }

    private void lock(Connection connection, String scope, IdempotencyKey key) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
        }
        try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, LOCK_NAMESPACE);
            ps.setString(2, scope + "\n" + key.value());
            ps.execute();
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) { // lock_timeout: the first request is still running
                throw ConflictProblem.requestInProgress();
            }
            throw e;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local lock_timeout to default"); // the operation's own locks wait as usual
        }
    }

    private Stored find(Connection connection, String scope, IdempotencyKey key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "select request_hash, response_status, response_headers, response_body, expires_at < now() "
                        + "from idempotency_record where scope = ? and idempotency_key = ?")) {
            ps.setString(1, scope);
            ps.setString(2, key.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, String> headers = mapper.readValue(rs.getString(3), new TypeReference<LinkedHashMap<String, String>>() {});
                return new Stored(rs.getString(1), rs.getInt(2), headers, opened(rs.getString(4)), rs.getBoolean(5));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Stored idempotency record is unreadable", e);
            }
        }
    }

    private void delete(Connection connection, String scope, IdempotencyKey key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("delete from idempotency_record where scope = ? and idempotency_key = ?")) {
            ps.setString(1, scope);
            ps.setString(2, key.value());
            ps.executeUpdate();
        }
    }

    private void insert(Connection connection, String scope, IdempotencyKey key, HttpServerRequest request, String fingerprint,
                        int status, Map<String, String> headers, String body) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "insert into idempotency_record (scope, idempotency_key, request_method, request_path, request_hash, "
                        + "response_status, response_headers, response_body, expires_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?))")) {
            ps.setString(1, scope);
            ps.setString(2, key.value());
            ps.setString(3, request.method().name());
            ps.setString(4, request.path());
            ps.setString(5, fingerprint);
            ps.setInt(6, status);
            ps.setString(7, mapper.writeValueAsString(headers));
            ps.setString(8, body);
            ps.setDouble(9, retention.toMillis() / 1000.0);
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response headers could not be stored", e);
        }
    }

    /** The body as stored: encrypted where the service has a cipher. */
    private String sealed(String body) {
        return body != null && ciphers.isResolvable() ? ciphers.get().encrypt(body) : body;
    }

    /** A stored body as it was answered; bodies stored in clear (no cipher, or before encryption) are JSON. */
    private String opened(String stored) {
        return stored != null && ENCRYPTED.matcher(stored).lookingAt() ? ciphers.get().decrypt(stored) : stored;
    }

    private String body(Object entity) {
        if (entity == null || entity instanceof String) {
            return (String) entity;
        }
        try {
            return mapper.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response body could not be stored", e);
        }
    }

    private static Response.ResponseBuilder build(int status, Map<String, String> headers, String body) {
        Response.ResponseBuilder builder = Response.status(status);
        headers.forEach((name, value) -> {
            if (HttpHeaders.LOCATION.equalsIgnoreCase(name)) {
                builder.location(URI.create(value));
            } else {
                builder.header(name, value);
            }
        });
        if (body != null) {
            builder.entity(body).type(MediaType.APPLICATION_JSON_TYPE);
        }
        return builder;
    }
}
