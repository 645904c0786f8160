package io.xiaoneng.complaint.app;

import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintCategory;
import io.xiaoneng.complaint.domain.StepLimits;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * "Now", the working-day calendar and the numbers of the four-step rule. Every number is configuration
 * ({@code xiaoneng.complaint.*}, see README); time comes from a {@link Clock} bean so tests can move it.
 */
@ApplicationScoped
public class ComplaintRules {

    @Inject
    Clock clock;

    @ConfigProperty(name = "xiaoneng.complaint.deadlines.accept-days", defaultValue = "1")
    int acceptDays;
    @ConfigProperty(name = "xiaoneng.complaint.deadlines.dispatch-days", defaultValue = "1")
    int dispatchDays;
    @ConfigProperty(name = "xiaoneng.complaint.deadlines.handle-days", defaultValue = "10")
    int handleDays;
    @ConfigProperty(name = "xiaoneng.complaint.deadlines.reply-days", defaultValue = "2")
    int replyDays;
    @ConfigProperty(name = "xiaoneng.complaint.deadlines.reopen-days", defaultValue = "15")
    int reopenDays;
    @ConfigProperty(name = "xiaoneng.complaint.max-bounces", defaultValue = "2")
    int maxBounces;
    @ConfigProperty(name = "xiaoneng.complaint.reminder-working-days", defaultValue = "1")
    int reminderWorkingDays;
    @ConfigProperty(name = "xiaoneng.complaint.privacy.retention", defaultValue = "P730D")
    Duration retention;
    @ConfigProperty(name = "xiaoneng.complaint.intake-department", defaultValue = "complaint-center")
    String intakeDepartment;

    /** The county's calendar as approval-service publishes it, the bundled years as fallback. */
    @Inject
    ProjectedCalendar calendar;

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return WorkingDayCalendar.dateOf(now());
    }

    public WorkingDayCalendar calendar() {
        return calendar.current();
    }

    public StepLimits defaults() {
        return new StepLimits(acceptDays, dispatchDays, handleDays, replyDays, reopenDays);
    }

    public StepLimits limitsOf(String categoryCode) {
        ComplaintCategory c = ComplaintCategory.findById(categoryCode);
        return c == null ? defaults() : c.limits(defaults());
    }

    public int maxBounces() {
        return maxBounces;
    }

    public int reminderWorkingDays() {
        return reminderWorkingDays;
    }

    public Duration retention() {
        return retention;
    }

    public String intakeDepartment() {
        return intakeDepartment;
    }

    public Complaint.Act act(String actor, String categoryCode) {
        return new Complaint.Act(actor, now(), calendar(), limitsOf(categoryCode), maxBounces);
    }
}
