package io.xiaoneng.platform.events;

import java.util.List;

/**
 * What evaluation-service publishes on {@link Topics#ACCOUNTABILITY}: the life of an accountability case (问责) —
 * opened by the year-end survey (dissatisfaction ≥ 20 % → explanation, ≥ 30 % → resignation unless a justification
 * is accepted) or by a missed term / investment-attraction target — keyed by case id, and the sanctions of the
 * investment-attraction ladder, keyed by sanction id. The data of every case event is the case's state after the
 * step (schemas {@code xiaoneng.evaluation.accountability-case.*.v1.json}); no personal data, no free texts.
 */
public final class AccountabilityEventTypes {
    private AccountabilityEventTypes() {}

    public static final EventType CASE_OPENED = caseEvent("opened");
    /** The head of an explanation-required case submitted his investigation and public statement (自查说明). */
    public static final EventType CASE_STATEMENT_SUBMITTED = caseEvent("statement-submitted");
    /** The head of a resignation-required case submitted a justification for the committee. */
    public static final EventType CASE_JUSTIFICATION_SUBMITTED = caseEvent("justification-submitted");
    /** The evaluation committee accepted the justification: no resignation. */
    public static final EventType CASE_JUSTIFICATION_ACCEPTED = caseEvent("justification-accepted");
    /** The evaluation committee rejected the justification: the resignation is due. */
    public static final EventType CASE_JUSTIFICATION_REJECTED = caseEvent("justification-rejected");
    /** The resignation (引咎辞职) was recorded. */
    public static final EventType CASE_RESIGNED = caseEvent("resigned");
    /** An explanation-required case was closed after the statement. */
    public static final EventType CASE_CLOSED = caseEvent("closed");

    /** A step of the investment-attraction sanction ladder was imposed on a department for a missed year. */
    public static final EventType SANCTION_IMPOSED = EventType.of("evaluation", "sanction", "imposed", 1, Topics.ACCOUNTABILITY);

    public static final List<EventType> CASE_EVENTS = List.of(CASE_OPENED, CASE_STATEMENT_SUBMITTED, CASE_JUSTIFICATION_SUBMITTED,
            CASE_JUSTIFICATION_ACCEPTED, CASE_JUSTIFICATION_REJECTED, CASE_RESIGNED, CASE_CLOSED);

    public static final List<EventType> ALL = List.of(CASE_OPENED, CASE_STATEMENT_SUBMITTED, CASE_JUSTIFICATION_SUBMITTED,
            CASE_JUSTIFICATION_ACCEPTED, CASE_JUSTIFICATION_REJECTED, CASE_RESIGNED, CASE_CLOSED, SANCTION_IMPOSED);

    private static EventType caseEvent(String event) {
        return EventType.of("evaluation", "accountability-case", event, 1, Topics.ACCOUNTABILITY);
    }
}
