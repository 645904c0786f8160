package io.xiaoneng.complaint.integration;

import io.xiaoneng.platform.problem.ConflictProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The platforms' own references of the complaints they forwarded: (client, reference) → complaint, unique. */
@ApplicationScoped
public class ExternalReferences {

    @Inject
    EntityManager em;

    public Optional<UUID> find(String client, String reference) {
        List<?> rows = em.createNativeQuery("select complaint_id from external_reference where client_id = ?1 and external_reference = ?2")
                .setParameter(1, client).setParameter(2, reference).getResultList();
        return rows.stream().findFirst().map(r -> (UUID) r);
    }

    /**
     * 409 {@code integration.reference-taken} naming the case already filed under this reference. A concurrent twin
     * that slips past the check hits the primary key and gets the generic 409 duplicate.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireFree(String client, String reference) {
        find(client, reference).ifPresent(existing -> {
            throw new ConflictProblem("integration.reference-taken", reference, existing)
                    .withProperty("existingId", existing.toString())
                    .withProperty("existing", "/api/v1/complaints/" + existing)
                    .withProperty("externalReference", reference);
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void bind(String client, String reference, UUID complaint) {
        em.createNativeQuery("insert into external_reference (client_id, external_reference, complaint_id) values (?1, ?2, ?3)")
                .setParameter(1, client).setParameter(2, reference).setParameter(3, complaint).executeUpdate();
    }
}
