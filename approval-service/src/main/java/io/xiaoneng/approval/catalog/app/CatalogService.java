package io.xiaoneng.approval.catalog.app;

import io.xiaoneng.approval.catalog.domain.CatalogItem;
import io.xiaoneng.approval.catalog.domain.CatalogItemVersion;
import io.xiaoneng.approval.catalog.domain.ItemTerms;
import io.xiaoneng.approval.domain.Department;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.LocalDate;

/** Publishing and reading the catalog; the one place other parts of approval-service learn an item's terms. */
@ApplicationScoped
public class CatalogService {

    /** An item with the terms of one of its versions. */
    public record VersionedItem(CatalogItem item, CatalogItemVersion version) {}

    @Transactional
    public VersionedItem register(String implementationCode, String basicCode, String departmentCode, ItemTerms terms) {
        if (CatalogItem.findById(implementationCode) != null) {
            throw ConflictProblem.alreadyExists("catalog-item", implementationCode);
        }
        requireDepartment(departmentCode);
        if (terms.composite()) {
            requireDepartment(terms.leadDepartment());
            terms.participatingDepartments().forEach(this::requireDepartment);
        }
        CatalogItem item = new CatalogItem(implementationCode, basicCode, departmentCode);
        CatalogItemVersion version = item.publish(terms);
        item.persist();
        version.persist();
        return new VersionedItem(item, version);
    }

    @Transactional
    public VersionedItem revise(String implementationCode, ItemTerms terms) {
        CatalogItem item = item(implementationCode);
        CatalogItemVersion version = item.publish(terms);
        version.persist();
        return new VersionedItem(item, version);
    }

    @Transactional
    public CatalogItem cancel(String implementationCode, String document, LocalDate on) {
        CatalogItem item = item(implementationCode);
        item.cancel(document, on);
        return item;
    }

    public CatalogItem item(String implementationCode) {
        return CatalogItem.<CatalogItem>findByIdOptional(implementationCode)
                .orElseThrow(() -> new NotFoundProblem("catalog-item", implementationCode));
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

    private void requireDepartment(String code) {
        if (code == null || Department.findById(code) == null) {
            throw new NotFoundProblem("department", code);
        }
    }
}
