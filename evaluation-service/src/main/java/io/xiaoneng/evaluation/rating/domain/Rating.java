package io.xiaoneng.evaluation.rating.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The applicant's rating (好差评) of one completed application. */
@Entity
@Table(name = "rating")
public class Rating extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "application_id")
    public UUID applicationId;

    public String department;

    @Column(name = "item_code")
    public String itemCode;

    /** The applicant's username: shown to him and to county-wide roles only, never published. */
    public String rater;

    @Column(name = "level_code")
    public String level;

    public String comment;

    @Column(name = "rated_at")
    public OffsetDateTime ratedAt;

    /** An appeal found the review malicious: it counts in no statistic. */
    public boolean excluded;

    @Version
    public long version;

    /** The state kept in the audit trail (the rater is there as the actor, not in the state). */
    public record State(UUID id, UUID applicationId, String department, String level, boolean excluded) {}

    public State state() {
        return new State(id, applicationId, department, level, excluded);
    }
}
