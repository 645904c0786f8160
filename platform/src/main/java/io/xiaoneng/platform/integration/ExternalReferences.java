package io.xiaoneng.platform.integration;

import io.xiaoneng.platform.problem.ConflictProblem;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The provincial and city platforms' own references of the cases they sent: (client, reference) → case, unique. A
 * service keeps them in its own {@code external_reference} table ({@code client_id}, {@code external_reference}, the
 * case's id column; primary key on the first two); its subclass names that column and where a case lives in its API.
 */
public abstract class ExternalReferences {

    private final String findSql;
    private final String bindSql;
    private final String casePath;

    @Inject
    EntityManager em;

    /**
     * @param caseColumn the id column of the case in {@code external_reference}, e.g. {@code application_id}
     * @param casePath   the path of a case without its id, e.g. {@code /api/v1/applications/}
     */
    protected ExternalReferences(String caseColumn, String casePath) {
        this.findSql = "select " + caseColumn + " from external_reference where client_id = ?1 and external_reference = ?2";
        this.bindSql = "insert into external_reference (client_id, external_reference, " + caseColumn + ") values (?1, ?2, ?3)";
        this.casePath = casePath;
    }

    public Optional<UUID> find(String client, String reference) {
        List<?> rows = em.createNativeQuery(findSql).setParameter(1, client).setParameter(2, reference).getResultList();
        return rows.stream().findFirst().map(r -> (UUID) r);
    }

    /**
     * 409 {@code integration.reference-taken} naming the case already sent under this reference. A concurrent twin
     * that slips past the check hits the primary key and gets the generic 409 duplicate.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireFree(String client, String reference) {
        find(client, reference).ifPresent(existing -> {
            throw new ConflictProblem("integration.reference-taken", reference, existing)
                    .withProperty("existingId", existing.toString())
                    .withProperty("existing", casePath + existing)
                    .withProperty("externalReference", reference);
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void bind(String client, String reference, UUID caseId) {
        em.createNativeQuery(bindSql).setParameter(1, client).setParameter(2, reference).setParameter(3, caseId).executeUpdate();
    }
}
