package io.xiaoneng.complaint.app;

import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.complaint.events.ComplaintEvents;
import io.xiaoneng.complaint.events.ComplaintLinkEvents;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Related cases (关联件): the same matter reported through several channels, marked as related without merging. Unlike
 * a merge both cases stay open and run their own four steps (deadlines, handling, reply to their own complainant);
 * the link only shows each case's handlers the other. Linking or unlinking changes neither case's state nor ETag;
 * it writes one audit record and one event for each of the two cases, in one transaction.
 *
 * <p>Who: the intake staff and supervisors link any two cases; an official of a handling department only two cases
 * he may see (his department's). Whoever cannot see the other case learns nothing about it: it is "not found" (422)
 * as an unknown id would be. A merged duplicate cannot be linked (link its master).
 */
@ApplicationScoped
public class ComplaintLinks {

    @Inject
    EntityManager em;

    @Inject
    ComplaintAccess access;

    @Inject
    ComplaintRules rules;

    @Inject
    AuditTrail audit;

    @Inject
    Outbox outbox;

    /** A link as one case sees it: the other case and who linked them. */
    public record Link(Complaint other, String linkedBy, Instant linkedAt, String reason) {}

    @Transactional
    public List<Link> link(UUID id, UUID otherId, String reason) {
        Pair pair = lockPair(id, otherId);
        for (Complaint c : List.of(pair.self, pair.other)) {
            if (c.status == ComplaintStatus.MERGED) {
                throw new UnprocessableProblem("complaint.link-merged", c.reference).withFieldError("with", "complaint.link-merged", c.reference);
            }
        }
        UUID low = min(id, otherId);
        UUID high = max(id, otherId);
        Instant now = rules.now();
        int inserted = em.createNativeQuery("""
                insert into complaint_link (low_id, high_id, linked_by, linked_at, reason) values (?1, ?2, ?3, ?4, ?5)
                on conflict do nothing""")
                .setParameter(1, low).setParameter(2, high).setParameter(3, access.username())
                .setParameter(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).setParameter(5, ComplaintService.blankToNull(reason))
                .executeUpdate();
        if (inserted == 0) {
            throw new ConflictProblem("complaint.already-linked", pair.other.reference);
        }
        record(pair, "link", ComplaintLinkEvents.LINKED, now, ComplaintService.blankToNull(reason));
        return linksOf(pair.self);
    }

    @Transactional
    public List<Link> unlink(UUID id, UUID otherId) {
        Pair pair = lockPair(id, otherId);
        int deleted = em.createNativeQuery("delete from complaint_link where low_id = ?1 and high_id = ?2")
                .setParameter(1, min(id, otherId)).setParameter(2, max(id, otherId)).executeUpdate();
        if (deleted == 0) {
            throw new NotFoundProblem("complaint-link", id + "/" + otherId);
        }
        record(pair, "unlink", ComplaintLinkEvents.UNLINKED, rules.now(), null);
        return linksOf(pair.self);
    }

    /** The links of a visible case to the cases the caller may see too (department scope), newest first. */
    @SuppressWarnings("unchecked")
    public List<Link> linksOf(Complaint c) {
        List<Object[]> rows = em.createNativeQuery("""
                select case when low_id = ?1 then high_id else low_id end, linked_by, linked_at, reason
                from complaint_link where low_id = ?1 or high_id = ?1 order by linked_at desc""")
                .setParameter(1, c.id).getResultList();
        List<Link> links = new ArrayList<>();
        for (Object[] r : rows) {
            Complaint other = em.find(Complaint.class, r[0] instanceof UUID u ? u : UUID.fromString(r[0].toString()));
            if (other != null && access.canRead(other)) {
                links.add(new Link(other, (String) r[1], instant(r[2]), (String) r[3]));
            }
        }
        return links;
    }

    private record Pair(Complaint self, Complaint other) {}

    /**
     * Locks both cases in id order (two opposite links or a link and a merge cannot deadlock); 404 unless the caller
     * sees the case, 403 unless he may link, 422 when the other case is not visible to him (or does not exist).
     */
    private Pair lockPair(UUID id, UUID otherId) {
        if (id.equals(otherId)) {
            throw new UnprocessableProblem("complaint.link-to-itself").withFieldError("with", "complaint.link-to-itself");
        }
        Complaint first = em.find(Complaint.class, min(id, otherId), LockModeType.PESSIMISTIC_WRITE);
        Complaint second = em.find(Complaint.class, max(id, otherId), LockModeType.PESSIMISTIC_WRITE);
        Complaint self = before(id, otherId) ? first : second;
        Complaint other = before(id, otherId) ? second : first;
        if (self == null || !access.canRead(self)) {
            throw new NotFoundProblem(ComplaintService.KIND, id);
        }
        if (!(access.isIntake() || access.isSupervisor() || access.isHandlingOfficial(self))) {
            throw ComplaintAccess.forbidden();
        }
        if (other == null || !access.canRead(other)) {
            ProblemException.Msg kind = new ProblemException.Msg("kind.complaint", "complaint");
            throw new UnprocessableProblem("reference-not-found", kind, otherId)
                    .withFieldError("with", "reference-not-found", kind, otherId);
        }
        return new Pair(self, other);
    }

    /** One audit record and one event per case of the pair; states without personal data, the reason only in the audit. */
    private void record(Pair pair, String action, EventType type, Instant at, String reason) {
        for (Complaint c : List.of(pair.self, pair.other)) {
            Complaint with = c == pair.self ? pair.other : pair.self;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("linkedWith", with.id.toString());
            details.put("linkedWithReference", with.reference);
            if (reason != null) {
                details.put("reason", reason);
            }
            audit.record(access.username(), ComplaintService.AUDIT_TYPE, c.id.toString(), action, null,
                    ComplaintService.AuditState.of(c, details));
            Map<String, Object> data = ComplaintEvents.data(c, c.status, c.status, at, access.username(),
                    Map.of("linkedWith", with.id.toString()));
            outbox.record(type, c.id.toString(), data);
        }
    }

    /** PostgreSQL's order of uuids (unsigned, byte by byte) is that of their text; {@link UUID#compareTo} is signed. */
    private static boolean before(UUID a, UUID b) {
        return a.toString().compareTo(b.toString()) < 0;
    }

    private static UUID min(UUID a, UUID b) {
        return before(a, b) ? a : b;
    }

    private static UUID max(UUID a, UUID b) {
        return before(a, b) ? b : a;
    }

    private static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((java.sql.Timestamp) o).toInstant();
    }
}
