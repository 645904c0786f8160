package io.xiaoneng.approval.catalog.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.LocalDate;
import java.util.List;

/**
 * An approval item of the public catalog (行政审批事项), identified by its implementation code (实施编码).
 * Its terms live in {@link CatalogItemVersion}s; the item says which version is current and whether the item is
 * retained (保留) or cancelled (取消) — the report's catalog clean-up kept 600 and cancelled 574.
 */
@Entity
@Table(name = "catalog_item")
public class CatalogItem extends PanacheEntityBase {

    public enum Status { RETAINED, CANCELLED }

    /** The resource kind in problems ({@code kind.catalog-item} in the problem texts). */
    public static final String KIND = "catalog-item";

    @Id
    @Column(name = "implementation_code")
    public String implementationCode;

    @Column(name = "basic_code", nullable = false)
    public String basicCode;

    @Column(name = "department_code", nullable = false)
    public String departmentCode;

    @Column(name = "current_version", nullable = false)
    public int currentVersion;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.RETAINED;

    @Column(name = "cancel_document")
    public String cancelDocument;

    @Column(name = "cancelled_on")
    public LocalDate cancelledOn;

    @Version
    @Column(name = "row_version")
    public long rowVersion;

    protected CatalogItem() {}

    public CatalogItem(String implementationCode, String basicCode, String departmentCode) {
        this.implementationCode = implementationCode;
        this.basicCode = basicCode;
        this.departmentCode = departmentCode;
    }

    /** Publishes the next version of the item's terms; earlier versions stay for the applications filed under them. */
    public CatalogItemVersion publish(ItemTerms terms) {
        if (status == Status.CANCELLED) {
            throw cancelledAlready("revise");
        }
        terms.check();
        currentVersion = currentVersion + 1;
        return new CatalogItemVersion(implementationCode, currentVersion, terms);
    }

    /** Cancels the item (取消) under the document that decided it; applications already filed continue. */
    public void cancel(String document, LocalDate on) {
        if (document == null || document.isBlank() || on == null) {
            throw new CatalogRuleViolation("cancel-document-required");
        }
        if (status == Status.CANCELLED) {
            throw cancelledAlready("cancel");
        }
        status = Status.CANCELLED;
        cancelDocument = document;
        cancelledOn = on;
    }

    /**
     * A cancelled item is final: no command applies any more (409 with an empty {@code allowed} list). Applications
     * filed before keep their version; a service that is needed again is registered as a new item.
     */
    private IllegalTransitionProblem cancelledAlready(String command) {
        return new IllegalTransitionProblem(KIND, implementationCode, Status.CANCELLED.name(), command, List.of());
    }

    public boolean isRetained() {
        return status == Status.RETAINED;
    }
}
