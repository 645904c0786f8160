package io.xiaoneng.approval.app;

import io.xiaoneng.approval.calendar.app.CalendarService;
import io.xiaoneng.approval.calendar.domain.CalendarYearRecord;
import io.xiaoneng.approval.domain.Department;
import io.xiaoneng.approval.window.domain.ServiceWindow;
import io.xiaoneng.approval.window.domain.StaffPost;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.CalendarEvents;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.Outbox;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * Records the current reference data once more into the outbox: every department, service window and staff post
 * ({@code department.changed}, {@code window.changed}, {@code post.changed} with the current state) and every stored
 * calendar year ({@code calendar-year.published}). After a Kafka loss the
 * compacted topics {@code xiaoneng.approval.org} and {@code xiaoneng.approval.calendar} are empty or stale, and the
 * consumers (complaint-service, evaluation-service) would otherwise learn of a department or a year only at its next
 * change. Their projections upsert by key and event time, so a republication changes nothing where they are
 * current and is safe to repeat.
 */
@ApplicationScoped
public class ReferenceDataRepublisher {

    /** What was recorded. */
    public record Republished(int departments, int windows, int posts, List<Integer> calendarYears) {}

    @Inject
    Outbox outbox;

    @Inject
    AuditTrail audit;

    /** One transaction: the events are published together or not at all (a county has hundreds of departments, not millions). */
    @Transactional
    public Republished republish(String actor) {
        List<Department> departments = Department.listAll(Sort.by("code"));
        for (Department d : departments) {
            outbox.record(OrgEvents.DEPARTMENT_CHANGED, d.code, d.state());
        }
        List<ServiceWindow> windows = ServiceWindow.listAll(Sort.by("code"));
        for (ServiceWindow w : windows) {
            outbox.record(OrgEvents.WINDOW_CHANGED, OrgEvents.windowKey(w.code), w.state());
        }
        List<StaffPost> posts = StaffPost.listAll(Sort.by("code"));
        for (StaffPost p : posts) {
            outbox.record(OrgEvents.POST_CHANGED, OrgEvents.postKey(p.code), p.state());
        }
        List<CalendarYearRecord> years = CalendarYearRecord.listAll(Sort.by("year"));
        for (CalendarYearRecord y : years) {
            outbox.record(CalendarEvents.YEAR_PUBLISHED, String.valueOf(y.year), CalendarEvents.YearData.of(CalendarService.parse(y)));
        }
        Republished result = new Republished(departments.size(), windows.size(), posts.size(),
                years.stream().map(y -> y.year).toList());
        audit.record(actor, "reference-data", "approval", "republished", null, result);
        return result;
    }
}
