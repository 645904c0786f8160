package io.xiaoneng.approval.window.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.events.OrgEvents;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A window of the county's service center (窗口): where the departments that moved their approval items into the
 * center receive applicants. Never deleted (appointments and assessments refer to it); deactivated instead.
 */
@Entity
@Table(name = "service_window")
public class ServiceWindow extends PanacheEntityBase {

    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    /** The number shown above the counter (e.g. {@code A01}); unique. */
    @Column(nullable = false)
    public String number;

    @Column(nullable = false)
    public String location;

    /** 延时服务: the window also works in the lunch break and evenings of working days. */
    @Column(name = "extended_hours", nullable = false)
    public boolean extendedHours;

    /** 节假日服务: the window also opens on weekends and statutory holidays. */
    @Column(name = "holiday_service", nullable = false)
    public boolean holidayService;

    public boolean active = true;

    /**
     * The departments whose matters the window handles. A change of this set bumps {@link #version} like any other
     * field (Hibernate versions owned collections), so If-Match covers it.
     */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "service_window_department", joinColumns = @JoinColumn(name = "window_code"))
    @Column(name = "department_code")
    public Set<String> departmentCodes = new TreeSet<>();

    @Version
    public long version;

    protected ServiceWindow() {}

    public ServiceWindow(String code) {
        this.code = code;
    }

    /** Whether an official of {@code department} works for this window (his department is one it serves). */
    public boolean serves(String department) {
        return department != null && departmentCodes.contains(department);
    }

    public List<String> sortedDepartmentCodes() {
        return List.copyOf(new TreeSet<>(departmentCodes));
    }

    /** The window's full state as published on the compacted org topic. */
    public OrgEvents.WindowState state() {
        return new OrgEvents.WindowState(code, name, number, sortedDepartmentCodes(), location, extendedHours, holidayService, active);
    }
}
