package io.xiaoneng.platform.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Map;
import java.util.function.Function;

/**
 * A bean whose event channels send what they give up on to the service's dead-letter topic
 * ({@link DeadLetterTopic}): it names, per channel, the path one record of that channel takes — the same method its
 * {@code @Incoming} method calls — so that an administrator can redrive a dead letter through exactly that path
 * ({@link DeadLetters}) once the cause is fixed: inbox, schema check and effect as when it first arrived.
 */
public interface RedrivableConsumer {

    /** Channel name ({@code mp.messaging.incoming.<channel>}) → the path one of its records takes. */
    Map<String, Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome>> channels();
}
