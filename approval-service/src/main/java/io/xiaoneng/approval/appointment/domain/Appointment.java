package io.xiaoneng.approval.appointment.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A booking of one place in a slot (预约) for an approval item, by the applicant or by a clerk on his behalf.
 *
 * <pre>
 * BOOKED ──cancel (applicant, before the slot starts)──▶ CANCELLED   (the place is freed)
 *    ├────attend (clerk of the window, from the slot's day on)──▶ ATTENDED
 *    └────no-show (clerk of the window, after the slot ended)──▶ NO_SHOW
 * </pre>
 * The three outcomes are final: a record of what happened, which evaluations and the no-show statistics rely on.
 */
@Entity
@Table(name = "appointment")
public class Appointment extends PanacheEntityBase {

    public static final String KIND = "appointment";

    public enum Status { BOOKED, CANCELLED, ATTENDED, NO_SHOW }

    /** Command names, as the API exposes them and problems list them as allowed. */
    public static final String CANCEL = "cancel";
    public static final String ATTEND = "attend";
    public static final String NO_SHOW = "no-show";

    @Id
    public UUID id;

    @Column(name = "slot_id", nullable = false)
    public Long slotId;

    @Column(name = "window_code", nullable = false)
    public String windowCode;

    @Column(nullable = false)
    public String applicant;

    @Column(name = "booked_by", nullable = false)
    public String bookedBy;

    @Column(name = "item_code", nullable = false)
    public String itemCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.BOOKED;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    @Column(name = "closed_by")
    public String closedBy;

    /** Why the service center cancelled the booking (its slot was removed); null when the applicant cancelled. */
    @Column(name = "cancellation_reason")
    public String cancellationReason;

    @Version
    public long version;

    protected Appointment() {}

    public Appointment(AppointmentSlot slot, String applicant, String bookedBy, String itemCode, OffsetDateTime now) {
        this.id = UUID.randomUUID();
        this.slotId = slot.id;
        this.windowCode = slot.windowCode;
        this.applicant = applicant;
        this.bookedBy = bookedBy;
        this.itemCode = itemCode;
        this.createdAt = now;
    }

    /** 409 {@code illegal-transition}, naming the allowed commands, unless the appointment is still BOOKED. */
    public void requireBooked(String command) {
        if (status != Status.BOOKED) {
            throw new IllegalTransitionProblem(KIND, id, status.name(), command, allowedCommands());
        }
    }

    /** Moves a BOOKED appointment to its outcome {@code outcome}. */
    public void close(String command, Status outcome, String by, OffsetDateTime at) {
        requireBooked(command);
        status = outcome;
        closedBy = by;
        closedAt = at;
    }

    /**
     * The state the audit trail records: whose booking of which slot and item, and its outcome. The applicant is
     * his username, which the officials of the window see on the booking anyway.
     */
    public java.util.Map<String, Object> state() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("slotId", slotId);
        m.put("windowCode", windowCode);
        m.put("applicant", applicant);
        m.put("bookedBy", bookedBy);
        m.put("itemCode", itemCode);
        m.put("status", status.name());
        m.put("closedBy", closedBy);
        m.put("cancellationReason", cancellationReason);
        return m;
    }

    /** The commands the current state allows (none once the appointment has an outcome). */
    public List<String> allowedCommands() {
        return status == Status.BOOKED ? List.of(CANCEL, ATTEND, NO_SHOW) : List.of();
    }
}
