package io.xiaoneng.approval.window.app;

import io.quarkus.panache.common.Sort;
import io.xiaoneng.approval.domain.Department;
import io.xiaoneng.approval.window.domain.ServiceWindow;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/** Registering and changing service-center windows; every change is published on the org topic in its transaction. */
@ApplicationScoped
public class WindowService {

    public static final String KIND = "window";

    /** What an administrator says about a window (all of it, on creation and on every update). */
    public record WindowData(String name, String number, List<String> departmentCodes, String location,
                             boolean extendedHours, boolean holidayService, boolean active) {}

    @Inject
    Outbox outbox;

    @Inject
    AuditTrail audit;

    public List<ServiceWindow> list(Optional<String> department, Optional<Boolean> active) {
        // Filtering in memory keeps one simple query; a county has dozens of windows, not thousands.
        return ServiceWindow.<ServiceWindow>listAll(Sort.by("number")).stream()
                .filter(w -> department.map(w::serves).orElse(true))
                .filter(w -> active.map(a -> w.active == a).orElse(true))
                .toList();
    }

    public ServiceWindow get(String code) {
        return ServiceWindow.<ServiceWindow>findByIdOptional(code).orElseThrow(() -> new NotFoundProblem(KIND, code));
    }

    @Transactional
    public ServiceWindow create(String actor, String code, WindowData data) {
        if (ServiceWindow.findById(code) != null) {
            throw ConflictProblem.alreadyExists(KIND, code);
        }
        requireDepartments(data.departmentCodes());
        requireNumberFree(data.number(), code);
        ServiceWindow window = new ServiceWindow(code);
        apply(window, data);
        window.persist();
        // Same transaction: the other services learn of the window exactly when it exists.
        outbox.record(OrgEvents.WINDOW_REGISTERED, OrgEvents.windowKey(code), window.state());
        audit.record(actor, KIND, code, "create", null, window.state());
        return window;
    }

    /**
     * Replaces a window's data if {@code ifMatch} names its current version (row read with a write lock, so of two
     * updates based on one ETag only the first passes). An update that changes nothing keeps version and ETag and
     * publishes nothing.
     */
    @Transactional
    public ServiceWindow update(String actor, String code, IfMatch ifMatch, WindowData data) {
        ServiceWindow window = ServiceWindow.<ServiceWindow>findByIdOptional(code, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(KIND, code));
        ifMatch.check(window.version);
        if (window.state().equals(stateAfter(window, data))) {
            return window;
        }
        requireDepartments(data.departmentCodes());
        requireNumberFree(data.number(), code);
        OrgEvents.WindowState before = window.state();
        apply(window, data);
        window.persistAndFlush(); // flush now: the version in the response and the event must be the new one
        outbox.record(OrgEvents.WINDOW_CHANGED, OrgEvents.windowKey(code), window.state());
        audit.record(actor, KIND, code, "change", before, window.state());
        return window;
    }

    private static OrgEvents.WindowState stateAfter(ServiceWindow window, WindowData data) {
        return new OrgEvents.WindowState(window.code, data.name(), data.number(),
                List.copyOf(new TreeSet<>(data.departmentCodes())), data.location(),
                data.extendedHours(), data.holidayService(), data.active());
    }

    private static void apply(ServiceWindow window, WindowData data) {
        window.name = data.name();
        window.number = data.number();
        window.location = data.location();
        window.extendedHours = data.extendedHours();
        window.holidayService = data.holidayService();
        window.active = data.active();
        if (!window.departmentCodes.equals(new TreeSet<>(data.departmentCodes()))) {
            window.departmentCodes.clear(); // same collection instance: Hibernate tracks the change
            window.departmentCodes.addAll(data.departmentCodes());
        }
    }

    private static void requireDepartments(List<String> codes) {
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            if (Department.findById(code) == null) {
                ProblemException.Msg department = new ProblemException.Msg("kind.department", "department");
                throw new UnprocessableProblem("reference-not-found", department, code)
                        .withFieldError("departmentCodes[" + i + "]", "reference-not-found", department, code);
            }
        }
    }

    private static void requireNumberFree(String number, String ownCode) {
        ServiceWindow holder = ServiceWindow.find("number", number).firstResult();
        if (holder != null && !Objects.equals(holder.code, ownCode)) {
            ConflictProblem taken = new ConflictProblem("window.number-taken", number, holder.code);
            taken.withProperty("kind", KIND).withProperty("id", holder.code);
            throw taken;
        }
    }
}
