package io.xiaoneng.approval.application.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.time.Instant;
import java.time.LocalDate;

/** One department's part of a parallel approval (并联审批), with its own clock. */
@Embeddable
public class SubCase {
    @Column(name = "department_code", nullable = false)
    public String department;
    public boolean lead;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SubCaseStatus status;
    @Column(name = "started_on")
    public LocalDate startedOn;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "decided_on")
    public LocalDate decidedOn;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    public String reasons;
    /** Decided within this department's own limit (its committed time limit from the acceptance, pauses excluded). */
    @Column(name = "decided_on_time")
    public Boolean decidedOnTime;

    protected SubCase() {}

    SubCase(String department, boolean lead) {
        this.department = department;
        this.lead = lead;
        this.status = SubCaseStatus.WAITING;
    }

    public boolean isPending() {
        return status == SubCaseStatus.PENDING;
    }
}
