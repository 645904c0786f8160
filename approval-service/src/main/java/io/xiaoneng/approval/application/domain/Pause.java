package io.xiaoneng.approval.application.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.time.Instant;
import java.time.LocalDate;

/** A stop of the decision clock (art. 45), with its coded reason; open while {@code resumedOn} is null. */
@Embeddable
public class Pause {
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PauseReason reason;
    public String note;
    @Column(name = "paused_on", nullable = false)
    public LocalDate pausedOn;
    @Column(name = "paused_at", nullable = false)
    public Instant pausedAt;
    @Column(name = "paused_by", nullable = false)
    public String pausedBy;
    @Column(name = "resumed_on")
    public LocalDate resumedOn;
    @Column(name = "resumed_at")
    public Instant resumedAt;
    @Column(name = "resumed_by")
    public String resumedBy;

    protected Pause() {}

    Pause(PauseReason reason, String note, LocalDate on, Instant at, String by) {
        this.reason = reason;
        this.note = note;
        this.pausedOn = on;
        this.pausedAt = at;
        this.pausedBy = by;
    }

    public boolean isOpen() {
        return resumedOn == null;
    }

    public LegalClock.Interval interval() {
        return new LegalClock.Interval(pausedOn, resumedOn);
    }
}
