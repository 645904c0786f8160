package io.xiaoneng.evaluation.report.app;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/** The yearly report: a draft the committee may refresh, then, once approved by a second member, a frozen public snapshot. */
@Entity
@Table(name = "published_report")
public class PublishedReport extends PanacheEntityBase {

    public static final String KIND = "report";
    public static final String DRAFT = "DRAFT";
    public static final String PUBLISHED = "PUBLISHED";

    @Id
    public Integer year;

    public String status;

    /** The snapshot exactly as serialized by {@link ReportBuilder#serialize}. */
    public String content;

    @Column(name = "content_sha256")
    public String contentSha256;

    /** The {@link ReportRules} version the content was computed under. */
    @Column(name = "rules_version")
    public int rulesVersion;

    @Column(name = "drafted_by")
    public String draftedBy;

    @Column(name = "drafted_at")
    public Instant draftedAt;

    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Version
    public long version;

    public boolean published() {
        return PUBLISHED.equals(status);
    }

    public record State(int year, String status, String contentSha256, int rulesVersion, String draftedBy, String approvedBy) {}

    public State state() {
        return new State(year, status, contentSha256, rulesVersion, draftedBy, approvedBy);
    }
}
