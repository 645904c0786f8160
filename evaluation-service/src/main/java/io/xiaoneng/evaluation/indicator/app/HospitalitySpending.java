package io.xiaoneng.evaluation.indicator.app;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A department's public hospitality spending (公务接待费) in one year. */
@Entity
@Table(name = "hospitality_spending")
@IdClass(HospitalitySpending.Key.class)
public class HospitalitySpending extends PanacheEntityBase {

    public static final String KIND = "hospitality-spending";

    @Id
    @Column(name = "department_code")
    public String departmentCode;

    @Id
    public int year;

    public BigDecimal amount;

    @Column(name = "entered_by")
    public String enteredBy;

    @Column(name = "entered_at")
    public Instant enteredAt;

    @Version
    public long version;

    public static class Key implements Serializable {
        public String departmentCode;
        public int year;

        public Key() {}

        public Key(String departmentCode, int year) {
            this.departmentCode = departmentCode;
            this.year = year;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.year == year && Objects.equals(k.departmentCode, departmentCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(departmentCode, year);
        }
    }

    public record State(String departmentCode, int year, BigDecimal amount) {}

    public State state() {
        return new State(departmentCode, year, amount);
    }
}
