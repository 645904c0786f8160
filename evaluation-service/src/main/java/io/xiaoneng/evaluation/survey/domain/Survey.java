package io.xiaoneng.evaluation.survey.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The year-end survey (年终评议) of one year: open while sheets are entered, then closed once, which freezes the rules
 * applied and opens the accountability cases.
 */
@Entity
@Table(name = "survey")
public class Survey extends PanacheEntityBase {

    public static final String KIND = "survey";
    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";

    @Id
    public Integer year;

    public String status;

    @Column(name = "opened_by")
    public String openedBy;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "closed_by")
    public String closedBy;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "explanation_threshold")
    public BigDecimal explanationThreshold;

    @Column(name = "resignation_threshold")
    public BigDecimal resignationThreshold;

    @Column(name = "minimum_valid")
    public Integer minimumValid;

    public BigDecimal confidence;

    @Version
    public long version;

    protected Survey() {}

    public Survey(int year, String by, Instant now) {
        this.year = year;
        this.status = OPEN;
        this.openedBy = by;
        this.openedAt = now;
    }

    public boolean isOpen() {
        return OPEN.equals(status);
    }

    public void requireOpen(String command) {
        if (!isOpen()) {
            throw new IllegalTransitionProblem(KIND, year, status, command, List.of());
        }
    }

    public void close(Thresholds rules, String by, Instant now) {
        requireOpen("closing");
        status = CLOSED;
        closedBy = by;
        closedAt = now;
        explanationThreshold = rules.explanation();
        resignationThreshold = rules.resignation();
        minimumValid = rules.minimumValid();
        confidence = rules.confidence();
    }

    /** The rules of a closed survey (frozen), or {@code current} while it is open. */
    public Thresholds rules(Thresholds current) {
        return isOpen() ? current : new Thresholds(explanationThreshold, resignationThreshold, minimumValid, confidence);
    }

    public record State(int year, String status, BigDecimal explanationThreshold, BigDecimal resignationThreshold,
                        Integer minimumValid, BigDecimal confidence) {}

    public State state() {
        return new State(year, status, explanationThreshold, resignationThreshold, minimumValid, confidence);
    }
}
