package io.xiaoneng.evaluation.target.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the sanction ladder table (seeded by V31, the report's three steps). */
@Entity
@Table(name = "sanction_ladder_step")
public class SanctionLadderStep extends PanacheEntityBase {

    @Id
    @Column(name = "consecutive_misses")
    public int consecutiveMisses;

    public String sanction;

    @Column(name = "name_zh")
    public String nameZh;

    @Column(name = "name_en")
    public String nameEn;

    @Column(name = "opens_resignation_case")
    public boolean opensResignationCase;

    public static SanctionLadder ladder() {
        return new SanctionLadder(SanctionLadderStep.<SanctionLadderStep>listAll().stream()
                .map(s -> new SanctionLadder.Step(s.consecutiveMisses, s.sanction, s.nameZh, s.nameEn, s.opensResignationCase)).toList());
    }
}
