package io.xiaoneng.approval.catalog.app;

import io.xiaoneng.approval.catalog.domain.CatalogItem;
import io.xiaoneng.approval.catalog.domain.CatalogItemVersion;
import io.xiaoneng.approval.catalog.domain.ItemTerms;
import io.xiaoneng.approval.domain.Department;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.CatalogEvents;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishing and reading the catalog; the one place other parts of approval-service learn an item's terms. Every
 * change records its event in the same transaction (outbox), so the other services hear of exactly the committed
 * catalog.
 */
@ApplicationScoped
public class CatalogService {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    ObjectMapper json;

    /** An item with the terms of one of its versions. */
    public record VersionedItem(CatalogItem item, CatalogItemVersion version) {}

    /** One line of a search result: the item with the headline of its current terms. */
    public record ItemSummary(String implementationCode, String basicCode, String departmentCode, String name,
                              String category, CatalogItem.Status status, boolean online, int statutoryLimitDays,
                              int committedLimitDays, boolean composite, int currentVersion, LocalDate cancelledOn) {}

    /** Search criteria; null means "any". {@code q} matches a substring of the name or of either code. */
    public record Filter(String q, String department, String category, CatalogItem.Status status, Boolean online) {}

    /** Retained and cancelled items of one department (the report's clean-up: 600 retained, 574 cancelled). */
    public record DepartmentCount(String departmentCode, String departmentName, long retained, long cancelled) {}

    @Transactional
    public VersionedItem register(String actor, String implementationCode, String basicCode, String departmentCode, ItemTerms terms) {
        if (CatalogItem.findById(implementationCode) != null) {
            throw ConflictProblem.alreadyExists(CatalogItem.KIND, implementationCode);
        }
        requireDepartment("departmentCode", departmentCode);
        CatalogItem item = new CatalogItem(implementationCode, basicCode, departmentCode);
        CatalogItemVersion version = item.publish(terms); // checks the rules first (limits, fees, parallel approval)
        requireDepartments(terms);
        item.persist();
        version.persist();
        outbox.record(CatalogEvents.ITEM_PUBLISHED, implementationCode, published(item, terms));
        audit.record(actor, CatalogItem.KIND, implementationCode, "register", null, auditState(item, terms));
        return new VersionedItem(item, version);
    }

    /**
     * Publishes {@code terms} as the item's next version. The item row is locked, so concurrent revisions are
     * numbered one after the other; {@code ifMatch} (optional here) guards against revising terms one has not seen.
     */
    @Transactional
    public VersionedItem revise(String actor, String implementationCode, IfMatch ifMatch, ItemTerms terms) {
        CatalogItem item = itemForUpdate(implementationCode);
        if (ifMatch != null) {
            ifMatch.check(item.rowVersion);
        }
        Map<String, Object> before = auditState(item, version(implementationCode, item.currentVersion).terms());
        CatalogItemVersion version = item.publish(terms);
        requireDepartments(terms); // a failure rolls the whole revision back
        version.persist();
        outbox.record(CatalogEvents.ITEM_PUBLISHED, implementationCode, published(item, terms));
        audit.record(actor, CatalogItem.KIND, implementationCode, "revise", before, auditState(item, terms));
        em.flush(); // the new row_version is the ETag of the response
        return new VersionedItem(item, version);
    }

    /**
     * Cancels the item under {@code document} on {@code on}. The row is read with a write lock and checked against
     * {@code ifMatch}: of two cancellations (or a revision and a cancellation) sent with the same ETag, only one
     * passes. {@code ifMatch} null means unconditional (imports and demo data, which run under their own lock).
     */
    @Transactional
    public CatalogItem cancel(String actor, String implementationCode, IfMatch ifMatch, String document, LocalDate on) {
        CatalogItem item = itemForUpdate(implementationCode);
        if (ifMatch != null) {
            ifMatch.check(item.rowVersion);
        }
        CatalogItemVersion current = version(implementationCode, item.currentVersion);
        Map<String, Object> before = auditState(item, current.terms());
        item.cancel(document, on);
        audit.record(actor, CatalogItem.KIND, implementationCode, "cancel", before, auditState(item, current.terms()));
        outbox.record(CatalogEvents.ITEM_CANCELLED, implementationCode, new CatalogEvents.ItemCancelled(
                item.implementationCode, item.basicCode, item.departmentCode, current.name, item.currentVersion,
                item.cancelDocument, item.cancelledOn));
        em.flush();
        return item;
    }

    public CatalogItem item(String implementationCode) {
        return CatalogItem.<CatalogItem>findByIdOptional(implementationCode)
                .orElseThrow(() -> new NotFoundProblem(CatalogItem.KIND, implementationCode));
    }

    private CatalogItem itemForUpdate(String implementationCode) {
        return CatalogItem.<CatalogItem>findByIdOptional(implementationCode, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(CatalogItem.KIND, implementationCode));
    }

    /**
     * What a filing needs of an item: its state and the terms of its current version. One short query for the
     * item row; the version's terms come from {@link #versionTerms}, cached because a published version never
     * changes (new terms make a new version), so the cache can never be stale — only the item row (current
     * version, retained or cancelled) is read each time.
     *
     * <p>The same round trip draws the filing's tracking sequence number ({@code trackingSequence}): every filing
     * needs both, and one statement fewer on the busiest write path is worth more than the number that a filing
     * which then fails leaves unused (a sequence has gaps anyway: rollbacks never return numbers).
     */
    public record FilingTerms(String implementationCode, boolean retained, String itemDepartment, int version, String name,
                              int committedLimitDays, boolean acceptWithPledge, boolean composite, String leadDepartment,
                              List<String> participatingDepartments, Integer yellowPercent, long trackingSequence) {}

    private record VersionTerms(String name, int committedLimitDays, boolean acceptWithPledge, boolean composite,
                                String leadDepartment, List<String> participatingDepartments, Integer yellowPercent) {}

    /** Bounded: a county has ~1,200 items; beyond the bound versions are simply read again. */
    private static final int TERMS_CACHE_MAX = 20_000;
    private final java.util.concurrent.ConcurrentHashMap<CatalogItemVersion.Key, VersionTerms> versionTerms =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** @throws NotFoundProblem if the item is unknown */
    public FilingTerms filingTerms(String implementationCode) {
        List<?> rows = em.createNativeQuery("select status, department_code, current_version, nextval('application_tracking_seq')"
                        + " from catalog_item where implementation_code = ?1")
                .setParameter(1, implementationCode).getResultList();
        if (rows.isEmpty()) {
            throw new NotFoundProblem(CatalogItem.KIND, implementationCode);
        }
        Object[] r = (Object[]) rows.get(0);
        int current = ((Number) r[2]).intValue();
        CatalogItemVersion.Key key = new CatalogItemVersion.Key(implementationCode, current);
        VersionTerms t = versionTerms.get(key);
        if (t == null) {
            CatalogItemVersion v = version(implementationCode, current);
            t = new VersionTerms(v.name, v.committedLimitDays, v.acceptWithPledge, v.composite, v.leadDepartment,
                    List.of(v.participatingDepartments), v.yellowPercent);
            if (versionTerms.size() < TERMS_CACHE_MAX) {
                versionTerms.put(key, t);
            }
        }
        return new FilingTerms(implementationCode, CatalogItem.Status.RETAINED.name().equals(r[0]), (String) r[1], current,
                t.name(), t.committedLimitDays(), t.acceptWithPledge(), t.composite(), t.leadDepartment(),
                t.participatingDepartments(), t.yellowPercent(), ((Number) r[3]).longValue());
    }

    /** The item with its current terms. */
    public VersionedItem current(String implementationCode) {
        CatalogItem item = item(implementationCode);
        return new VersionedItem(item, version(implementationCode, item.currentVersion));
    }

    /** The terms an application filed under {@code version} is judged by. */
    public CatalogItemVersion version(String implementationCode, int version) {
        CatalogItemVersion v = CatalogItemVersion.findById(new CatalogItemVersion.Key(implementationCode, version));
        if (v == null) {
            throw new NotFoundProblem("catalog-item-version", implementationCode + "@" + version);
        }
        return v;
    }

    /**
     * One page of the items matching {@code filter}, in implementation-code order (unique, so pages never overlap
     * or skip an item while the catalog is unchanged), with the total number of matches.
     */
    public PageOf<ItemSummary> search(Filter filter, PageRequest page) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (filter.q() != null && !filter.q().isBlank()) {
            where.append(" and (v.name ilike :q escape '!' or i.implementationCode ilike :q escape '!'"
                    + " or i.basicCode ilike :q escape '!')");
            params.put("q", "%" + likeEscaped(filter.q().strip()) + "%");
        }
        if (filter.department() != null) {
            where.append(" and i.departmentCode = :department");
            params.put("department", filter.department());
        }
        if (filter.category() != null) {
            where.append(" and v.category = :category");
            params.put("category", filter.category());
        }
        if (filter.status() != null) {
            where.append(" and i.status = :status");
            params.put("status", filter.status());
        }
        if (filter.online() != null) {
            where.append(" and v.online = :online");
            params.put("online", filter.online());
        }
        // The current terms only: older versions do not make an item match.
        String from = " from CatalogItem i join CatalogItemVersion v"
                + " on v.implementationCode = i.implementationCode and v.version = i.currentVersion";
        var count = em.createQuery("select count(i)" + from + where, Long.class);
        var select = em.createQuery("select new " + ItemSummary.class.getName()
                + "(i.implementationCode, i.basicCode, i.departmentCode, v.name, v.category, i.status, v.online,"
                + " v.statutoryLimitDays, v.committedLimitDays, v.composite, i.currentVersion, i.cancelledOn)"
                + from + where + " order by i.implementationCode", ItemSummary.class);
        params.forEach((name, value) -> {
            count.setParameter(name, value);
            select.setParameter(name, value);
        });
        return PageOf.of(select, count, page);
    }

    /** {@code !} escapes the LIKE wildcards, so a search for "100%" finds "100%" and not "100 anything". */
    static String likeEscaped(String term) {
        return term.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** Retained and cancelled items per department that has any, by department code. */
    public List<DepartmentCount> statistics() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select d.code, d.name,
                       count(*) filter (where i.status = 'RETAINED'),
                       count(*) filter (where i.status = 'CANCELLED')
                from catalog_item i join department d on d.code = i.department_code
                group by d.code, d.name
                order by d.code""").getResultList();
        List<DepartmentCount> counts = new ArrayList<>();
        for (Object[] row : rows) {
            counts.add(new DepartmentCount((String) row[0], (String) row[1], ((Number) row[2]).longValue(), ((Number) row[3]).longValue()));
        }
        return counts;
    }

    /**
     * The item as the audit trail keeps it: the published terms of its current version (as the event carries them)
     * with its status and, once cancelled, the cancellation's document and date.
     */
    private Map<String, Object> auditState(CatalogItem item, ItemTerms terms) {
        Map<String, Object> state = json.convertValue(published(item, terms), new TypeReference<java.util.LinkedHashMap<String, Object>>() {});
        state.put("status", item.status.name());
        state.put("cancelDocument", item.cancelDocument);
        state.put("cancelledOn", item.cancelledOn == null ? null : item.cancelledOn.toString());
        return state;
    }

    /** The event data of a published version: its full terms, so consumers need nothing else. */
    static CatalogEvents.ItemPublished published(CatalogItem item, ItemTerms t) {
        return new CatalogEvents.ItemPublished(item.implementationCode, item.basicCode, item.departmentCode,
                item.currentVersion, item.status.name(), t.name(), t.category(), t.legalBasis(),
                t.statutoryLimitDays(), t.committedLimitDays(), t.online(), t.maxVisits(), t.windowCode(),
                t.acceptWithPledge(), t.composite(), t.leadDepartment(), t.participatingDepartments(),
                t.fees().stream().map(f -> new CatalogEvents.Fee(f.name(), f.legalBasis(), f.lowerStandard(),
                        f.upperStandard(), f.charged(), f.unit())).toList(),
                t.materials().stream().map(m -> new CatalogEvents.Material(m.name(), m.form().name(), m.copies(),
                        m.mandatory())).toList());
    }

    private void requireDepartments(ItemTerms terms) {
        if (terms.composite()) {
            requireDepartment("leadDepartment", terms.leadDepartment());
            terms.participatingDepartments().forEach(code -> requireDepartment("participatingDepartments", code));
        }
    }

    /** An unknown department in the body is a 422 naming the field (the request is fine, its reference is not). */
    private void requireDepartment(String field, String code) {
        if (code == null || Department.findById(code) == null) {
            ProblemException.Msg department = new ProblemException.Msg("kind.department", "department");
            throw new UnprocessableProblem("reference-not-found", department, code)
                    .withFieldError(field, "reference-not-found", department, code);
        }
    }
}
