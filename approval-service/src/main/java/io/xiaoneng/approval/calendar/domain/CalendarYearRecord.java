package io.xiaoneng.approval.calendar.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;

/**
 * One year of the working-day calendar as approval-service holds it: the JSON document in the platform's format,
 * stored only after {@code CalendarYearParser} accepted it, so every stored row parses.
 */
@Entity
@Table(name = "calendar_year")
public class CalendarYearRecord extends PanacheEntityBase {

    /** Where the year's data came from: shipped with the platform, or loaded by an administrator. */
    public enum Origin { BUNDLED, UPLOADED }

    @Id
    public int year;

    /** The year in the platform format (canonical form written by approval-service). */
    @Column(nullable = false)
    public String data;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Origin origin;

    @Column(name = "loaded_at", nullable = false)
    public OffsetDateTime loadedAt;

    @Column(name = "loaded_by", nullable = false)
    public String loadedBy;

    @Version
    @Column(name = "row_version")
    public long rowVersion;

    protected CalendarYearRecord() {}

    public CalendarYearRecord(int year, String data, Origin origin, OffsetDateTime loadedAt, String loadedBy) {
        this.year = year;
        this.data = data;
        this.origin = origin;
        this.loadedAt = loadedAt;
        this.loadedBy = loadedBy;
    }
}
