package io.xiaoneng.evaluation.target.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.math.BigDecimal;

/** One year of a town head's term: its fiscal-revenue target and, once evaluated, what was reached. */
@Embeddable
public class TermYear {

    public int year;

    @Column(name = "target_revenue")
    public BigDecimal targetRevenue;

    @Column(name = "actual_revenue")
    public BigDecimal actualRevenue;

    public Boolean met;

    protected TermYear() {}

    public TermYear(int year, BigDecimal targetRevenue) {
        this.year = year;
        this.targetRevenue = targetRevenue;
    }
}
