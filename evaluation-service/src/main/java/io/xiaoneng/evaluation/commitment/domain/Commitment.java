package io.xiaoneng.evaluation.commitment.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.UUID;

/** One commitment of a set, with the year-end result and the evidence it rests on. */
@Entity
@Table(name = "commitment")
public class Commitment extends PanacheEntityBase {

    public enum Result { MET, NOT_MET, NO_DATA }

    @Id
    public UUID id;

    @ManyToOne
    @JoinColumn(name = "set_id")
    public CommitmentSet set;

    public int position;

    @Enumerated(EnumType.STRING)
    public CommitmentKind kind;

    @Column(name = "item_code")
    public String itemCode;

    public BigDecimal target;

    public String text;

    @Enumerated(EnumType.STRING)
    public Result result;

    public BigDecimal measured;

    /** JSON: the numbers and the query period the result rests on. */
    public String evidence;

    @Column(name = "assessed_by")
    public String assessedBy;

    @Column(name = "assessment_note")
    public String assessmentNote;

    public record State(UUID id, CommitmentKind kind, String itemCode, BigDecimal target, String text, Result result,
                        BigDecimal measured) {}

    public State state() {
        return new State(id, kind, itemCode, target, text, result, measured);
    }
}
