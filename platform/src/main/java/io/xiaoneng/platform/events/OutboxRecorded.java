package io.xiaoneng.platform.events;

/** CDI event fired when an outbox row is written; observed after commit to wake the relay at once. */
public record OutboxRecorded(String topic) {}
