package io.xiaoneng.evaluation.target.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.evaluation.domain.BasisNotFinalProblem;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A town head's term target (任期目标): fiscal revenue to reach by the end of a term of several years, with a target
 * for each year. Evaluated every year; the last year's evaluation is the final one: met → a reward of a configured
 * share of the fiscal increase over the baseline; not met → resignation (引咎辞职).
 */
@Entity
@Table(name = "term_target")
public class TermTarget extends PanacheEntityBase {

    public static final String KIND = "term-target";

    public enum Status { RUNNING, MET, NOT_MET }

    @Id
    public UUID id;

    @Column(name = "department_code")
    public String departmentCode;

    @Column(name = "head_name")
    public String headName;

    @Column(name = "first_year")
    public int firstYear;

    @Column(name = "last_year")
    public int lastYear;

    /** Fiscal revenue of the year before the term (万元): the increase is measured from it. */
    @Column(name = "baseline_revenue")
    public BigDecimal baselineRevenue;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;

    public BigDecimal reward;

    @Column(name = "reward_share")
    public BigDecimal rewardShare;

    @Column(name = "case_id")
    public UUID caseId;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "term_target_year", joinColumns = @JoinColumn(name = "target_id"))
    @OrderBy("year")
    public List<TermYear> years = new ArrayList<>();

    @Version
    public long version;

    /** The outcome of one yearly evaluation. */
    public record Evaluation(int year, boolean met, boolean last) {}

    public TermYear yearOf(int year) {
        return years.stream().filter(y -> y.year == year).findFirst().orElse(null);
    }

    /** The next year to evaluate: years are evaluated in order, each once. */
    public Integer nextYear() {
        return years.stream().filter(y -> y.met == null).map(y -> y.year).min(Integer::compare).orElse(null);
    }

    /**
     * Records the fiscal revenue reached in {@code year}. Met when it reaches the year's target; the last year decides
     * the term: met → the reward, a {@code share} of the increase over the baseline (never negative). Only a year that
     * is over on {@code today} is evaluated: before, its revenue is not final — and the last year's evaluation, the
     * term's outcome, is never revised.
     */
    public Evaluation evaluate(int year, BigDecimal actual, BigDecimal share, LocalDate today) {
        Integer next = nextYear();
        if (status != Status.RUNNING || next == null || next != year) {
            throw new IllegalTransitionProblem(KIND, id, status.name(), "evaluation " + year,
                    next == null ? List.of() : List.of("evaluation " + next));
        }
        if (!BasisNotFinalProblem.yearOver(year, today)) {
            throw BasisNotFinalProblem.termYearNotOver(year, year == lastYear);
        }
        TermYear y = yearOf(year);
        y.actualRevenue = actual;
        y.met = actual.compareTo(y.targetRevenue) >= 0;
        boolean last = year == lastYear;
        if (last) {
            status = y.met ? Status.MET : Status.NOT_MET;
            if (y.met) {
                rewardShare = share;
                reward = actual.subtract(baselineRevenue).max(BigDecimal.ZERO).multiply(share).setScale(2, RoundingMode.HALF_UP);
            }
        }
        return new Evaluation(year, y.met, last);
    }

    public record YearState(int year, BigDecimal targetRevenue, BigDecimal actualRevenue, Boolean met) {}

    public record State(String id, String departmentCode, String headName, int firstYear, int lastYear, BigDecimal baselineRevenue,
                        String status, BigDecimal reward, BigDecimal rewardShare, String caseId, List<YearState> years) {}

    public State state() {
        return new State(id.toString(), departmentCode, headName, firstYear, lastYear, baselineRevenue, status.name(), reward,
                rewardShare, caseId == null ? null : caseId.toString(),
                years.stream().map(y -> new YearState(y.year, y.targetRevenue, y.actualRevenue, y.met)).toList());
    }
}
