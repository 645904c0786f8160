package io.xiaoneng.evaluation.org;

import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The departments evaluation knows, from the local projection of approval-service's org topic
 * ({@code department_projection}): every code an evaluator or head enters is checked here, never by calling
 * approval-service.
 */
@ApplicationScoped
public class Departments {

    /** Kind of a town (乡镇) in the projection; town heads carry term targets. */
    public static final String TOWN = "TOWN";
    /** Kind of a county agency (县直部门); they carry investment-attraction targets. */
    public static final String COUNTY_AGENCY = "COUNTY_AGENCY";

    public record Department(String code, String name, String kind, boolean active) {}

    @Inject
    EntityManager em;

    public Optional<Department> find(String code) {
        if (code == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select code, name, kind, active from department_projection where code = ?1")
                .setParameter(1, code).getResultList();
        return rows.stream().findFirst().map(r -> new Department((String) r[0], (String) r[1], (String) r[2], (Boolean) r[3]));
    }

    /** Names by code for the given codes (unknown codes are absent). */
    @SuppressWarnings("unchecked")
    public Map<String, String> names(Collection<String> codes) {
        Map<String, String> names = new HashMap<>();
        if (codes.isEmpty()) {
            return names;
        }
        List<Object[]> rows = em.createNativeQuery("select code, name from department_projection where code = any(?1)")
                .setParameter(1, codes.toArray(String[]::new)).getResultList();
        rows.forEach(r -> names.put((String) r[0], (String) r[1]));
        return names;
    }

    /**
     * The active department {@code code}, or 422 naming {@code field}. An inactive department can no longer be
     * rated, targeted or assessed.
     */
    public Department requireActive(String code, String field) {
        Department d = find(code).filter(Department::active).orElse(null);
        if (d == null) {
            ProblemException.Msg kind = new ProblemException.Msg("kind.department", "department");
            throw new UnprocessableProblem("reference-not-found", kind, code)
                    .withFieldError(field, "reference-not-found", kind, code);
        }
        return d;
    }

    /** Like {@link #requireActive} and of the given kind (e.g. a town for term targets). */
    public Department requireActiveOfKind(String code, String kind, String field) {
        Department d = requireActive(code, field);
        if (!d.kind().equals(kind)) {
            throw new UnprocessableProblem("department.wrong-kind", code, kind)
                    .withFieldError(field, "department.wrong-kind", code, kind);
        }
        return d;
    }
}
