package io.xiaoneng.evaluation.target.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A sanction imposed on a county department for a missed investment-attraction year. */
@Entity
@Table(name = "sanction")
public class Sanction extends PanacheEntityBase {

    public static final String KIND = "sanction";

    @Id
    public UUID id;

    @Column(name = "department_code")
    public String departmentCode;

    public int year;

    @Column(name = "consecutive_misses")
    public int consecutiveMisses;

    public String sanction;

    /** The version of the sanction ladder this sanction was decided under (never changed afterwards). */
    @Column(name = "ladder_version")
    public int ladderVersion;

    @Column(name = "target_id")
    public UUID targetId;

    @Column(name = "case_id")
    public UUID caseId;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;
}
