package io.xiaoneng.evaluation.post.app;

import io.xiaoneng.evaluation.post.domain.AcceptanceChecklist;
import io.xiaoneng.evaluation.rating.app.DepartmentScope;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.PreconditionRequiredProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The standardized-window acceptance (标准化服务窗口验收评比): the checklist as data, one scored review per window and
 * year by the efficiency office or the evaluation committee, and the ranking of the reviewed windows.
 */
@ApplicationScoped
public class AcceptanceService {

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    DepartmentScope scope;

    @ConfigProperty(name = "xiaoneng.evaluation.window-acceptance.pass-percent", defaultValue = "85")
    BigDecimal passPercent;

    public record ChecklistItem(String code, String title, BigDecimal maxPoints, int position, boolean active, long version) {}

    public record ItemScore(String item, BigDecimal points, BigDecimal maxPoints, String note) {}

    public record Review(UUID id, String window, int year, String reviewedBy, OffsetDateTime reviewedAt, BigDecimal total,
                         BigDecimal maxTotal, boolean passed, List<ItemScore> scores, long version) {}

    public record RankedReview(int rank, String window, int year, BigDecimal total, BigDecimal maxTotal, boolean passed, UUID id) {}

    @Transactional
    @SuppressWarnings("unchecked")
    public List<ChecklistItem> checklist() {
        List<Object[]> rows = em.createNativeQuery(
                "select code, title, max_points, position, active, version from acceptance_checklist_item order by position, code")
                .getResultList();
        return rows.stream().map(AcceptanceService::itemOf).toList();
    }

    private static ChecklistItem itemOf(Object[] r) {
        return new ChecklistItem((String) r[0], (String) r[1], new BigDecimal(r[2].toString()), ((Number) r[3]).intValue(),
                (Boolean) r[4], ((Number) r[5]).longValue());
    }

    public Optional<ChecklistItem> item(String code) {
        return checklist().stream().filter(i -> i.code().equals(code)).findFirst();
    }

    /** Creates an item (no If-Match) or changes one (If-Match required). Administrators only (the resource says so). */
    @Transactional
    public ChecklistItem putItem(String code, String ifMatchHeader, String title, BigDecimal maxPoints, int position, boolean active) {
        List<?> locked = em.createNativeQuery("select version from acceptance_checklist_item where code = ?1 for update")
                .setParameter(1, code).getResultList();
        Optional<ChecklistItem> before = item(code);
        if (locked.isEmpty()) {
            if (ifMatchHeader != null && !ifMatchHeader.isBlank() && !"*".equals(ifMatchHeader.trim())) {
                IfMatch.parse(ifMatchHeader).check(-1);
            }
            em.createNativeQuery("insert into acceptance_checklist_item (code, title, max_points, position, active) values (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, code).setParameter(2, title).setParameter(3, maxPoints).setParameter(4, position)
                    .setParameter(5, active).executeUpdate();
        } else {
            if (ifMatchHeader == null || ifMatchHeader.isBlank()) {
                throw new PreconditionRequiredProblem(IfMatch.HEADER);
            }
            IfMatch.parse(ifMatchHeader).check(((Number) locked.get(0)).longValue());
            ChecklistItem b = before.orElseThrow();
            if (b.title().equals(title) && b.maxPoints().compareTo(maxPoints) == 0 && b.position() == position && b.active() == active) {
                return b;
            }
            em.createNativeQuery("""
                    update acceptance_checklist_item set title = ?2, max_points = ?3, position = ?4, active = ?5,
                        version = version + 1 where code = ?1""")
                    .setParameter(1, code).setParameter(2, title).setParameter(3, maxPoints).setParameter(4, position)
                    .setParameter(5, active).executeUpdate();
        }
        ChecklistItem after = item(code).orElseThrow();
        audit.record(scope.username(), "acceptance-checklist-item", code, before.isEmpty() ? "created" : "changed",
                before.orElse(null), after);
        return after;
    }

    /** Scores a window for a year; every active item exactly once within its maximum (422 listing every problem). */
    @Transactional
    public Review review(String window, int year, List<AcceptanceChecklist.Score> scores) {
        if (((Number) em.createNativeQuery("select count(*) from window_projection where code = ?1").setParameter(1, window)
                .getSingleResult()).longValue() == 0) {
            ProblemException.Msg kind = new ProblemException.Msg("kind.window", "window");
            throw new UnprocessableProblem("reference-not-found", kind, window).withFieldError("windowCode", "reference-not-found", kind, window);
        }
        if (((Number) em.createNativeQuery("select count(*) from window_acceptance_review where window_code = ?1 and year = ?2")
                .setParameter(1, window).setParameter(2, year).getSingleResult()).longValue() > 0) {
            throw ConflictProblem.alreadyExists("window-acceptance-review", window + "/" + year);
        }
        Map<String, AcceptanceChecklist.Item> active = new LinkedHashMap<>();
        checklist().stream().filter(ChecklistItem::active)
                .forEach(i -> active.put(i.code(), new AcceptanceChecklist.Item(i.code(), i.title(), i.maxPoints())));
        List<AcceptanceChecklist.Violation> violations = AcceptanceChecklist.check(active, scores);
        if (!violations.isEmpty()) {
            ProblemException p = new UnprocessableProblem("acceptance.invalid-scores");
            for (AcceptanceChecklist.Violation v : violations) {
                p.withFieldError(v.index() < 0 ? "scores" : "scores[" + v.index() + "].points", v.rule(), v.args());
            }
            throw p;
        }
        AcceptanceChecklist.Result result = AcceptanceChecklist.result(active, scores, passPercent);
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        em.createNativeQuery("""
                insert into window_acceptance_review (id, window_code, year, reviewed_by, reviewed_at, total, max_total, passed)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, id).setParameter(2, window).setParameter(3, year).setParameter(4, scope.username())
                .setParameter(5, now).setParameter(6, result.total()).setParameter(7, result.maxTotal())
                .setParameter(8, result.passed()).executeUpdate();
        for (AcceptanceChecklist.Score s : scores) {
            em.createNativeQuery("insert into window_acceptance_score (review_id, item_code, points, max_points, note) values (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, id).setParameter(2, s.item()).setParameter(3, s.points())
                    .setParameter(4, active.get(s.item()).maxPoints()).setParameter(5, s.note()).executeUpdate();
        }
        Review review = load(id);
        audit.record(scope.username(), "window-acceptance-review", id.toString(), "scored", null, review);
        return review;
    }

    /**
     * One review, if the caller may read it: county-wide roles any, officials only a review of a window that serves
     * their department (404 otherwise, as for any resource of another department).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Review get(UUID id) {
        List<Object> served = em.createNativeQuery("""
                select coalesce(array_to_string(w.department_codes, ','), '') from window_acceptance_review r
                left join window_projection w on w.code = r.window_code where r.id = ?1""").setParameter(1, id).getResultList();
        if (served.isEmpty() || !(scope.countyWide() || List.of(((String) served.get(0)).split(",")).stream()
                .anyMatch(d -> !d.isEmpty() && scope.sees(d)))) {
            throw new NotFoundProblem("window-acceptance-review", id);
        }
        return load(id);
    }

    @SuppressWarnings("unchecked")
    private Review load(UUID id) {
        List<Object[]> rows = em.createNativeQuery("""
                select id, window_code, year, reviewed_by, reviewed_at, total, max_total, passed, version
                from window_acceptance_review where id = ?1""").setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw new NotFoundProblem("window-acceptance-review", id);
        }
        Object[] r = rows.get(0);
        List<Object[]> scores = em.createNativeQuery("""
                select s.item_code, s.points, s.max_points, s.note from window_acceptance_score s
                join acceptance_checklist_item i on i.code = s.item_code where s.review_id = ?1 order by i.position, s.item_code""")
                .setParameter(1, id).getResultList();
        OffsetDateTime at = r[4] instanceof OffsetDateTime o ? o : ((java.time.Instant) r[4]).atOffset(ZoneOffset.UTC);
        return new Review((UUID) r[0], (String) r[1], ((Number) r[2]).intValue(), (String) r[3], at,
                new BigDecimal(r[5].toString()), new BigDecimal(r[6].toString()), (Boolean) r[7],
                scores.stream().map(s -> new ItemScore((String) s[0], new BigDecimal(s[1].toString()),
                        new BigDecimal(s[2].toString()), (String) s[3])).toList(), ((Number) r[8]).longValue());
    }

    /** The reviewed windows of a year, best first (share of the maximum, so a changed checklist stays comparable). */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<RankedReview> ranking(int year, Optional<String> department) {
        // Ranked over every reviewed window of the year before the department filter (a department sees its windows'
        // county rank), by the share alone: equal shares share a rank; the code only orders the rows stably.
        List<Object[]> rows = em.createNativeQuery("""
                with ranked as (
                    select cast(rank() over (order by r.total / r.max_total desc) as integer) as county_rank, r.window_code,
                           r.year, r.total, r.max_total, r.passed, r.id
                    from window_acceptance_review r
                    where r.year = ?1
                )
                select x.county_rank, x.window_code, x.year, x.total, x.max_total, x.passed, x.id
                from ranked x
                left join window_projection w on w.code = x.window_code
                where cast(?2 as varchar) is null or cast(?2 as varchar) = any (w.department_codes)
                order by x.county_rank, x.window_code""")
                .setParameter(1, year).setParameter(2, department.orElse(null)).getResultList();
        return rows.stream().map(r -> new RankedReview(((Number) r[0]).intValue(), (String) r[1], ((Number) r[2]).intValue(),
                new BigDecimal(r[3].toString()), new BigDecimal(r[4].toString()), (Boolean) r[5], (UUID) r[6])).toList();
    }
}
