package io.xiaoneng.approval.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.devstack.test.TopicReader;
import io.xiaoneng.platform.events.InboundEvent;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads what approval-service actually published to a topic (after the outbox relay), as a consumer in a fresh
 * group from the beginning of the topic, so tests check the events on the wire, not the outbox rows.
 */
public final class TopicProbe {
    private TopicProbe() {}

    /** The events of {@code topic} whose key passes {@code keys}, waiting until {@code expected} of them arrived. */
    public static List<InboundEvent> await(String bootstrap, ObjectMapper json, String topic, Predicate<String> keys,
                                           int expected, Duration timeout) {
        return TopicReader.read(bootstrap, topic, keys, expected, timeout).stream()
                .map(record -> InboundEvent.from(record, json))
                .toList();
    }
}
