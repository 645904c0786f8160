package io.xiaoneng.platform.events;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The failure strategy of the services' event channels ({@code failure-strategy=xiaoneng-dead-letter} with
 * {@code dead-letter-queue.topic}): a record the channel gives up on — the {@link EventProcessor} has retried it and
 * counted it — is written to the service's dead-letter topic, and only once the broker has it is the record
 * acknowledged, so its offset may be committed. If the dead letter cannot be written the channel fails (readiness
 * goes down) and the record stays uncommitted: it is read again after a restart, never skipped.
 *
 * <p>Why not SmallRye's own {@code dead-letter-queue} strategy: it creates a producer per channel when the service
 * starts (evaluation-service has five channels), ~30 ms of the main thread and a network thread each, for records that
 * almost never come. Here every channel of a service shares one producer, created at the first dead letter.
 *
 * <p>The dead letter keeps the record's key, value and headers (the CloudEvent {@code ce_*} attributes, so it can be
 * replayed as it was) and adds the headers SmallRye's strategy writes, so tools written for it read these too:
 * {@code dead-letter-reason}, {@code dead-letter-exception-class-name}, {@code dead-letter-cause} and
 * {@code dead-letter-cause-class-name} when there is a cause, {@code dead-letter-topic}, {@code dead-letter-partition},
 * {@code dead-letter-offset}, and one of its own, {@code dead-letter-channel}: the channel that gave up, whose path an
 * administrator's redrive takes ({@link DeadLetters}). The event channels read keys as strings and values as bytes;
 * other types are written as their string form.
 */
@ApplicationScoped
@Identifier(DeadLetterTopic.STRATEGY)
public class DeadLetterTopic implements KafkaFailureHandler.Factory {

    /** The value of {@code mp.messaging.incoming.<channel>.failure-strategy}. */
    public static final String STRATEGY = "xiaoneng-dead-letter";

    public static final String REASON = "dead-letter-reason";
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    public static final String CAUSE = "dead-letter-cause";
    public static final String CAUSE_CLASS = "dead-letter-cause-class-name";
    public static final String ORIGIN_TOPIC = "dead-letter-topic";
    public static final String ORIGIN_PARTITION = "dead-letter-partition";
    public static final String ORIGIN_OFFSET = "dead-letter-offset";
    /** Not one of SmallRye's: the channel (mp.messaging.incoming.&lt;channel&gt;) the record failed in. */
    public static final String CHANNEL = "dead-letter-channel";

    private static final Logger LOG = Logger.getLogger(DeadLetterTopic.class);

    @Inject
    KafkaClientProperties kafka;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    private Producer<String, byte[]> producer;

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
            KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        String channel = config.getChannel();
        String topic = config.getDeadLetterQueueTopic().orElseThrow(() -> new IllegalStateException(
                "mp.messaging.incoming." + channel + ".dead-letter-queue.topic is not configured (failure-strategy="
                        + STRATEGY + ")"));
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                LOG.errorf("%s: %s-%d@%d goes to the dead-letter topic %s: %s", channel, record.getTopic(),
                        record.getPartition(), record.getOffset(), topic, reason.getMessage());
                return Uni.createFrom().emitter(sent -> producer().send(deadLetter(topic, channel, record, reason),
                                (written, failure) -> {
                                    if (failure == null) {
                                        sent.complete(null);
                                    } else {
                                        sent.fail(failure);
                                    }
                                }))
                        // The channel calls this on its event loop; creating the producer and a send waiting for the
                        // broker's metadata block, so they run on a worker thread.
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .chain(() -> Uni.createFrom().completionStage(record.ack()))
                        .onFailure().invoke(failure -> {
                            LOG.errorf(failure, "%s: the dead letter of %s-%d@%d could not be written; the channel stops"
                                    + " and the record stays uncommitted", channel, record.getTopic(),
                                    record.getPartition(), record.getOffset());
                            reportFailure.accept(failure, true);
                        });
            }
        };
    }

    static <K, V> ProducerRecord<String, byte[]> deadLetter(String topic, String channel, IncomingKafkaRecord<K, V> record,
            Throwable reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topic, null, stringOrNull(record.getKey()),
                bytesOrNull(record.getPayload()));
        record.getHeaders().forEach(dead.headers()::add);
        header(dead, EXCEPTION_CLASS, reason.getClass().getName());
        header(dead, REASON, message(reason));
        if (reason.getCause() != null) {
            header(dead, CAUSE_CLASS, reason.getCause().getClass().getName());
            header(dead, CAUSE, message(reason.getCause()));
        }
        header(dead, ORIGIN_TOPIC, record.getTopic());
        header(dead, ORIGIN_PARTITION, Integer.toString(record.getPartition()));
        header(dead, ORIGIN_OFFSET, Long.toString(record.getOffset()));
        header(dead, CHANNEL, channel);
        return dead;
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> own = new HashMap<>();
            own.put(ProducerConfig.ACKS_CONFIG, "all");
            own.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            own.put(ProducerConfig.CLIENT_ID_CONFIG, application + "-dead-letters");
            // A broker that cannot be reached fails the channel within seconds rather than holding its thread a minute.
            own.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            producer = new KafkaProducer<>(kafka.producer(own), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().remove(name); // a dead letter read back and failing again keeps only its latest reason
        if (value != null) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String stringOrNull(Object key) {
        return key == null ? null : key.toString();
    }

    private static byte[] bytesOrNull(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }
}
