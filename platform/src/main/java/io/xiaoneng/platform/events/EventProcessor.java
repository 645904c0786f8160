package io.xiaoneng.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Applies a received event exactly once: in one transaction the inbox row and the effect commit together.
 * Transient failures are retried a bounded number of times, each attempt in a fresh transaction; then the
 * exception propagates so the channel's dead-letter-queue strategy sends the record to the DLQ with the reason
 * in its headers. Nothing is skipped silently: duplicates and dead letters are counted.
 */
@ApplicationScoped
public class EventProcessor {

    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    @Inject
    Inbox inbox;

    @Inject
    ObjectMapper json;

    @Inject
    EventSchemas schemas;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "xiaoneng.inbox.max-attempts", defaultValue = "3")
    int maxAttempts;

    @ConfigProperty(name = "xiaoneng.inbox.retry-delay", defaultValue = "PT0.2S")
    Duration retryDelay;

    /**
     * @param consumer the consumer's name (one inbox per consumer, so two projections of one service are independent)
     * @param accepted the CloudEvent types this consumer understands; others are acknowledged and counted as ignored
     */
    public Outcome process(String consumer, List<String> accepted, ConsumerRecord<String, ?> record, Consumer<InboundEvent> effect) {
        return process(consumer, accepted, record, event -> true, effect);
    }

    /**
     * As {@link #process(String, List, ConsumerRecord, Consumer)} for a consumer many of whose accepted events change
     * nothing (a light that did not turn red, an event no subscriber wants): {@code changesAnything} is asked first,
     * in the effect's transaction, and an event it rejects is acknowledged without an inbox row. A redelivery of it
     * is asked again and is a no-op again, so exactly-once is kept, and the transaction writes nothing, so its commit
     * waits for no disk flush: at 100 filings/s that is most of such a consumer's database work.
     */
    public Outcome process(String consumer, List<String> accepted, ConsumerRecord<String, ?> record,
            Predicate<InboundEvent> changesAnything, Consumer<InboundEvent> effect) {
        String declaredType = InboundEvent.typeOf(record);
        if (declaredType != null && !accepted.contains(declaredType)) {
            // Not this consumer's event: counted without reading its body. Most records of a shared topic are such
            // (complaint-service keeps only light-changed of every application event, evaluation all but it).
            registry.counter(Outcome.IGNORED.counter, "consumer", consumer, "type", declaredType).increment();
            return Outcome.IGNORED;
        }
        InboundEvent event;
        try {
            event = InboundEvent.from(record, json); // a record without ce_type is invalid here
            schemas.requireValid(event.type(), event.data());
        } catch (InvalidEventException e) {
            countDeadLetter(consumer, record);
            throw e;
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
                    if (!changesAnything.test(event)) {
                        return Outcome.IGNORED;
                    }
                    if (!inbox.firstDelivery(consumer, event.id(), event.type())) {
                        return Outcome.DUPLICATE;
                    }
                    effect.accept(event);
                    return Outcome.APPLIED;
                });
                registry.counter(outcome.counter, "consumer", consumer, "type", event.type()).increment();
                return outcome;
            } catch (RuntimeException e) {
                last = e;
                LOG.warnf("%s: event %s (%s) failed, attempt %d of %d: %s", consumer, event.id(), event.type(),
                        attempt, maxAttempts, e.getMessage());
                sleep(retryDelay.multipliedBy(attempt));
            }
        }
        countDeadLetter(consumer, record);
        throw last;
    }

    /** What became of an event: applied with its effect, a redelivery of one applied before, or nothing to do. */
    public enum Outcome {
        APPLIED("xiaoneng.inbox.applied"), DUPLICATE("xiaoneng.inbox.duplicates"), IGNORED("xiaoneng.inbox.ignored");

        final String counter;

        Outcome(String counter) {
            this.counter = counter;
        }
    }

    /**
     * Counted here; logged by the channel's {@link DeadLetterTopic} with where the record came from. A dead letter an
     * administrator redrives ({@link DeadLetters}) that fails again is not a new one: the redrive answers with the
     * reason and the record stays where it is.
     */
    private void countDeadLetter(String consumer, ConsumerRecord<String, ?> record) {
        if (!DeadLetters.isRedrive(record)) {
            registry.counter("xiaoneng.inbox.dead.lettered", "consumer", consumer).increment();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
