package io.xiaoneng.gateway;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C Trace Context ({@code traceparent}). The gateway is a hop of the trace: it keeps the caller's trace id and
 * flags when the header is valid, gives the call to the service a new parent (span) id, and starts a new trace
 * (sampled) when the header is missing or malformed.
 */
public final class TraceContext {
    private TraceContext() {}

    public static final String HEADER = "traceparent";

    private static final Pattern VALID = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String INVALID_TRACE_ID = "0".repeat(32);
    private static final String INVALID_PARENT_ID = "0".repeat(16);

    /** The traceparent to send to the service for a call that arrived with {@code fromClient} (may be null). */
    public static String next(String fromClient) {
        if (fromClient != null) {
            var m = VALID.matcher(fromClient);
            if (m.matches() && !m.group(1).equals(INVALID_TRACE_ID) && !m.group(2).equals(INVALID_PARENT_ID)) {
                return "00-" + m.group(1) + "-" + hex(8) + "-" + m.group(3);
            }
        }
        return "00-" + hex(16) + "-" + hex(8) + "-01";
    }

    /** The trace id part of a valid traceparent. */
    public static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    private static String hex(int bytes) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(bytes * 2);
        boolean allZero = true;
        for (int i = 0; i < bytes; i++) {
            int b = random.nextInt(256);
            allZero &= b == 0;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return allZero ? hex(bytes) : sb.toString();
    }
}
