package io.xiaoneng.evaluation.commitment.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A department's service commitments for a year (服务承诺): drafted and submitted by the department head before the
 * deadline, approved (or returned) by the evaluation committee, checked at year end.
 */
@Entity
@Table(name = "commitment_set")
public class CommitmentSet extends PanacheEntityBase {

    public static final String KIND = "commitment-set";

    public enum Status { DRAFT, SUBMITTED, RETURNED, APPROVED, CHECKED }

    @Id
    public UUID id;

    public String department;

    public int year;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "submitted_by")
    public String submittedBy;

    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    @Column(name = "decision_note")
    public String decisionNote;

    @Column(name = "checked_by")
    public String checkedBy;

    @Column(name = "checked_at")
    public OffsetDateTime checkedAt;

    @OneToMany(mappedBy = "set", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<Commitment> commitments = new ArrayList<>();

    @Version
    public long version;

    public List<String> allowedCommands() {
        return switch (status) {
            case DRAFT, RETURNED -> List.of("edit", "submission");
            case SUBMITTED -> List.of("approval", "return");
            case APPROVED -> List.of("year-end-check");
            case CHECKED -> List.of("assessment");
        };
    }

    public void require(String command) {
        if (!allowedCommands().contains(command)) {
            throw new IllegalTransitionProblem(KIND, department + "/" + year, status.name(), command, allowedCommands());
        }
    }

    public record State(UUID id, String department, int year, Status status, List<Commitment.State> commitments) {}

    public State state() {
        return new State(id, department, year, status, commitments.stream().map(Commitment::state).toList());
    }
}
