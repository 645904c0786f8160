package io.xiaoneng.approval.application.events;

import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.application.domain.ApplicationStatus;
import io.xiaoneng.approval.application.domain.Command;
import io.xiaoneng.approval.application.domain.LegalClock;
import io.xiaoneng.approval.application.domain.Light;
import io.xiaoneng.approval.application.domain.Transition;
import io.xiaoneng.platform.events.ApplicationEventTypes;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.Topics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The application lifecycle as published on {@value #TOPIC}, keyed by application id (so per case in order).
 * One JSON Schema per type in the platform's {@code events/schemas/}. No event carries personal data: no name,
 * no identifier, and an applicant acting himself appears as actor {@code "applicant"}.
 */
public final class ApplicationEvents {
    private ApplicationEvents() {}

    public static final String TOPIC = Topics.APPLICATIONS;

    public static final EventType SUBMITTED = ApplicationEventTypes.SUBMITTED;
    public static final EventType ACCEPTED = ApplicationEventTypes.ACCEPTED;
    public static final EventType NOT_ACCEPTED = ApplicationEventTypes.NOT_ACCEPTED;
    public static final EventType SUPPLEMENT_REQUESTED = ApplicationEventTypes.SUPPLEMENT_REQUESTED;
    public static final EventType RESUBMITTED = ApplicationEventTypes.RESUBMITTED;
    public static final EventType REVIEW_STARTED = ApplicationEventTypes.REVIEW_STARTED;
    public static final EventType APPROVED = ApplicationEventTypes.APPROVED;
    public static final EventType DENIED = ApplicationEventTypes.DENIED;
    public static final EventType SUB_CASE_DECIDED = ApplicationEventTypes.SUB_CASE_DECIDED;
    public static final EventType CERTIFICATE_DELIVERED = ApplicationEventTypes.CERTIFICATE_DELIVERED;
    public static final EventType COMPLETED = ApplicationEventTypes.COMPLETED;
    public static final EventType WITHDRAWN = ApplicationEventTypes.WITHDRAWN;
    public static final EventType PAUSED = ApplicationEventTypes.PAUSED;
    public static final EventType RESUMED = ApplicationEventTypes.RESUMED;
    public static final EventType EXTENDED = ApplicationEventTypes.EXTENDED;
    public static final EventType LIGHT_CHANGED = ApplicationEventTypes.LIGHT_CHANGED;
    public static final EventType PLEDGE_FULFILLED = ApplicationEventTypes.PLEDGE_FULFILLED;
    public static final EventType PLEDGE_BROKEN = ApplicationEventTypes.PLEDGE_BROKEN;

    public static final List<EventType> ALL = ApplicationEventTypes.ALL;

    /** One event to record: its type and data. */
    public record Pending(EventType type, Map<String, Object> data) {}

    /** The keys of a sub-case decision that belong to the sub-case event only. */
    private static final Set<String> SUB_CASE_KEYS = Set.of("subCaseDepartment", "decision", "subCaseOnTime");

    /**
     * The events of a transition. A sub-case decision that decides the whole case publishes the sub-case event and
     * then the case's own {@code approved}/{@code denied}, so consumers of decisions need not know parallel approval.
     */
    public static List<Pending> of(Application a, Transition t, String publicActor) {
        List<Pending> events = new ArrayList<>();
        Map<String, Object> details = t.details();
        switch (t.command()) {
            case SUB_CASE_APPROVAL, SUB_CASE_DENIAL -> {
                Map<String, Object> sub = new LinkedHashMap<>();
                SUB_CASE_KEYS.forEach(k -> sub.put(k, details.get(k)));
                if (details.containsKey("reasons")) {
                    sub.put("reasons", details.get("reasons"));
                }
                events.add(new Pending(SUB_CASE_DECIDED, data(a, t, publicActor, sub)));
                if (t.to() == ApplicationStatus.APPROVED || t.to() == ApplicationStatus.DENIED) {
                    Map<String, Object> decision = new LinkedHashMap<>(details);
                    SUB_CASE_KEYS.forEach(decision::remove);
                    events.add(new Pending(t.to() == ApplicationStatus.APPROVED ? APPROVED : DENIED, data(a, t, publicActor, decision)));
                }
            }
            // the applicant's own words stay in the audit trail: events carry no personal data
            case WITHDRAWAL -> events.add(new Pending(WITHDRAWN, data(a, t, publicActor, Map.of())));
            default -> events.add(new Pending(typeOf(t.command()), data(a, t, publicActor, details)));
        }
        return events;
    }

    static EventType typeOf(Command command) {
        return switch (command) {
            case SUBMISSION -> SUBMITTED;
            case ACCEPTANCE, DEEMED_ACCEPTANCE -> ACCEPTED;
            case REJECTION -> NOT_ACCEPTED;
            case SUPPLEMENT_REQUEST -> SUPPLEMENT_REQUESTED;
            case RESUBMISSION -> RESUBMITTED;
            case REVIEW -> REVIEW_STARTED;
            case APPROVAL -> APPROVED;
            case DENIAL -> DENIED;
            case SUB_CASE_APPROVAL, SUB_CASE_DENIAL -> SUB_CASE_DECIDED;
            case CERTIFICATE_DELIVERY -> CERTIFICATE_DELIVERED;
            case COMPLETION -> COMPLETED;
            case WITHDRAWAL -> WITHDRAWN;
            case PAUSE -> PAUSED;
            case RESUMPTION -> RESUMED;
            case EXTENSION -> EXTENDED;
            case PLEDGE_FULFILMENT -> PLEDGE_FULFILLED;
            case PLEDGE_BREACH -> PLEDGE_BROKEN;
        };
    }

    private static Map<String, Object> data(Application a, Transition t, String publicActor, Map<String, Object> specific) {
        Map<String, Object> data = common(a, t.at());
        data.put("previousStatus", t.from() == null ? null : t.from().name());
        data.put("command", t.command().label());
        data.put("actor", publicActor);
        data.putAll(specific);
        return data;
    }

    /** {@code light-changed}: what e-supervision (and complaint-service's supervision cases) follow. */
    public static Pending lightChanged(Application a, Instant at, LegalClock.Reading reading, Light previous) {
        Map<String, Object> data = common(a, at);
        data.put("clock", reading.kind().name());
        data.put("light", reading.light().name());
        data.put("previousLight", previous == null ? null : previous.name());
        data.put("dueOn", reading.dueOn());
        data.put("allowedWorkingDays", reading.allowedDays());
        data.put("remainingWorkingDays", reading.remainingDays());
        data.put("overdueWorkingDays", reading.overdueDays());
        return new Pending(LIGHT_CHANGED, data);
    }

    /**
     * {@code light-changed} from the columns a set-based sweep reads (the same data as {@link #lightChanged}).
     */
    public static Map<String, Object> lightChangedData(UUID id, String trackingNumber, String itemCode, int itemVersion,
                                                       String department, boolean composite, ApplicationStatus status,
                                                       Instant at, String clock, Light light, Light previous, LocalDate dueOn,
                                                       int allowed, int remaining, int overdue) {
        Map<String, Object> data = common(id, trackingNumber, itemCode, itemVersion, department, composite, status, at);
        data.put("clock", clock);
        data.put("light", light.name());
        data.put("previousLight", previous == null ? null : previous.name());
        data.put("dueOn", dueOn);
        data.put("allowedWorkingDays", allowed);
        data.put("remainingWorkingDays", remaining);
        data.put("overdueWorkingDays", overdue);
        return data;
    }

    private static Map<String, Object> common(Application a, Instant at) {
        return common(a.id, a.trackingNumber, a.itemCode, a.itemVersion, a.departmentCode, a.composite, a.status, at);
    }

    private static Map<String, Object> common(UUID id, String trackingNumber, String itemCode, int itemVersion,
                                              String department, boolean composite, ApplicationStatus status, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("applicationId", id.toString());
        data.put("trackingNumber", trackingNumber);
        data.put("itemCode", itemCode);
        data.put("itemVersion", itemVersion);
        data.put("department", department);
        data.put("composite", composite);
        data.put("status", status.name());
        data.put("occurredAt", at);
        return data;
    }
}
