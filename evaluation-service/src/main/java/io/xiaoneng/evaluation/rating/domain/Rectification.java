package io.xiaoneng.evaluation.rating.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The rectification (整改) a bad review opens: the department records what it fixed, calls the rater back, and the
 * rater rates the fix. The deadline is counted in working days from the day of the rating.
 */
@Entity
@Table(name = "rectification")
public class Rectification extends PanacheEntityBase {

    public static final String KIND = "rectification";

    @Id
    public UUID id;

    @Column(name = "rating_id")
    public UUID ratingId;

    @Column(name = "application_id")
    public UUID applicationId;

    public String department;

    @Enumerated(EnumType.STRING)
    public RectificationStatus status;

    @Column(name = "opened_at")
    public OffsetDateTime openedAt;

    @Column(name = "due_on")
    public LocalDate dueOn;

    public String measures;

    @Column(name = "fixed_by")
    public String fixedBy;

    @Column(name = "fixed_on")
    public LocalDate fixedOn;

    @Column(name = "callback_attempts")
    public int callbackAttempts;

    @Column(name = "callback_by")
    public String callbackBy;

    @Column(name = "callback_on")
    public LocalDate callbackOn;

    @Column(name = "callback_note")
    public String callbackNote;

    @Column(name = "rerating_level")
    public String reRatingLevel;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    /** Whether the fix came by the due day; known once closed by a re-rating. */
    @Column(name = "on_time")
    public Boolean onTime;

    @Version
    public long version;

    public record State(UUID id, UUID ratingId, String department, RectificationStatus status, LocalDate dueOn,
                        LocalDate fixedOn, int callbackAttempts, LocalDate callbackOn, String reRatingLevel, Boolean onTime) {}

    public State state() {
        return new State(id, ratingId, department, status, dueOn, fixedOn, callbackAttempts, callbackOn, reRatingLevel, onTime);
    }

    /** Commands by endpoint name, as the 409 problem names them. */
    public List<String> allowedCommands() {
        return switch (status) {
            case OPEN -> List.of("measures");
            case FIXED -> List.of("measures", "call-back");
            case CALLED_BACK -> List.of("re-rating");
            case CLOSED, CANCELLED -> List.of();
        };
    }

    /** 409 naming the allowed commands unless {@code command} is one of them. */
    public void require(String command) {
        if (!allowedCommands().contains(command)) {
            throw new IllegalTransitionProblem(KIND, id, status.name(), command, allowedCommands());
        }
    }

    /** The department records what it changed; recording again (before the call-back) replaces the measures. */
    public void fix(String measures, String by, LocalDate today) {
        require("measures");
        this.measures = measures;
        this.fixedBy = by;
        this.fixedOn = today;
        this.status = RectificationStatus.FIXED;
    }

    /** A call-back attempt; only reaching the rater moves the case on to his re-rating. */
    public void callBack(boolean reached, String note, String by, LocalDate today) {
        require("call-back");
        callbackAttempts++;
        callbackBy = by;
        callbackOn = today;
        callbackNote = note;
        if (reached) {
            status = RectificationStatus.CALLED_BACK;
        }
    }

    /** The rater rates the fix; on time when the measures came by the due day. */
    public void reRate(String level, OffsetDateTime now) {
        require("re-rating");
        reRatingLevel = level;
        closedAt = now;
        onTime = !fixedOn.isAfter(dueOn);
        status = RectificationStatus.CLOSED;
    }

    /** An upheld appeal: the review was malicious, nothing is left to rectify. */
    public void cancel(OffsetDateTime now) {
        closedAt = now;
        status = RectificationStatus.CANCELLED;
    }

    public boolean overdue(LocalDate today) {
        return status.isOpen() && fixedOn == null && today.isAfter(dueOn);
    }
}
