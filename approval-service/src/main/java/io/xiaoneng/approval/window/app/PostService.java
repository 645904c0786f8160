package io.xiaoneng.approval.window.app;

import io.quarkus.panache.common.Sort;
import io.xiaoneng.approval.window.domain.ServiceWindow;
import io.xiaoneng.approval.window.domain.StaffPost;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Staff posts at the windows and who holds them; every change is published on the org topic in its transaction. */
@ApplicationScoped
public class PostService {

    public static final String KIND = "post";

    public record PostData(String windowCode, String title, String responsibilities, List<String> assignees) {}

    @Inject
    Outbox outbox;

    @Inject
    AuditTrail audit;

    public List<StaffPost> list(Optional<String> windowCode, Optional<String> assignee) {
        return StaffPost.<StaffPost>listAll(Sort.by("windowCode").and("code")).stream()
                .filter(p -> windowCode.map(w -> w.equals(p.windowCode)).orElse(true))
                .filter(p -> assignee.map(p.assignees::contains).orElse(true))
                .toList();
    }

    public StaffPost get(String code) {
        return StaffPost.<StaffPost>findByIdOptional(code).orElseThrow(() -> new NotFoundProblem(KIND, code));
    }

    @Transactional
    public StaffPost create(String actor, String code, PostData data) {
        if (StaffPost.findById(code) != null) {
            throw ConflictProblem.alreadyExists(KIND, code);
        }
        requireWindow(data.windowCode());
        StaffPost post = new StaffPost(code);
        apply(post, data);
        post.persist();
        outbox.record(OrgEvents.POST_REGISTERED, OrgEvents.postKey(code), post.state());
        audit.record(actor, KIND, code, "create", null, post.state());
        return post;
    }

    /** Replaces a post's data if {@code ifMatch} is current; see {@link WindowService#update}. */
    @Transactional
    public StaffPost update(String actor, String code, IfMatch ifMatch, PostData data) {
        StaffPost post = lockedPost(code);
        ifMatch.check(post.version);
        OrgEvents.PostState after = new OrgEvents.PostState(code, data.windowCode(), data.title(), data.responsibilities(),
                List.copyOf(new TreeSet<>(data.assignees())));
        if (post.state().equals(after)) {
            return post;
        }
        requireWindow(data.windowCode());
        OrgEvents.PostState before = post.state();
        apply(post, data);
        post.persistAndFlush();
        outbox.record(OrgEvents.POST_CHANGED, OrgEvents.postKey(code), post.state());
        audit.record(actor, KIND, code, "change", before, post.state());
        return post;
    }

    /** Removes a post (its assignments go with it) if {@code ifMatch} is current. */
    @Transactional
    public void remove(String actor, String code, IfMatch ifMatch) {
        StaffPost post = lockedPost(code);
        ifMatch.check(post.version);
        String windowCode = post.windowCode;
        OrgEvents.PostState before = post.state();
        post.delete();
        // the post's row goes; the trail keeps who held it and who removed it
        audit.record(actor, KIND, code, "remove", before, null);
        outbox.record(OrgEvents.POST_REMOVED, OrgEvents.postKey(code), new OrgEvents.PostRemoved(code, windowCode));
    }

    private static StaffPost lockedPost(String code) {
        return StaffPost.<StaffPost>findByIdOptional(code, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(KIND, code));
    }

    private static void apply(StaffPost post, PostData data) {
        post.windowCode = data.windowCode();
        post.title = data.title();
        post.responsibilities = data.responsibilities();
        if (!post.assignees.equals(new TreeSet<>(data.assignees()))) {
            post.assignees.clear();
            post.assignees.addAll(data.assignees());
        }
    }

    private static void requireWindow(String windowCode) {
        if (ServiceWindow.findById(windowCode) == null) {
            ProblemException.Msg window = new ProblemException.Msg("kind." + WindowService.KIND, WindowService.KIND);
            throw new UnprocessableProblem("reference-not-found", window, windowCode)
                    .withFieldError("windowCode", "reference-not-found", window, windowCode);
        }
    }
}
