package io.xiaoneng.approval.app;

import io.quarkus.panache.common.Sort;
import io.xiaoneng.approval.domain.Department;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.Outbox;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class DepartmentService {

    @Inject
    Outbox outbox;

    public List<Department> list(Optional<Department.Kind> kind) {
        Sort byCode = Sort.by("code");
        return kind.map(k -> Department.<Department>list("kind", byCode, k)).orElseGet(() -> Department.listAll(byCode));
    }

    public Department get(String code) {
        return Department.<Department>findByIdOptional(code)
                .orElseThrow(() -> new NotFoundException("department " + code));
    }

    @Transactional
    public Department create(String code, String name, Department.Kind kind, String parentCode) {
        if (Department.findById(code) != null) {
            throw new WebApplicationException("department " + code + " exists", Response.Status.CONFLICT);
        }
        if (parentCode != null && Department.findById(parentCode) == null) {
            throw new WebApplicationException("parent department " + parentCode + " does not exist", 422);
        }
        Department department = new Department(code, name, kind, parentCode);
        department.persist();
        // Same transaction: the other services learn of the department exactly when it exists.
        outbox.record(OrgEvents.DEPARTMENT_REGISTERED, department.code, department.state());
        return department;
    }
}
