package io.xiaoneng.integration.delivery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** One event for one subscriber: the exact body that is signed and sent, and what became of the attempts. */
@Entity
@Table(name = "delivery")
public class Delivery {

    @Id
    public UUID id;

    @Column(name = "subscriber_id")
    public UUID subscriberId;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "event_type")
    public String eventType;

    public String subject;

    /** The CloudEvent in structured JSON form, exactly as POSTed (and signed). */
    public String payload;

    /** The {@code X-Request-Id} of the request behind the event; null when none caused it (a job, a consumer). */
    @Column(name = "request_id")
    public String requestId;

    /** The W3C trace context of that request; null likewise. */
    public String traceparent;

    @Enumerated(EnumType.STRING)
    public DeliveryStatus status;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    /** The HTTP status of the last attempt; null when no answer came (connection refused, timeout). */
    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "dead_at")
    public Instant deadAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Version
    public long version;

    /** The subscriber accepted it. */
    void delivered(int httpStatus, Instant at) {
        attempts++;
        lastAttemptAt = at;
        lastStatus = httpStatus;
        lastError = null;
        status = DeliveryStatus.DELIVERED;
        deliveredAt = at;
    }

    /** An attempt failed: try again after {@code retryIn}, or dead-letter once {@code maxAttempts} are used up. */
    void failed(Integer httpStatus, String error, Instant at, int maxAttempts, java.time.Duration retryIn) {
        attempts++;
        lastAttemptAt = at;
        lastStatus = httpStatus;
        lastError = error == null ? null : error.substring(0, Math.min(error.length(), 500));
        if (attempts >= maxAttempts) {
            status = DeliveryStatus.DEAD;
            deadAt = at;
        } else {
            nextAttemptAt = at.plus(retryIn);
        }
    }

    /** Dead without trying (the subscriber was deactivated). */
    void abandoned(String reason, Instant at) {
        lastError = reason;
        status = DeliveryStatus.DEAD;
        deadAt = at;
    }

    /**
     * An administrator's replay: a fresh series of attempts, starting now. The request id and trace stay those of the
     * request behind the event (not the administrator's): the receiver correlates the event, however often it comes.
     */
    void replay(Instant at) {
        status = DeliveryStatus.PENDING;
        attempts = 0;
        nextAttemptAt = at;
        deadAt = null;
    }
}
