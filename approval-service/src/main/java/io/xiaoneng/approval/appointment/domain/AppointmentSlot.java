package io.xiaoneng.approval.appointment.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A bookable time at a window: a date, start and end (local time in Asia/Shanghai), a capacity and the number of
 * places taken. {@link #booked} is never written through this entity: only the conditional SQL updates of
 * {@code AppointmentService} change it, so concurrent bookings cannot overbook (see there).
 */
@Entity
@Table(name = "appointment_slot")
public class AppointmentSlot extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "window_code", nullable = false)
    public String windowCode;

    @Column(name = "slot_date", nullable = false)
    public LocalDate date;

    @Column(name = "starts_at", nullable = false)
    public LocalTime start;

    @Column(name = "ends_at", nullable = false)
    public LocalTime end;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SlotKind kind;

    @Column(nullable = false)
    public int capacity;

    @Column(insertable = false, updatable = false)
    public int booked;

    /** Removed by the service center: no longer listed or bookable; kept for the bookings that refer to it. */
    @Column(name = "removed_at")
    public java.time.OffsetDateTime removedAt;
    @Column(name = "removed_by")
    public String removedBy;
    @Column(name = "removal_reason")
    public String removalReason;

    @Version
    public long version;

    protected AppointmentSlot() {}

    public AppointmentSlot(String windowCode, LocalDate date, LocalTime start, LocalTime end, SlotKind kind, int capacity) {
        this.windowCode = windowCode;
        this.date = date;
        this.start = start;
        this.end = end;
        this.kind = kind;
        this.capacity = capacity;
    }

    public boolean removed() {
        return removedAt != null;
    }

    /** The state an edit may change and the audit trail records (the places taken are the bookings' business). */
    public java.util.Map<String, Object> definition() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("windowCode", windowCode);
        m.put("date", date.toString());
        m.put("start", start.toString());
        m.put("end", end.toString());
        m.put("kind", kind.name());
        m.put("capacity", capacity);
        m.put("booked", booked);
        return m;
    }

    public Instant startsAt(ZoneId zone) {
        return date.atTime(start).atZone(zone).toInstant();
    }

    public Instant endsAt(ZoneId zone) {
        return date.atTime(end).atZone(zone).toInstant();
    }
}
