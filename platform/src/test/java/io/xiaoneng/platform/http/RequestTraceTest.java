package io.xiaoneng.platform.http;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What of a caller's X-Request-Id and traceparent travels on into events: only well-formed values. */
class RequestTraceTest {

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void wellFormedValuesBecomeEventHeaders() {
        assertThat(RequestTrace.of("req-1234:abc.DEF_9", TRACEPARENT).orElseThrow().eventHeaders())
                .containsExactlyInAnyOrderEntriesOf(Map.of("x-request-id", "req-1234:abc.DEF_9", "ce_traceparent", TRACEPARENT));
        assertThat(RequestTrace.of(null, TRACEPARENT).orElseThrow().eventHeaders()).containsOnlyKeys("ce_traceparent");
    }

    @Test
    void malformedValuesAreDroppedNotCopied() {
        assertThat(RequestTrace.of("id with spaces", "00-XYZ")).isEmpty();
        assertThat(RequestTrace.of("a".repeat(129), null)).isEmpty();
        // upper-case hex and an unknown version are not trace context version 00
        assertThat(RequestTrace.of(null, TRACEPARENT.toUpperCase())).isEmpty();
        assertThat(RequestTrace.of(null, "01" + TRACEPARENT.substring(2))).isEmpty();
        assertThat(RequestTrace.of("ok-id-1", "garbage").orElseThrow().traceparent()).isNull();
        assertThat(RequestTrace.current()).as("outside a request").isEmpty();
    }
}
