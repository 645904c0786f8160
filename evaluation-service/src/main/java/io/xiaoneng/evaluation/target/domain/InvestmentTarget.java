package io.xiaoneng.evaluation.target.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A county department's investment-attraction target for one year (一岗双责), and its outcome once evaluated. */
@Entity
@Table(name = "investment_target")
public class InvestmentTarget extends PanacheEntityBase {

    public static final String KIND = "investment-target";

    @Id
    public UUID id;

    @Column(name = "department_code")
    public String departmentCode;

    public int year;

    /** 万元 (10,000 CNY). */
    @Column(name = "target_amount")
    public BigDecimal targetAmount;

    @Column(name = "attracted_amount")
    public BigDecimal attractedAmount;

    public Boolean met;

    @Column(name = "consecutive_misses")
    public Integer consecutiveMisses;

    @Column(name = "evaluated_by")
    public String evaluatedBy;

    @Column(name = "evaluated_at")
    public Instant evaluatedAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Version
    public long version;

    public boolean evaluated() {
        return met != null;
    }

    public record State(String id, String departmentCode, int year, BigDecimal targetAmount, BigDecimal attractedAmount,
                        Boolean met, Integer consecutiveMisses) {}

    public State state() {
        return new State(id.toString(), departmentCode, year, targetAmount, attractedAmount, met, consecutiveMisses);
    }
}
