package io.xiaoneng.approval.window.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xiaoneng.platform.events.OrgEvents;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A staff post at a window (岗位), with its responsibilities and the officials holding it (岗位责任制: each
 * post has a written duty and named holders). The window-post assessment (勤绩目标考核) scores people per post.
 */
@Entity
@Table(name = "staff_post")
public class StaffPost extends PanacheEntityBase {

    @Id
    public String code;

    @Column(name = "window_code", nullable = false)
    public String windowCode;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String responsibilities;

    /** Keycloak usernames of the officials assigned to the post. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "staff_post_assignee", joinColumns = @JoinColumn(name = "post_code"))
    @Column(name = "username")
    public Set<String> assignees = new TreeSet<>();

    @Version
    public long version;

    protected StaffPost() {}

    public StaffPost(String code) {
        this.code = code;
    }

    public List<String> sortedAssignees() {
        return List.copyOf(new TreeSet<>(assignees));
    }

    /** The post's full state as published on the compacted org topic. */
    public OrgEvents.PostState state() {
        return new OrgEvents.PostState(code, windowCode, title, responsibilities, sortedAssignees());
    }
}
