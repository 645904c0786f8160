package io.xiaoneng.integration.subscriber;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A registered endpoint of a provincial or city platform (or any other receiver): where the push goes, which event
 * types it wants, and the encrypted HMAC secret the bodies are signed with.
 */
@Entity
@Table(name = "subscriber")
public class Subscriber {

    @Id
    public UUID id;

    public String name;

    public String url;

    /** The HMAC secret, encrypted at rest ({@code PiiCipher}); in clear only in the registration answer. */
    @Column(name = "secret")
    public String secretCipher;

    /** One pattern a line: an exact CloudEvent type or a prefix ending in {@code *}. */
    @Column(name = "event_types")
    public String eventTypes;

    /** The platform client the subscription is for (e.g. {@code province-platform}); informative. */
    @Column(name = "owner_client")
    public String ownerClient;

    public boolean active;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Version
    public long version;

    public List<String> eventTypeList() {
        return Arrays.stream(eventTypes.split("\n")).filter(s -> !s.isBlank()).toList();
    }

    /** Whether this subscriber wants events of {@code type}: an exact match or a {@code prefix*} match. */
    public boolean wants(String type) {
        return active && EventTypeFilter.matches(eventTypeList(), type);
    }
}
