package io.xiaoneng.evaluation.accountability.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An accountability case (问责) against the head of a department: the state machine of {@link CaseStatus}. Who may
 * issue which command is decided by the application layer; this class only knows which command fits which state.
 */
@Entity
@Table(name = "accountability_case")
public class AccountabilityCase extends PanacheEntityBase {

    public static final String KIND = "accountability-case";

    /** The commands, as named in the API and in illegal-transition problems. */
    public static final String STATEMENT = "statement";
    public static final String CLOSURE = "closure";
    public static final String JUSTIFICATION = "justification";
    public static final String JUSTIFICATION_ACCEPTANCE = "justification-acceptance";
    public static final String JUSTIFICATION_REJECTION = "justification-rejection";
    public static final String RESIGNATION = "resignation";

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public CaseKind kind;

    @Enumerated(EnumType.STRING)
    public CaseSource source;

    @Column(name = "department_code")
    public String departmentCode;

    public int year;

    @Enumerated(EnumType.STRING)
    public CaseStatus status;

    @Column(name = "dissatisfaction_rate")
    public BigDecimal dissatisfactionRate;

    @Column(name = "valid_ballots")
    public Integer validBallots;

    @Column(name = "target_id")
    public String targetId;

    /** The head's investigation and public statement (explanation cases). */
    public String statement;

    /** The head's reasons why he should not resign (resignation cases). */
    public String justification;

    /** The committee's reasons for accepting or rejecting, or for closing a case. */
    @Column(name = "decision_reason")
    public String decisionReason;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    protected AccountabilityCase() {}

    public static AccountabilityCase open(CaseKind kind, CaseSource source, String department, int year, Instant now) {
        AccountabilityCase c = new AccountabilityCase();
        c.id = UUID.randomUUID();
        c.kind = kind;
        c.source = source;
        c.departmentCode = department;
        c.year = year;
        c.status = CaseStatus.OPEN;
        c.openedAt = now;
        c.updatedAt = now;
        return c;
    }

    /** The commands the current state allows. */
    public List<String> allowed() {
        List<String> allowed = new ArrayList<>();
        switch (status) {
            case OPEN -> {
                if (kind == CaseKind.EXPLANATION_REQUIRED) {
                    allowed.add(STATEMENT);
                } else {
                    allowed.add(JUSTIFICATION);
                    allowed.add(RESIGNATION);
                }
            }
            case STATEMENT_SUBMITTED -> {
                allowed.add(CLOSURE);
            }
            case JUSTIFICATION_SUBMITTED -> {
                allowed.add(JUSTIFICATION_ACCEPTANCE);
                allowed.add(JUSTIFICATION_REJECTION);
            }
            case RESIGNATION_DUE -> allowed.add(RESIGNATION);
            case CLOSED, RESIGNATION_WAIVED, RESIGNED -> { }
        }
        return allowed;
    }

    private void require(String command) {
        if (!allowed().contains(command)) {
            throw new IllegalTransitionProblem(KIND, id, status.name(), command, allowed());
        }
    }

    public void submitStatement(String text, Instant now) {
        require(STATEMENT);
        statement = text;
        to(CaseStatus.STATEMENT_SUBMITTED, now);
    }

    public void close(String reason, Instant now) {
        require(CLOSURE);
        decisionReason = reason;
        to(CaseStatus.CLOSED, now);
    }

    public void submitJustification(String text, Instant now) {
        require(JUSTIFICATION);
        justification = text;
        to(CaseStatus.JUSTIFICATION_SUBMITTED, now);
    }

    public void acceptJustification(String reason, Instant now) {
        require(JUSTIFICATION_ACCEPTANCE);
        decisionReason = reason;
        to(CaseStatus.RESIGNATION_WAIVED, now);
    }

    public void rejectJustification(String reason, Instant now) {
        require(JUSTIFICATION_REJECTION);
        decisionReason = reason;
        to(CaseStatus.RESIGNATION_DUE, now);
    }

    public void recordResignation(String note, Instant now) {
        require(RESIGNATION);
        if (note != null) {
            decisionReason = note;
        }
        to(CaseStatus.RESIGNED, now);
    }

    private void to(CaseStatus next, Instant now) {
        status = next;
        updatedAt = now;
    }

    /** The audited state (texts included: they are official statements, not personal data). */
    public State state() {
        return new State(id.toString(), kind.name(), source.name(), departmentCode, year, status.name(), dissatisfactionRate,
                validBallots, targetId, statement, justification, decisionReason);
    }

    public record State(String id, String kind, String source, String departmentCode, int year, String status,
                        BigDecimal dissatisfactionRate, Integer validBallots, String targetId, String statement,
                        String justification, String decisionReason) {}
}
