package io.xiaoneng.approval.application.domain;

import java.time.Instant;
import java.util.Map;

/**
 * What one command did to an application: the audit record ({@code application_history}) and the event are both
 * made from it. {@code details} must never hold personal data: it goes to other services.
 */
public record Transition(Command command, ApplicationStatus from, ApplicationStatus to, String actor, Instant at,
                         Map<String, Object> details) {
    public Transition {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
