package io.xiaoneng.complaint.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.LocalDate;

/** An investment-environment monitoring point (投资环境监测点): an enterprise or place watching the agencies. */
@Entity
@Table(name = "monitoring_point")
public class MonitoringPoint extends PanacheEntityBase {

    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    @Column(name = "enterprise_name", nullable = false)
    public String enterpriseName;

    public String address;

    @Column(name = "town_code")
    public String townCode;

    public boolean active = true;

    @Column(name = "designated_on", insertable = false, updatable = false)
    public LocalDate designatedOn;

    @Version
    public long version;

    protected MonitoringPoint() {}

    public MonitoringPoint(String code, String name, String enterpriseName, String address, String townCode) {
        this.code = code;
        this.name = name;
        this.enterpriseName = enterpriseName;
        this.address = address;
        this.townCode = townCode;
    }
}
