package io.xiaoneng.platform.events;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.UnavailableProblem;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The service's dead letters ({@link DeadLetterTopic}) for its administrators: the recent ones, with where each came
 * from and why, and the redrive of one through the path its channel takes ({@link RedrivableConsumer}) once the cause
 * is fixed — instead of moving a consumer group's offsets with the service stopped.
 *
 * <p>A redrive is safe to repeat and to race the live consumer: the event goes through the consumer's inbox, so an
 * event applied before (by an earlier redrive, or by a replay of its topic) is a duplicate and changes nothing. The
 * dead letter itself stays in its topic (a log, kept for its retention); a successful redrive is written to the audit
 * trail ({@code dead-letter / redriven}, with the outcome), which the listing shows beside each dead letter. A redrive
 * that fails again changes nothing and is not counted as a new dead letter; its reason goes to the service's log.
 *
 * <p>What a client sees of a failure is its kind ({@code invalid-event}: not a CloudEvent or data against its schema,
 * never redrivable as it is; {@code failed-after-retries}: the effect failed, e.g. a defect or a database refusal),
 * not the exception text: that may quote SQL or class names, and is in the log and in the record's headers.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final String PREFIX = "mp.messaging.incoming.";
    static final String AUDIT_TYPE = "dead-letter";

    /** One dead letter, without its data (events may carry personal data; the log and the topic have the rest). */
    public record DeadLetter(int partition, long offset, Instant deadLetteredAt, String channel, String originTopic,
                             Integer originPartition, Long originOffset, String failure, String eventId, String eventType,
                             String subject, String key, Redriven redriven) {}

    /** The last successful redrive of a dead letter. */
    public record Redriven(Instant at, String by, String outcome) {}

    /** The most recent dead letters of the service's dead-letter topic, newest first. */
    public record Listing(String topic, long retained, List<DeadLetter> items) {}

    /** What a redrive did: {@code APPLIED}, {@code DUPLICATE} (applied before) or {@code IGNORED} (nothing to do). */
    public record Redrive(int partition, long offset, String channel, String eventId, String eventType, String outcome) {}

    @Inject
    KafkaClientProperties kafka;

    @Inject
    Instance<RedrivableConsumer> consumers;

    @Inject
    AuditTrail audit;

    @Inject
    Config config;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    @ConfigProperty(name = "xiaoneng.dead-letters.read-timeout", defaultValue = "PT10S")
    Duration readTimeout;

    /** Whether the record is a dead letter read back for a redrive (it carries the reason it was dead-lettered). */
    static boolean isRedrive(ConsumerRecord<?, ?> record) {
        return record.headers() != null && record.headers().lastHeader(DeadLetterTopic.REASON) != null;
    }

    /** The dead-letter topic of the service's channels (one per service, {@code xiaoneng.<service>.dlq}). */
    public String topic() {
        Set<String> topics = new TreeSet<>(channelsByDeadLetterTopic().keySet());
        if (topics.size() != 1) {
            throw new IllegalStateException("expected one dead-letter topic for the channels with failure-strategy="
                    + DeadLetterTopic.STRATEGY + ", found " + topics);
        }
        return topics.iterator().next();
    }

    public Listing recent(int limit) {
        String topic = topic();
        Recent recent = readRecent(topic, limit);
        return new Listing(topic, recent.retained(), recent.newest().stream()
                .map(r -> view(r, lastRedrive(topic, r.partition(), r.offset()))).toList());
    }

    private record Recent(long retained, List<ConsumerRecord<String, byte[]>> newest) {}

    /** The {@code limit} most recent records of the topic, newest first, and how many it retains. */
    private Recent readRecent(String topic, int limit) {
        return read(consumer -> {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                return new Recent(0, List.of()); // no dead letter yet: the topic is created by the first
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, readTimeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, readTimeout);
            long retained = 0;
            for (TopicPartition p : partitions) {
                retained += end.get(p) - begin.get(p);
                consumer.seek(p, Math.max(begin.get(p), end.get(p) - limit));
            }
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + readTimeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new UnavailableProblem(Duration.ofSeconds(10));
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.add(r);
                    }
                });
            }
            return new Recent(retained, records.stream()
                    .sorted(Comparator.comparingLong((ConsumerRecord<String, byte[]> r) -> r.timestamp()).reversed()
                            .thenComparing(ConsumerRecord::partition).thenComparing(ConsumerRecord::offset, Comparator.reverseOrder()))
                    .limit(limit)
                    .toList());
        });
    }

    public DeadLetter get(int partition, long offset) {
        String topic = topic();
        ConsumerRecord<String, byte[]> record = find(topic, partition, offset);
        return view(record, lastRedrive(topic, partition, offset));
    }

    /**
     * Takes the dead letter through the path of the channel it failed in, as the record it was (its topic, partition,
     * offset, key, value, headers). 404 when the topic does not hold it (any more); 422 when its channel is not known
     * here or it fails again.
     */
    public Redrive redrive(int partition, long offset, String actor) {
        String topic = topic();
        try {
            return redrive(topic, find(topic, partition, offset), actor);
        } catch (NotRedriven e) {
            throw e.problem;
        }
    }

    /** What a redrive of many did: outcomes counted, and the dead letters that failed again with their kind. */
    public record BulkRedrive(int considered, Map<String, Integer> outcomes, List<Failure> failed) {}

    public record Failure(int partition, long offset, String failure) {}

    /**
     * Redrives the {@code limit} most recent dead letters (of {@code channel} when given) that no redrive has applied
     * yet, oldest first — the order their events first came in. One failing again does not stop the others; each
     * success is audited as a single redrive is.
     */
    public BulkRedrive redriveAll(String channel, int limit, String actor) {
        String topic = topic();
        List<String> channels = channelsByDeadLetterTopic().getOrDefault(topic, List.of()).stream().sorted().toList();
        if (channel != null && !channels.contains(channel)) {
            throw BadRequestProblem.validationFailed().withFieldError("channel", "unknown-value", String.join(", ", channels));
        }
        List<ConsumerRecord<String, byte[]>> pending = new ArrayList<>(readRecent(topic, limit).newest().stream()
                .filter(r -> channel == null || channel.equals(channelOf(r, topic)))
                .filter(r -> lastRedrive(topic, r.partition(), r.offset()) == null)
                .toList());
        Collections.reverse(pending); // oldest first
        Map<String, Integer> outcomes = new TreeMap<>();
        List<Failure> failed = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> dead : pending) {
            try {
                outcomes.merge(redrive(topic, dead, actor).outcome(), 1, Integer::sum);
            } catch (NotRedriven e) {
                failed.add(new Failure(dead.partition(), dead.offset(), e.failure));
            }
        }
        LOG.infof("Bulk redrive of %s (channel %s) by %s: %d considered, %s, %d failed", topic,
                channel == null ? "any" : channel, actor, pending.size(), outcomes, failed.size());
        return new BulkRedrive(pending.size(), outcomes, failed);
    }

    /** A dead letter that could not be redriven: the kind of failure and the problem a single redrive answers. */
    private static final class NotRedriven extends RuntimeException {
        final String failure;
        final UnprocessableProblem problem;

        NotRedriven(String failure, UnprocessableProblem problem) {
            super(failure, null, false, false);
            this.failure = failure;
            this.problem = problem;
        }
    }

    private Redrive redrive(String topic, ConsumerRecord<String, byte[]> dead, String actor) {
        int partition = dead.partition();
        long offset = dead.offset();
        DeadLetter letter = view(dead, null);
        String channel = channelOf(dead, topic);
        Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome> path = paths().get(channel);
        if (path == null || letter.originTopic() == null || letter.originPartition() == null || letter.originOffset() == null) {
            UnprocessableProblem problem = new UnprocessableProblem("dead-letter.channel-unknown", partition, offset);
            problem.withProperty("channel", String.valueOf(channel));
            throw new NotRedriven("channel-unknown", problem);
        }
        ConsumerRecord<String, byte[]> original = new ConsumerRecord<>(letter.originTopic(), letter.originPartition(),
                letter.originOffset(), dead.timestamp(), dead.timestampType(), -1, -1, dead.key(), dead.value(),
                dead.headers(), Optional.empty());
        EventProcessor.Outcome outcome;
        try {
            outcome = path.apply(original);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Redrive of the dead letter %s-%d@%d (channel %s, event %s) by %s failed again: %s", topic,
                    partition, offset, channel, letter.eventId(), actor, e.getMessage());
            String failure = e instanceof InvalidEventException ? "invalid-event" : "failed-after-retries";
            UnprocessableProblem problem = new UnprocessableProblem("dead-letter.still-failing", partition, offset);
            problem.withProperty("failure", failure);
            throw new NotRedriven(failure, problem);
        }
        Redrive redrive = new Redrive(partition, offset, channel, letter.eventId(), letter.eventType(), outcome.name());
        QuarkusTransaction.requiringNew().run(() -> audit.record(actor, AUDIT_TYPE, auditId(topic, partition, offset),
                "redriven", letter, redrive));
        LOG.infof("Dead letter %s-%d@%d (channel %s, event %s) redriven by %s: %s", topic, partition, offset, channel,
                letter.eventId(), actor, outcome);
        return redrive;
    }

    // --- reading the topic --------------------------------------------------------------------------------------------

    private ConsumerRecord<String, byte[]> find(String topic, int partition, long offset) {
        NotFoundProblem notFound = new NotFoundProblem("dead-letter", partition + "/" + offset);
        return read(consumer -> {
            List<TopicPartition> partitions = partitions(consumer, topic);
            TopicPartition p = new TopicPartition(topic, partition);
            if (!partitions.contains(p)) {
                throw notFound;
            }
            consumer.assign(List.of(p));
            long begin = consumer.beginningOffsets(List.of(p), readTimeout).get(p);
            long end = consumer.endOffsets(List.of(p), readTimeout).get(p);
            if (offset < begin || offset >= end) {
                throw notFound; // never written, or past the topic's retention
            }
            consumer.seek(p, offset);
            long deadline = System.nanoTime() + readTimeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return r;
                    }
                    if (r.offset() > offset) {
                        throw notFound; // a transaction marker's offset, not a record
                    }
                }
            }
            throw new UnavailableProblem(Duration.ofSeconds(10));
        });
    }

    private <T> T read(Function<KafkaConsumer<String, byte[]>, T> work) {
        Map<String, Object> own = new HashMap<>();
        own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        own.put(ConsumerConfig.CLIENT_ID_CONFIG, application + "-dead-letter-reader");
        own.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer(own), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            return work.apply(consumer);
        } catch (TimeoutException e) {
            LOG.warnf("Reading the dead-letter topic timed out: %s", e.getMessage());
            throw new UnavailableProblem(Duration.ofSeconds(10), e);
        } catch (KafkaException e) {
            LOG.warnf(e, "Reading the dead-letter topic failed: %s", e.getMessage());
            throw new UnavailableProblem(Duration.ofSeconds(10), e);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        Map<String, List<PartitionInfo>> topics = consumer.listTopics(readTimeout);
        return topics.getOrDefault(topic, List.of()).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    // --- channels -----------------------------------------------------------------------------------------------------

    private Map<String, Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome>> paths() {
        Map<String, Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome>> paths = new HashMap<>();
        consumers.forEach(c -> paths.putAll(c.channels()));
        return paths;
    }

    /**
     * The channel named in the dead letter; for a dead letter written before that header existed, the one channel of
     * this service that reads its origin topic, if there is exactly one.
     */
    private String channelOf(ConsumerRecord<String, byte[]> dead, String topic) {
        String named = header(dead, DeadLetterTopic.CHANNEL);
        if (named != null) {
            return named;
        }
        String origin = header(dead, DeadLetterTopic.ORIGIN_TOPIC);
        List<String> reading = channelsByDeadLetterTopic().getOrDefault(topic, List.of()).stream()
                .filter(channel -> config.getOptionalValue(PREFIX + channel + ".topic", String.class).orElse(channel).equals(origin))
                .toList();
        return reading.size() == 1 ? reading.get(0) : null;
    }

    /** Dead-letter topic → the channels writing to it ({@code failure-strategy=xiaoneng-dead-letter}). */
    private Map<String, List<String>> channelsByDeadLetterTopic() {
        Map<String, List<String>> topics = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(PREFIX) || !name.endsWith(".failure-strategy")) {
                continue;
            }
            String channel = name.substring(PREFIX.length(), name.length() - ".failure-strategy".length());
            if (!DeadLetterTopic.STRATEGY.equals(config.getOptionalValue(name, String.class).orElse(null))) {
                continue;
            }
            config.getOptionalValue(PREFIX + channel + ".dead-letter-queue.topic", String.class)
                    .ifPresent(topic -> topics.computeIfAbsent(topic, t -> new ArrayList<>()).add(channel));
        }
        return topics;
    }

    // --- views --------------------------------------------------------------------------------------------------------

    private static DeadLetter view(ConsumerRecord<String, byte[]> r, Redriven redriven) {
        String exception = header(r, DeadLetterTopic.EXCEPTION_CLASS);
        return new DeadLetter(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), header(r, DeadLetterTopic.CHANNEL),
                header(r, DeadLetterTopic.ORIGIN_TOPIC), integer(header(r, DeadLetterTopic.ORIGIN_PARTITION)),
                longOrNull(header(r, DeadLetterTopic.ORIGIN_OFFSET)),
                InvalidEventException.class.getName().equals(exception) ? "invalid-event" : "failed-after-retries",
                header(r, CloudEventHeaders.ID), header(r, CloudEventHeaders.TYPE), header(r, CloudEventHeaders.SUBJECT),
                r.key(), redriven);
    }

    private Redriven lastRedrive(String topic, int partition, long offset) {
        return QuarkusTransaction.requiringNew().call(() -> audit.of(AUDIT_TYPE, auditId(topic, partition, offset)).stream()
                .filter(e -> "redriven".equals(e.action()))
                .reduce((first, second) -> second)
                .map(e -> new Redriven(e.at(), e.actor(), e.after() == null ? null : e.after().path("outcome").asText(null)))
                .orElse(null));
    }

    private static String auditId(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longOrNull(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
