package io.xiaoneng.evaluation.projection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.xiaoneng.evaluation.rollup.Rollups;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.problem.NotFoundProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Rebuilds a projection from its topic: empties its tables and its inbox rows in one transaction, then reads every
 * partition of the topic from the beginning up to the end offsets taken <em>after</em> that reset, applying each
 * record through the same {@link EventProcessor} (inbox, schema check) the live consumer uses.
 *
 * <p>Why this is safe while the service runs, on any number of replicas: the reset's {@code TRUNCATE} waits for
 * in-flight inbox transactions, so every event committed before it is re-read by the replay (its offset is below the
 * end offsets) and every later one is applied by the live consumer or the replay — whichever comes second finds the
 * inbox row and does nothing. The live consumer groups keep their offsets; the replay reads with a plain consumer
 * assigned to all partitions and commits nothing. A record that fails (it went to the dead-letter topic when it
 * first arrived) is counted and skipped. The monthly rollups over the projection ({@link Projection#rollups()}) are
 * emptied with it, maintained as the records are re-applied, and recomputed from the raw facts at the end
 * ({@link Rollups#rebuild()}).
 */
@ApplicationScoped
public class ProjectionReplay {

    private static final Logger LOG = Logger.getLogger(ProjectionReplay.class);

    /** The outcome of one replay. */
    public record Report(String projection, String topic, long recordsRead, long recordsFailed, Map<String, Long> rows) {}

    @Inject
    Instance<Projection> projections;

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    Rollups rollups;

    /** Bootstrap servers and security settings ({@code kafka.*}), as every Kafka client of the service. */
    @Inject
    io.xiaoneng.platform.events.KafkaClientProperties kafka;

    @ConfigProperty(name = "xiaoneng.evaluation.replay.poll-timeout", defaultValue = "PT1S")
    Duration pollTimeout;

    @ConfigProperty(name = "xiaoneng.evaluation.replay.max-duration", defaultValue = "PT30M")
    Duration maxDuration;

    /** One replay at a time per replica (they would only repeat each other's work). */
    private final ReentrantLock running = new ReentrantLock();

    public List<Projection> all() {
        return projections.stream().sorted(Comparator.comparing(Projection::name)).toList();
    }

    public Projection get(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundProblem("projection", name));
    }

    /** Row counts of the projection's tables. */
    public Map<String, Long> rows(Projection projection) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Long> counts = new java.util.LinkedHashMap<>();
            for (String table : projection.tables()) {
                counts.put(table, ((Number) em.createNativeQuery("select count(*) from " + table).getSingleResult()).longValue());
            }
            return counts;
        });
    }

    public Report replay(String name, String actor) {
        Projection projection = get(name);
        running.lock();
        try {
            reset(projection, actor);
            long[] counts = readFromBeginning(projection);
            if (!projection.rollups().isEmpty()) {
                // The replay re-added every case it re-projected; the rollups are recomputed from the raw facts all the
                // same, so that they end equal to them whatever happened meanwhile (e.g. a live event racing the replay).
                Map<String, Long> rebuilt = QuarkusTransaction.requiringNew().timeout((int) Math.min(Integer.MAX_VALUE, maxDuration.toSeconds()))
                        .call(rollups::rebuild);
                LOG.infof("Rollups rebuilt from the raw facts after the replay of %s: %s", projection.name(), rebuilt);
            }
            Report report = new Report(projection.name(), projection.topic(), counts[0], counts[1], rows(projection));
            LOG.infof("Projection %s replayed from %s: %d records read, %d failed, rows %s", projection.name(),
                    projection.topic(), counts[0], counts[1], report.rows());
            return report;
        } finally {
            running.unlock();
        }
    }

    void reset(Projection projection, String actor) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<String> tables = new java.util.ArrayList<>(projection.tables());
            tables.addAll(projection.rollups());   // sums of the emptied rows only: emptied with them
            em.createNativeQuery("truncate table " + String.join(", ", tables)).executeUpdate();
            int inbox = em.createNativeQuery("delete from inbox_event where consumer = ?1")
                    .setParameter(1, projection.consumer()).executeUpdate();
            audit.record(actor, "projection", projection.name(), "replay-started", null,
                    Map.of("topic", projection.topic(), "inboxRowsDeleted", inbox));
        });
    }

    private long[] readFromBeginning(Projection projection) {
        Map<String, Object> props = kafka.consumer(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500"));
        long read = 0;
        long failed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(projection.topic(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return new long[] {0, 0};
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + maxDuration.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replay of " + projection.name() + " did not reach the end offsets in " + maxDuration);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;   // newer than the reset: the live consumer applies it
                    }
                    read++;
                    try {
                        processor.process(projection.consumer(), projection.types(), record, projection::apply);
                    } catch (RuntimeException e) {
                        failed++;
                    }
                }
            }
        }
        return new long[] {read, failed};
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
