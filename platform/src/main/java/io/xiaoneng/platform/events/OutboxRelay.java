package io.xiaoneng.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes outbox rows to Kafka as CloudEvents (binary mode), acks=all with an idempotent producer.
 *
 * <p>Order per key: rows are split into buckets by key; a relay publishes a bucket only while it holds that
 * bucket's PostgreSQL advisory lock, so several replicas share the work without ever publishing one key out of
 * order. A row is deleted only after the broker acknowledged it; a failure leaves it (and everything
 * after it in its bucket) for a retry with exponential backoff — at-least-once delivery, which the consumers'
 * inbox turns into exactly-once effects.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** First key of the two-int advisory lock: "outbox" in ASCII-ish; the second is the bucket. */
    private static final int LOCK_CLASS = 0x6f757478;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    /** Bootstrap servers and security settings ({@code kafka.*}) shared with every other Kafka client. */
    @Inject
    KafkaClientProperties kafka;

    @ConfigProperty(name = "xiaoneng.outbox.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "xiaoneng.outbox.buckets", defaultValue = "16")
    int buckets;

    @ConfigProperty(name = "xiaoneng.outbox.batch-size", defaultValue = "5000")
    int batchSize;

    @ConfigProperty(name = "xiaoneng.outbox.poll-interval", defaultValue = "PT0.5S")
    Duration pollInterval;

    @ConfigProperty(name = "xiaoneng.outbox.max-backoff", defaultValue = "PT30S")
    Duration maxBackoff;

    /** Topics that hold reference data (latest state per key) and so must be log-compacted. */
    @ConfigProperty(name = "xiaoneng.outbox.compacted-topics")
    Optional<Set<String>> compactedTopics;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean pending;
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, byte[]> producer;
    private boolean topicsReady;
    private Instant lastGauges = Instant.EPOCH;

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestUnsentAgeMillis = new AtomicLong();
    private Counter published;
    private Counter failures;

    void start(@Observes StartupEvent event) {
        Gauge.builder("xiaoneng.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox events not yet acknowledged by Kafka").register(registry);
        Gauge.builder("xiaoneng.outbox.oldest.unsent.age", oldestUnsentAgeMillis, a -> a.get() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest unpublished outbox event").register(registry);
        published = Counter.builder("xiaoneng.outbox.published").description("Events acknowledged by Kafka").register(registry);
        failures = Counter.builder("xiaoneng.outbox.publish.failures").description("Failed publish attempts").register(registry);
        if (!enabled) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake();
        if (thread != null) {
            thread.join(10_000);
        }
        closeProducer();
    }

    /** After a business transaction committed an event, publish now instead of at the next poll. */
    void onRecorded(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxRecorded recorded) {
        wake();
    }

    private void wake() {
        lock.lock();
        try {
            pending = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long backlog() {
        return backlog.get();
    }

    public Duration oldestUnsentAge() {
        return Duration.ofMillis(oldestUnsentAgeMillis.get());
    }

    private void loop() {
        int consecutiveFailures = 0;
        while (running) {
            RoundResult result;
            try {
                ensureTopics();
                result = publishRound();
                refreshGauges(false);
            } catch (Exception e) {
                result = new RoundResult(0, true);
                LOG.warnf("Outbox relay round failed: %s", e.getMessage());
            }
            consecutiveFailures = result.failed() ? consecutiveFailures + 1 : 0;
            if (result.published() > 0 && !result.failed()) {
                continue; // more may be waiting: go again without sleeping
            }
            awaitWork(result.failed() ? backoff(consecutiveFailures) : pollInterval);
        }
    }

    private Duration backoff(int failuresInARow) {
        long millis = Math.min(maxBackoff.toMillis(), 200L << Math.min(failuresInARow, 10));
        return Duration.ofMillis(millis);
    }

    private void awaitWork(Duration wait) {
        lock.lock();
        try {
            if (!pending) {
                work.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
            pending = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    public record RoundResult(int published, boolean failed) {}

    /** {@code headers}: the request id and trace context of the request that caused the event (JSON), or null. */
    private record Row(long seq, int bucket, UUID id, String topic, String key, String type, String source,
                       String dataschema, String payload, Instant occurredAt, Instant nextAttemptAt, int attempts,
                       String headers) {}

    private static final ObjectMapper HEADER_JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADER_MAP = new TypeReference<>() {};

    /**
     * One round: take every bucket no other replica holds (advisory locks held until this transaction ends),
     * send their oldest unpublished rows in one go, wait for the acknowledgements once, and mark what the broker
     * acknowledged. Within a bucket nothing after a failed row is marked, so a key's order survives a retry.
     */
    public RoundResult publishRound() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Integer[] mine = lockFreeBuckets(c);
                if (mine.length == 0) {
                    c.rollback();
                    return new RoundResult(0, false);
                }
                long t0 = System.nanoTime();
                List<Row> rows = unpublished(c, mine);
                long t1 = System.nanoTime();
                Instant now = Instant.now();
                Set<Integer> blocked = new java.util.HashSet<>();
                Set<Integer> seen = new java.util.HashSet<>();
                List<Row> toSend = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    // The head of a bucket backing off holds back the whole bucket: order before speed.
                    if (seen.add(row.bucket()) && row.nextAttemptAt().isAfter(now)) {
                        blocked.add(row.bucket());
                    }
                    if (!blocked.contains(row.bucket())) {
                        toSend.add(row);
                    }
                }
                if (toSend.isEmpty()) {
                    c.rollback();
                    return new RoundResult(0, false);
                }
                KafkaProducer<String, byte[]> p = producer();
                List<Future<RecordMetadata>> sends = new ArrayList<>(toSend.size());
                for (Row row : toSend) {
                    sends.add(p.send(toRecord(row)));
                }
                long t2 = System.nanoTime();
                p.flush();
                long t3 = System.nanoTime();
                List<Long> acknowledged = new ArrayList<>(toSend.size());
                Set<Integer> failedBuckets = new java.util.HashSet<>();
                String firstError = null;
                for (int i = 0; i < toSend.size(); i++) {
                    Row row = toSend.get(i);
                    if (failedBuckets.contains(row.bucket())) {
                        continue; // after a failure in its bucket: stays unpublished, re-sent in order later
                    }
                    try {
                        sends.get(i).get();
                        acknowledged.add(row.seq());
                    } catch (Exception e) {
                        failedBuckets.add(row.bucket());
                        String error = rootMessage(e);
                        firstError = firstError == null ? error : firstError;
                        markFailed(c, row, error);
                        failures.increment();
                    }
                }
                long t4 = System.nanoTime();
                markPublished(c, acknowledged);
                long t5 = System.nanoTime();
                c.commit();
                long t6 = System.nanoTime();
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("round: %d events; select %d ms, send %d ms, flush %d ms, acks %d ms, mark %d ms, commit %d ms",
                            toSend.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                            (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000, (t6 - t5) / 1_000_000);
                }
                published.increment(acknowledged.size());
                if (!failedBuckets.isEmpty()) {
                    LOG.warnf("Outbox: %d of %d events published; %d buckets failed: %s", acknowledged.size(),
                            toSend.size(), failedBuckets.size(), firstError);
                    closeProducer(); // a fresh producer after broker trouble: no stale sequence state
                }
                return new RoundResult(acknowledged.size(), !failedBuckets.isEmpty());
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Integer[] lockFreeBuckets(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select b from generate_series(0, ? - 1) b where pg_try_advisory_xact_lock(?, b)")) {
            ps.setInt(1, buckets);
            ps.setInt(2, LOCK_CLASS);
            List<Integer> mine = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    mine.add(rs.getInt(1));
                }
            }
            return mine.toArray(Integer[]::new);
        }
    }

    private List<Row> unpublished(Connection c, Integer[] mine) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select seq, bucket, id, topic, aggregate_id, type, source, dataschema, payload, occurred_at,
                       next_attempt_at, attempts, headers
                from outbox_event where bucket = any(?) order by seq limit ?""")) {
            ps.setArray(1, c.createArrayOf("int4", mine));
            ps.setInt(2, batchSize);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getInt(2), rs.getObject(3, UUID.class), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant(), rs.getInt(12), rs.getString(13)));
                }
            }
            return rows;
        }
    }

    private static ProducerRecord<String, byte[]> toRecord(Row row) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.payload().getBytes(StandardCharsets.UTF_8));
        header(record, CloudEventHeaders.ID, row.id().toString());
        header(record, CloudEventHeaders.SOURCE, row.source());
        header(record, CloudEventHeaders.TYPE, row.type());
        header(record, CloudEventHeaders.SUBJECT, row.key());
        header(record, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(row.occurredAt()));
        header(record, CloudEventHeaders.SPECVERSION, CloudEventHeaders.SPEC_VERSION);
        header(record, CloudEventHeaders.DATASCHEMA, row.dataschema());
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        if (row.headers() != null) {
            // x-request-id and ce_traceparent (CloudEvents distributed tracing) of the request behind the event
            try {
                HEADER_JSON.readValue(row.headers(), HEADER_MAP).forEach((name, value) -> header(record, name, value));
            } catch (JsonProcessingException e) {
                LOG.warnf("Outbox event %s: unreadable trace headers, sent without them", row.id());
            }
        }
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void markPublished(Connection c, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        // Acknowledged rows are deleted, not flagged: Kafka holds the event now, and a delete is the cheapest write.
        try (PreparedStatement ps = c.prepareStatement("delete from outbox_event where seq = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
            ps.executeUpdate();
        }
    }

    private void markFailed(Connection c, Row row, String error) throws SQLException {
        Duration delay = backoff(row.attempts() + 1);
        try (PreparedStatement ps = c.prepareStatement("""
                update outbox_event set attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                where seq = ?""")) {
            ps.setString(1, error.length() > 1000 ? error.substring(0, 1000) : error);
            ps.setTimestamp(2, Timestamp.from(Instant.now().plus(delay)));
            ps.setLong(3, row.seq());
            ps.executeUpdate();
        }
    }

    /** Backlog size and the age of the oldest unsent event, for metrics and the health check. */
    public void refreshGauges(boolean force) throws SQLException {
        Instant now = Instant.now();
        if (!force && Duration.between(lastGauges, now).toMillis() < 1000) {
            return;
        }
        lastGauges = now;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select count(*), min(occurred_at) from outbox_event");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            backlog.set(rs.getLong(1));
            Timestamp oldest = rs.getTimestamp(2);
            oldestUnsentAgeMillis.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis()));
        }
    }

    private void ensureTopics() {
        if (topicsReady || compactedTopics.isEmpty() || compactedTopics.get().isEmpty()) {
            topicsReady = true;
            return;
        }
        try (Admin admin = Admin.create(kafka.admin(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000)))) {
            Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            List<NewTopic> missing = compactedTopics.get().stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.empty(), Optional.empty())
                            .configs(Map.of("cleanup.policy", "compact")))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
            }
            topicsReady = true;
        } catch (Exception e) {
            // A concurrent replica may have created it, or Kafka is down: try again next round.
            if (rootMessage(e).contains("already exists")) {
                topicsReady = true;
            } else {
                LOG.debugf("Compacted topics not ready yet: %s", rootMessage(e));
            }
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            // The relay sends thousands of CloudEvents per round, each with eight ce_ headers: big batches, compressed.
            config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            // Fail fast while the broker is down; the outbox row is the retry, not the producer's buffer.
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + UUID.randomUUID());
            producer = new KafkaProducer<>(kafka.producer(config), new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(2));
            } catch (RuntimeException ignored) {
                // closing a producer of an unreachable broker may complain; it is discarded either way
            }
            producer = null;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
