package io.xiaoneng.complaint.app;

import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;

/** The local department projection (fed by {@code events.DepartmentProjection}): which codes name a department. */
@ApplicationScoped
public class Departments {

    @Inject
    EntityManager em;

    public boolean isActive(String code) {
        List<?> rows = em.createNativeQuery("select active from department_projection where code = ?1")
                .setParameter(1, code).getResultList();
        return !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0));
    }

    /** 422 naming {@code field} unless {@code code} is an active department. */
    public void requireActive(String code, String field) {
        if (!isActive(code)) {
            ProblemException.Msg kind = new ProblemException.Msg("kind.department", "department");
            throw new UnprocessableProblem("reference-not-found", kind, code)
                    .withFieldError(field, "reference-not-found", kind, code);
        }
    }

    public record DepartmentRef(String code, String name) {}

    @SuppressWarnings("unchecked")
    public List<DepartmentRef> active() {
        List<Object[]> rows = em.createNativeQuery("select code, name from department_projection where active order by code").getResultList();
        return rows.stream().map(r -> new DepartmentRef((String) r[0], (String) r[1])).toList();
    }
}
