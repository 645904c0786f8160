package io.xiaoneng.integration.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.xiaoneng.integration.subscriber.Subscriber;
import io.xiaoneng.integration.subscriber.SubscriberAddresses;
import io.xiaoneng.integration.subscriber.SubscriberService;
import io.xiaoneng.platform.http.RequestTrace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends due deliveries: one delivery per transaction, picked with {@code FOR UPDATE SKIP LOCKED}, so any number of
 * replicas share the work and never send the same delivery at once; the row stays locked while its POST is in
 * flight (bounded by {@code xiaoneng.integration.delivery.timeout}) and its outcome commits with the lock's release.
 * Delivery is therefore at-least-once (a crash after the receiver's 2xx but before the commit sends again):
 * receivers deduplicate by the CloudEvent {@code id} (also in {@code X-Xiaoneng-Event-Id}).
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    public static final String DELIVERY_HEADER = "X-Xiaoneng-Delivery";
    public static final String EVENT_ID_HEADER = "X-Xiaoneng-Event-Id";
    public static final String EVENT_TYPE_HEADER = "X-Xiaoneng-Event-Type";
    public static final String ATTEMPT_HEADER = "X-Xiaoneng-Attempt";
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

    @Inject
    EntityManager em;

    @Inject
    SubscriberService subscribers;

    @Inject
    SubscriberAddresses addresses;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "xiaoneng.integration.delivery.max-attempts")
    int maxAttempts;

    @ConfigProperty(name = "xiaoneng.integration.delivery.batch-size")
    int batchSize;

    @ConfigProperty(name = "xiaoneng.integration.delivery.timeout")
    Duration timeout;

    @ConfigProperty(name = "xiaoneng.integration.delivery.backoff.base")
    Duration backoffBase;

    @ConfigProperty(name = "xiaoneng.integration.delivery.backoff.max")
    Duration backoffMax;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER) // a signed body goes only where it was registered to go
            .build();

    @Scheduled(every = "${xiaoneng.integration.delivery.poll-interval}", delayed = "${xiaoneng.integration.delivery.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Delivery run failed; next run at the next interval");
        }
    }

    /** Sends up to a batch of due deliveries; returns how many were attempted. */
    public int runOnce() {
        int attempted = 0;
        int txTimeout = (int) Math.max(30, timeout.toSeconds() + 30);
        while (attempted < batchSize) {
            boolean did = QuarkusTransaction.requiringNew().timeout(txTimeout).call(this::deliverNext);
            if (!did) {
                break;
            }
            attempted++;
        }
        return attempted;
    }

    private boolean deliverNext() {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<Delivery> due = em.createNativeQuery("""
                select * from delivery where status = 'PENDING' and next_attempt_at <= ?1
                order by next_attempt_at, id limit 1 for update skip locked""", Delivery.class)
                .setParameter(1, now).getResultList();
        if (due.isEmpty()) {
            return false;
        }
        Delivery d = due.get(0);
        Subscriber s = em.find(Subscriber.class, d.subscriberId);
        if (!s.active) {
            d.abandoned("subscriber deactivated", now);
            registry.counter("xiaoneng.integration.deliveries.dead.lettered").increment();
            return true;
        }
        send(d, s);
        return true;
    }

    private void send(Delivery d, Subscriber s) {
        Integer status = null;
        String error;
        CompletableFuture<HttpResponse<Void>> call = null;
        try {
            // Built inside the try: a secret under a key this service no longer has, or an event id no header may
            // carry, is a failed attempt of this delivery like any other — retried, then dead-lettered — instead of
            // an exception that rolls the attempt back and leaves the row first in line for ever.
            HttpRequest request = request(d, s);
            // The registration's address check, again at every attempt: the subscriber's host name may resolve to an
            // inside address by now (DNS rebinding), and the answer would land in the delivery log (SSRF).
            Optional<SubscriberAddresses.Refusal> refusal = addresses.refusal(request.uri().getHost());
            if (refusal.isPresent()) {
                LOG.warnf("Delivery %s to subscriber %s not sent: %s", d.id, s.id, refusal.get().reason());
                failed(d, s, null, "not sent: " + refusal.get().reason());
                return;
            }
            call = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            // The whole exchange within the timeout, the answer's body included: HttpRequest.timeout bounds only the
            // wait for the answer's head, and a receiver trickling an endless body would hold this row, its lock and
            // a database connection for good.
            HttpResponse<Void> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            status = response.statusCode();
            if (status >= 200 && status < 300) {
                d.delivered(status, Instant.now());
                registry.counter("xiaoneng.integration.deliveries.delivered").increment();
                return;
            }
            error = "HTTP " + status;
        } catch (TimeoutException e) {
            call.cancel(true);
            error = "no complete answer within " + timeout;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (call != null) {
                call.cancel(true);
            }
            error = "interrupted";
        } catch (RuntimeException e) {
            error = "not sent: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        failed(d, s, status, error);
    }

    /** A failed attempt: retried after the backoff, or dead-lettered once the attempts are used up. */
    private void failed(Delivery d, Subscriber s, Integer status, String error) {
        Duration retryIn = new Backoff(backoffBase, backoffMax).after(d.attempts + 1, ThreadLocalRandom.current().nextDouble());
        d.failed(status, error, Instant.now(), maxAttempts, retryIn);
        registry.counter("xiaoneng.integration.deliveries.failed").increment();
        if (d.status == DeliveryStatus.DEAD) {
            registry.counter("xiaoneng.integration.deliveries.dead.lettered").increment();
            LOG.warnf("Delivery %s of event %s to subscriber %s dead-lettered after %d attempts: %s", d.id, d.eventId, s.id, d.attempts, error);
        }
    }

    private HttpRequest request(Delivery d, Subscriber s) {
        long unix = Instant.now().getEpochSecond();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(s.url))
                .timeout(timeout)
                .header("Content-Type", CONTENT_TYPE)
                .header(Signature.HEADER, Signature.header(subscribers.secretOf(s), unix, d.payload))
                .header(DELIVERY_HEADER, d.id.toString())
                .header(EVENT_ID_HEADER, d.eventId)
                .header(EVENT_TYPE_HEADER, d.eventType)
                .header(ATTEMPT_HEADER, String.valueOf(d.attempts + 1))
                .POST(HttpRequest.BodyPublishers.ofString(d.payload, StandardCharsets.UTF_8));
        // The request behind the event, so that the receiver's logs and traces join ours. The traceparent goes on as
        // it came: this service records no spans of its own, so a new parent id would name a span no one can find.
        if (d.requestId != null) {
            builder.header(RequestTrace.REQUEST_ID_HEADER, d.requestId);
        }
        if (d.traceparent != null) {
            builder.header(RequestTrace.TRACEPARENT_HEADER, d.traceparent);
        }
        return builder.build();
    }
}
