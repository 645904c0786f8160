package io.xiaoneng.platform.events;

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
 * order. A row is marked published only after the broker acknowledged it; a failure leaves it (and everything
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

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "xiaoneng.outbox.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "xiaoneng.outbox.buckets", defaultValue = "16")
    int buckets;

    @ConfigProperty(name = "xiaoneng.outbox.batch-size", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "xiaoneng.outbox.poll-interval", defaultValue = "PT0.5S")
    Duration pollInterval;

    @ConfigProperty(name = "xiaoneng.outbox.max-backoff", defaultValue = "PT30S")
    Duration maxBackoff;

    @ConfigProperty(name = "xiaoneng.outbox.retention", defaultValue = "P7D")
    Duration retention;

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
    private Instant lastCleanup = Instant.EPOCH;
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
            boolean publishedSomething = false;
            boolean failed = false;
            try {
                ensureTopics();
                for (int bucket = 0; bucket < buckets && running; bucket++) {
                    BucketResult result = publishBucket(bucket);
                    publishedSomething |= result.published > 0;
                    if (result.failed) {
                        failed = true;
                        break; // the broker is likely down: back off instead of timing out bucket after bucket
                    }
                }
                refreshGauges(false);
                cleanup();
            } catch (Exception e) {
                failed = true;
                LOG.warnf("Outbox relay round failed: %s", e.getMessage());
            }
            consecutiveFailures = failed ? consecutiveFailures + 1 : 0;
            if (publishedSomething && !failed) {
                continue; // more may be waiting: go again without sleeping
            }
            Duration wait = failed ? backoff(consecutiveFailures) : pollInterval;
            awaitWork(wait);
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

    record BucketResult(int published, boolean failed) {}

    private record Row(long seq, UUID id, String topic, String key, String type, String source, String dataschema,
                       String payload, Instant occurredAt, Instant nextAttemptAt, int attempts) {}

    BucketResult publishBucket(int bucket) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c, bucket)) {
                    c.rollback();
                    return new BucketResult(0, false);
                }
                List<Row> rows = unpublished(c, bucket);
                if (rows.isEmpty() || rows.get(0).nextAttemptAt().isAfter(Instant.now())) {
                    c.rollback(); // nothing to do, or the head of the bucket is backing off: keep the order
                    return new BucketResult(0, false);
                }
                List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
                KafkaProducer<String, byte[]> p = producer();
                for (Row row : rows) {
                    sends.add(p.send(toRecord(row)));
                }
                p.flush();
                List<Long> acknowledged = new ArrayList<>();
                String error = null;
                Row failedRow = null;
                for (int i = 0; i < rows.size(); i++) {
                    try {
                        sends.get(i).get();
                        acknowledged.add(rows.get(i).seq());
                    } catch (Exception e) {
                        failedRow = rows.get(i);
                        error = rootMessage(e);
                        break; // what follows stays unpublished so the key order holds
                    }
                }
                markPublished(c, acknowledged);
                if (failedRow != null) {
                    markFailed(c, failedRow, error);
                }
                c.commit();
                published.increment(acknowledged.size());
                if (failedRow != null) {
                    failures.increment();
                    LOG.warnf("Outbox: publishing %s to %s failed (attempt %d): %s", failedRow.type(), failedRow.topic(),
                            failedRow.attempts() + 1, error);
                    closeProducer(); // a fresh producer after broker trouble: no stale sequence state
                }
                return new BucketResult(acknowledged.size(), failedRow != null);
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean tryLock(Connection c, int bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, bucket);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private List<Row> unpublished(Connection c, int bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select seq, id, topic, aggregate_id, type, source, dataschema, payload, occurred_at, next_attempt_at, attempts
                from outbox_event where bucket = ? and published_at is null order by seq limit ?""")) {
            ps.setInt(1, bucket);
            ps.setInt(2, batchSize);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(), rs.getInt(11)));
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
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void markPublished(Connection c, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update outbox_event set published_at = now(), last_error = null where seq = any(?)")) {
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
                     "select count(*), min(occurred_at) from outbox_event where published_at is null");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            backlog.set(rs.getLong(1));
            Timestamp oldest = rs.getTimestamp(2);
            oldestUnsentAgeMillis.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis()));
        }
    }

    private void cleanup() throws SQLException {
        Instant now = Instant.now();
        if (Duration.between(lastCleanup, now).toMinutes() < 10) {
            return;
        }
        lastCleanup = now;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from outbox_event where published_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(retention)));
            ps.executeUpdate();
        }
    }

    private void ensureTopics() {
        if (topicsReady || compactedTopics.isEmpty() || compactedTopics.get().isEmpty()) {
            topicsReady = true;
            return;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
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
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            // Fail fast while the broker is down; the outbox row is the retry, not the producer's buffer.
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + UUID.randomUUID());
            producer = new KafkaProducer<>(config, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
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
