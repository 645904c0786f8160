package io.xiaoneng.approval.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.events.OrgEvents;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;

/** A department of the county (部门): an agency, a town (乡镇) or a window unit of the service center. */
@Entity
public class Department extends PanacheEntityBase {

    public enum Kind { COUNTY_AGENCY, TOWN, WINDOW_UNIT }

    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "parent_code")
    public String parentCode;

    public boolean active = true;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Version
    public long version;

    protected Department() {}

    public Department(String code, String name, Kind kind, String parentCode) {
        this.code = code;
        this.name = name;
        this.kind = kind;
        this.parentCode = parentCode;
    }

    /** The department's full state as published on the compacted org topic. */
    public OrgEvents.DepartmentState state() {
        return new OrgEvents.DepartmentState(code, name, kind.name(), parentCode, active);
    }
}
