package io.xiaoneng.approval.app;

import io.quarkus.panache.common.Sort;
import io.xiaoneng.approval.domain.Department;
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

@ApplicationScoped
public class DepartmentService {

    static final String KIND = "department";

    @Inject
    Outbox outbox;

    @Inject
    AuditTrail audit;

    public List<Department> list(Optional<Department.Kind> kind) {
        Sort byCode = Sort.by("code");
        return kind.map(k -> Department.<Department>list("kind", byCode, k)).orElseGet(() -> Department.listAll(byCode));
    }

    public Department get(String code) {
        return Department.<Department>findByIdOptional(code).orElseThrow(() -> new NotFoundProblem(KIND, code));
    }

    @Transactional
    public Department create(String actor, String code, String name, Department.Kind kind, String parentCode) {
        if (Department.findById(code) != null) {
            throw ConflictProblem.alreadyExists(KIND, code);
        }
        if (parentCode != null && Department.findById(parentCode) == null) {
            ProblemException.Msg department = new ProblemException.Msg("kind." + KIND, KIND);
            throw new UnprocessableProblem("reference-not-found", department, parentCode)
                    .withFieldError("parentCode", "reference-not-found", department, parentCode);
        }
        Department department = new Department(code, name, kind, parentCode);
        department.persist();
        // Same transaction: the other services learn of the department exactly when it exists.
        outbox.record(OrgEvents.DEPARTMENT_REGISTERED, department.code, department.state());
        audit.record(actor, KIND, code, "create", null, department.state());
        return department;
    }

    /**
     * Renames and/or (de)activates a department if {@code ifMatch} names its current version. The row is read
     * with a write lock, so of two updates sent with the same ETag the second sees the first's new version and
     * gets 412 instead of overwriting it.
     */
    @Transactional
    public Department update(String actor, String code, IfMatch ifMatch, String name, boolean active) {
        Department department = Department.<Department>findByIdOptional(code, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(KIND, code));
        ifMatch.check(department.version);
        if (Objects.equals(department.name, name) && department.active == active) {
            return department; // nothing changes: same version, same ETag, no event
        }
        OrgEvents.DepartmentState before = department.state();
        department.name = name;
        department.active = active;
        outbox.record(OrgEvents.DEPARTMENT_CHANGED, department.code, department.state());
        audit.record(actor, KIND, code, "change", before, department.state());
        return department;
    }
}
