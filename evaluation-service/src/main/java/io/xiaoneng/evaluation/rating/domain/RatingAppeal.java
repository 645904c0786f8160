package io.xiaoneng.evaluation.rating.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A department head's appeal against a review he holds malicious; the efficiency office or the evaluation committee
 * decides. Upheld, the rating leaves every statistic and its rectification is cancelled.
 */
@Entity
@Table(name = "rating_appeal")
public class RatingAppeal extends PanacheEntityBase {

    public static final String KIND = "rating-appeal";

    public enum Status { FILED, UPHELD, REJECTED }

    @Id
    public UUID id;

    @Column(name = "rating_id")
    public UUID ratingId;

    public String department;

    @Column(name = "filed_by")
    public String filedBy;

    public String reason;

    @Column(name = "filed_at")
    public OffsetDateTime filedAt;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decision_note")
    public String decisionNote;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    @Version
    public long version;

    public record State(UUID id, UUID ratingId, String department, String filedBy, Status status, String decidedBy) {}

    public State state() {
        return new State(id, ratingId, department, filedBy, status, decidedBy);
    }

    public void decide(boolean upheld, String note, String by, OffsetDateTime now) {
        if (status != Status.FILED) {
            throw new IllegalTransitionProblem(KIND, id, status.name(), "decision", List.of());
        }
        status = upheld ? Status.UPHELD : Status.REJECTED;
        decisionNote = note;
        decidedBy = by;
        decidedAt = now;
    }
}
