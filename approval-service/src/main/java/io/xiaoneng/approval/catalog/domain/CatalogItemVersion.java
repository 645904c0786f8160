package io.xiaoneng.approval.catalog.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One published version of an item's terms. Immutable once published: new terms make a new version. */
@Entity
@Table(name = "catalog_item_version")
@IdClass(CatalogItemVersion.Key.class)
public class CatalogItemVersion extends PanacheEntityBase {

    public static class Key implements Serializable {
        public String implementationCode;
        public int version;

        public Key() {}

        public Key(String implementationCode, int version) {
            this.implementationCode = implementationCode;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.implementationCode, implementationCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(implementationCode, version);
        }
    }

    @Id
    @Column(name = "implementation_code")
    public String implementationCode;

    @Id
    public int version;

    public String name;
    public String category;

    @Column(name = "legal_basis")
    public String legalBasis;

    @Column(name = "statutory_limit_days")
    public int statutoryLimitDays;

    @Column(name = "committed_limit_days")
    public int committedLimitDays;

    public boolean online;

    @Column(name = "max_visits")
    public int maxVisits;

    @Column(name = "window_code")
    public String windowCode;

    @Column(name = "accept_with_pledge")
    public boolean acceptWithPledge;

    public boolean composite;

    @Column(name = "lead_department")
    public String leadDepartment;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "participating_departments", columnDefinition = "varchar(40)[]")
    public String[] participatingDepartments = new String[0];

    /** The item's own yellow threshold of the e-supervision light (percent of the allowed time left); null: the county's. */
    @Column(name = "yellow_percent")
    public Integer yellowPercent;

    @Column(name = "published_at", insertable = false, updatable = false)
    public OffsetDateTime publishedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "catalog_fee", joinColumns = {
            @JoinColumn(name = "implementation_code", referencedColumnName = "implementation_code"),
            @JoinColumn(name = "version", referencedColumnName = "version")})
    @OrderColumn(name = "position")
    public List<FeeRow> fees = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "catalog_material", joinColumns = {
            @JoinColumn(name = "implementation_code", referencedColumnName = "implementation_code"),
            @JoinColumn(name = "version", referencedColumnName = "version")})
    @OrderColumn(name = "position")
    public List<MaterialRow> materials = new ArrayList<>();

    @Embeddable
    public static class FeeRow {
        public String name;
        @Column(name = "legal_basis")
        public String legalBasis;
        @Column(name = "lower_standard")
        public BigDecimal lowerStandard;
        @Column(name = "upper_standard")
        public BigDecimal upperStandard;
        public String unit;
    }

    @Embeddable
    public static class MaterialRow {
        public String name;
        @Enumerated(EnumType.STRING)
        public ItemTerms.Form form;
        public int copies;
        public boolean mandatory;
    }

    protected CatalogItemVersion() {}

    CatalogItemVersion(String implementationCode, int version, ItemTerms t) {
        this.implementationCode = implementationCode;
        this.version = version;
        this.name = t.name();
        this.category = t.category();
        this.legalBasis = t.legalBasis();
        this.statutoryLimitDays = t.statutoryLimitDays();
        this.committedLimitDays = t.committedLimitDays();
        this.online = t.online();
        this.maxVisits = t.maxVisits();
        this.windowCode = t.windowCode();
        this.acceptWithPledge = t.acceptWithPledge();
        this.composite = t.composite();
        this.leadDepartment = t.leadDepartment();
        this.participatingDepartments = t.participatingDepartments().toArray(String[]::new);
        this.yellowPercent = t.yellowPercent();
        for (ItemTerms.Fee f : t.fees()) {
            FeeRow row = new FeeRow();
            row.name = f.name();
            row.legalBasis = f.legalBasis();
            row.lowerStandard = f.lowerStandard();
            row.upperStandard = f.upperStandard();
            row.unit = f.unit();
            fees.add(row);
        }
        for (ItemTerms.Material m : t.materials()) {
            MaterialRow row = new MaterialRow();
            row.name = m.name();
            row.form = m.form();
            row.copies = m.copies();
            row.mandatory = m.mandatory();
            materials.add(row);
        }
    }

    public ItemTerms terms() {
        return new ItemTerms(name, category, legalBasis, statutoryLimitDays, committedLimitDays, online, maxVisits,
                windowCode, acceptWithPledge, composite, leadDepartment, List.of(participatingDepartments),
                fees.stream().map(f -> new ItemTerms.Fee(f.name, f.legalBasis, f.lowerStandard, f.upperStandard, f.unit)).toList(),
                materials.stream().map(m -> new ItemTerms.Material(m.name, m.form, m.copies, m.mandatory)).toList(), yellowPercent);
    }
}
