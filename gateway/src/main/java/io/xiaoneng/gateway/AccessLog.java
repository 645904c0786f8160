package io.xiaoneng.gateway;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The access log: one line per request in the category {@code io.xiaoneng.gateway.access} (INFO), as
 * {@code <request id> <method> <path> <status> <duration>ms client=<client|-> ip=<address> trace=<trace id>}. A call
 * whose caller hung up before the answer was complete has status {@value #CALLER_HUNG_UP} (nginx's "client closed
 * request"), so that log searches for 5xx find failures of the services, not impatient callers.
 *
 * <p>An event loop only queues the request's fields; a background thread formats and writes the lines, in batches
 * every {@code flushInterval}. Logging on the event loop cost a formatted string and either a write to stdout per
 * request (and an event loop waits on a slow pipe) or, with an asynchronous log handler, a wake-up of its thread
 * per request — together about a fifth of the gateway's CPU per proxied call (see README, "Performance"). Here the
 * writer wakes a few times a second whatever the load. When the queue is full (the writer cannot keep up, e.g. a
 * blocked stdout) the event loop writes the line itself: slower, but no line is lost.
 */
final class AccessLog implements AutoCloseable {

    static final Logger LOG = Logger.getLogger("io.xiaoneng.gateway.access");

    /** The status logged for a call whose caller closed the connection before its answer was complete. */
    static final int CALLER_HUNG_UP = 499;

    /** What is known when the response is done; formatted later, off the event loop. */
    record Entry(String requestId, String method, String path, int status, long nanos, String client, String ip,
                 String traceparent) {

        String line() {
            long micros = nanos / 1_000;
            StringBuilder sb = new StringBuilder(160)
                    .append(requestId).append(' ').append(method).append(' ').append(path).append(' ').append(status)
                    .append(' ').append(micros / 1_000).append('.').append(micros % 1_000 / 100).append("ms client=")
                    .append(client == null ? "-" : client).append(" ip=").append(ip).append(" trace=");
            return sb.append(TraceContext.traceId(traceparent)).toString();
        }
    }

    private final BlockingQueue<Entry> queue;
    private final long flushIntervalNanos;
    private final Thread writer;
    private volatile boolean running = true;

    AccessLog(int capacity, Duration flushInterval) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.flushIntervalNanos = flushInterval.toNanos();
        this.writer = new Thread(this::writeLoop, "gateway-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    /** Called on the event loop when a response is done; never blocks. */
    void add(Entry entry) {
        if (!queue.offer(entry)) {
            LOG.info(entry.line());
        }
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>();
        while (running) {
            try {
                // A timed wait, not a take(): producers never have to wake this thread.
                TimeUnit.NANOSECONDS.sleep(flushIntervalNanos);
            } catch (InterruptedException e) {
                break;
            }
            drain(batch);
        }
        drain(batch);
    }

    private void drain(List<Entry> batch) {
        while (queue.drainTo(batch, 1024) > 0) {
            for (Entry entry : batch) {
                LOG.info(entry.line());
            }
            batch.clear();
        }
    }

    /** Stops the writer after it has written what is queued. */
    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
