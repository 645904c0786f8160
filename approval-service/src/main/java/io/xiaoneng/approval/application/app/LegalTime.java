package io.xiaoneng.approval.application.app;

import io.xiaoneng.approval.application.domain.LegalRules;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/**
 * "Now" and the numbers of the legal clock. Time comes from a {@link Clock} bean so that tests can move it (to a
 * holiday, past a deadline) instead of waiting; the numbers come from configuration, never from literals.
 */
@ApplicationScoped
public class LegalTime {

    @Inject
    Clock clock;

    @ConfigProperty(name = "xiaoneng.approval.acceptance-limit-days", defaultValue = "5")
    int acceptanceLimitDays;
    @ConfigProperty(name = "xiaoneng.approval.extension-days", defaultValue = "10")
    int extensionDays;
    @ConfigProperty(name = "xiaoneng.approval.delivery-limit-days", defaultValue = "10")
    int deliveryLimitDays;
    @ConfigProperty(name = "xiaoneng.approval.parallel.limit-days", defaultValue = "45")
    int parallelLimitDays;
    @ConfigProperty(name = "xiaoneng.approval.parallel.extension-days", defaultValue = "15")
    int parallelExtensionDays;
    @ConfigProperty(name = "xiaoneng.approval.lights.yellow-percent", defaultValue = "25")
    int yellowPercent;
    @ConfigProperty(name = "xiaoneng.approval.pledge.limit-days", defaultValue = "5")
    int pledgeLimitDays;

    private volatile LegalRules rules;

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return WorkingDayCalendar.dateOf(now());
    }

    public LegalRules rules() {
        LegalRules r = rules;
        if (r == null) {
            r = new LegalRules(acceptanceLimitDays, extensionDays, deliveryLimitDays, parallelLimitDays, parallelExtensionDays, yellowPercent, pledgeLimitDays);
            rules = r;
        }
        return r;
    }
}
