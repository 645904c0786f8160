package io.xiaoneng.evaluation.rollup;

import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.persistence.TransactionLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The monthly rollups the yearly report reads (tables of V41): per department, per post and per post's complaints.
 *
 * <p><b>How they stay exact.</b> Every change of a fact they sum runs, in its own transaction, {@link #retract} of the
 * case's (or complaint's) whole contribution as the rows are before the change, then the change, then {@link #apply}
 * of its contribution as the rows are after it. The contribution is computed from the rows, never from the event: a
 * redelivered event (the inbox makes it a no-op anyway), an event that changes nothing, or a late, older event
 * retracts and re-adds the same figures — the rollups move only by what the facts moved. Retracting first locks the
 * case's projection row, so two transactions about one case follow each other; every maintaining transaction holds a
 * shared advisory lock and the statements that recompute from scratch ({@link #rebuild}, {@link #rebuildPost} after a
 * change of a post's holders) hold it exclusively, so a recomputation never interleaves with a delta.
 *
 * <p><b>Rebuild.</b> {@link #rebuild} recomputes all three tables from the raw facts in one statement each; a
 * projection replay empties the rollups with its tables and ends with it (README: replay procedure).
 */
@ApplicationScoped
public class Rollups {

    /** Key of the advisory lock between delta maintenance (shared) and recomputation (exclusive). */
    static final long LOCK = 0x786e_726f_6c6cL;

    static final String ZONE = WorkingDayCalendar.ZONE.getId();

    /** A case's month: the first day of its Beijing month of completion. */
    static final String CASE_MONTH = "cast(date_trunc('month', a.completed_at at time zone '" + ZONE + "') as date)";

    /**
     * Department figures of completed cases (grouped by department and month): {@code %1$s} the month expression,
     * {@code %2$s} the time zone, restricted by {@code %3$s} (a condition on {@code a}). The same definitions as
     * {@code RatingStatistics.SQL}; "overdue" is judged at the end of the completion year by the dates (due within it,
     * not fixed by its end), as the report does. V42 recomputed the stored column when the rule changed from the
     * current status to the dates.
     */
    static final String DEPARTMENT_FIGURES = """
            select a.department, %1$s as month,
                   count(*) as completed,
                   count(r.id) as rated,
                   count(r.id) filter (where not r.excluded) as valid,
                   count(r.id) filter (where not r.excluded and l.rank = 5) as rank5,
                   count(r.id) filter (where not r.excluded and l.rank = 4) as rank4,
                   count(r.id) filter (where not r.excluded and l.rank = 3) as rank3,
                   count(r.id) filter (where not r.excluded and l.rank = 2) as rank2,
                   count(r.id) filter (where not r.excluded and l.rank = 1) as rank1,
                   count(r.id) filter (where not r.excluded and not l.bad_review) as good,
                   count(r.id) filter (where not r.excluded and l.bad_review) as bad,
                   count(r.id) filter (where r.excluded) as excluded,
                   count(x.id) filter (where x.status <> 'CANCELLED') as rect_opened,
                   count(x.id) filter (where x.status = 'CLOSED') as rect_closed,
                   count(x.id) filter (where x.status = 'CLOSED' and x.on_time) as rect_closed_on_time,
                   count(x.id) filter (where x.status <> 'CANCELLED'
                       and x.due_on < make_date(cast(extract(year from a.completed_at at time zone '%2$s') as integer) + 1, 1, 1)
                       and (x.fixed_on is null
                            or x.fixed_on >= make_date(cast(extract(year from a.completed_at at time zone '%2$s') as integer) + 1, 1, 1)))
                       as rect_overdue_year_end
            from application_projection a
            left join rating r on r.application_id = a.application_id
            left join rating_level l on l.code = r.level_code
            left join rectification x on x.rating_id = r.id
            where a.completed_at is not null and (%3$s)
            group by 1, 2""";

    static final String DEPARTMENT_COLUMNS = "completed, rated, valid, rank5, rank4, rank3, rank2, rank1, good, bad, excluded, "
            + "rect_opened, rect_closed, rect_closed_on_time, rect_overdue_year_end";

    /**
     * Post figures: the completed cases (restricted by the second {@code %s}, a condition on {@code h}) that a
     * current holder of a post (restricted by the first, a condition on {@code p}) acted on, once per post — the
     * definitions of {@code PostAssessmentService.POST_SCORES}.
     */
    static final String POST_FIGURES = """
            with holders as (
                select p.code as post, holder.actor
                from post_projection p cross join lateral unnest(p.assignees) as holder(actor)
                where not p.removed and (%s)
            ),
            cases as (
                select distinct hp.post, a.application_id, a.decided_on_time, %s as month
                from holders hp
                join application_handler h on h.actor = hp.actor
                join application_projection a on a.application_id = h.application_id
                where a.completed_at is not null and (%s)
            )
            select c.post, c.month, count(*) as handled,
                   count(*) filter (where c.decided_on_time is not null) as decided,
                   count(*) filter (where c.decided_on_time) as on_time,
                   count(r.id) filter (where not r.excluded) as ratings,
                   coalesce(sum(l.rank) filter (where r.id is not null and not r.excluded), 0) as rank_sum
            from cases c
            left join rating r on r.application_id = c.application_id
            left join rating_level l on l.code = r.level_code
            group by 1, 2""";

    static final String POST_COLUMNS = "handled, decided, on_time, ratings, rank_sum";

    /** Complaint findings against posts, by Beijing month of the finding, restricted by {@code %s}. */
    static final String COMPLAINT_FIGURES = """
            select c.post, cast(date_trunc('month', c.handled_at at time zone '%s') as date) as month,
                   count(*) filter (where c.finding = 'SUBSTANTIATED') as substantiated,
                   count(*) filter (where c.finding = 'PARTLY_SUBSTANTIATED') as partly
            from complaint_projection c
            where c.post is not null and c.handled_at is not null and (%s)
            group by 1, 2""";

    static final String COMPLAINT_COLUMNS = "substantiated, partly";

    /** The rebuild statements, in order (public for the benchmark, which times them after generating the facts). */
    public static final Map<String, String> REBUILD = rebuildStatements();

    private static Map<String, String> rebuildStatements() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("department_month_rollup", "insert into department_month_rollup (department, month, " + DEPARTMENT_COLUMNS + ") "
                + DEPARTMENT_FIGURES.formatted(CASE_MONTH, ZONE, "true"));
        m.put("post_month_rollup", "insert into post_month_rollup (post, month, " + POST_COLUMNS + ") "
                + POST_FIGURES.formatted("true", CASE_MONTH, "true"));
        m.put("complaint_post_month_rollup", "insert into complaint_post_month_rollup (post, month, " + COMPLAINT_COLUMNS + ") "
                + COMPLAINT_FIGURES.formatted(ZONE, "true"));
        return m;
    }

    public static final String TRUNCATE = "truncate table department_month_rollup, post_month_rollup, complaint_post_month_rollup";

    private static final String APPLY_CASE_TO_DEPARTMENT = upsert("department_month_rollup", "department, month", DEPARTMENT_COLUMNS,
            DEPARTMENT_FIGURES.formatted(CASE_MONTH, ZONE, "a.application_id = cast(:id as uuid)"));
    private static final String APPLY_CASE_TO_POSTS = upsert("post_month_rollup", "post, month", POST_COLUMNS,
            POST_FIGURES.formatted("true", CASE_MONTH, "h.application_id = cast(:id as uuid)"));
    private static final String APPLY_COMPLAINT = upsert("complaint_post_month_rollup", "post, month", COMPLAINT_COLUMNS,
            COMPLAINT_FIGURES.formatted(ZONE, "c.complaint_id = :id"));
    private static final String APPLY_POST = "insert into post_month_rollup (post, month, " + POST_COLUMNS + ") "
            + POST_FIGURES.formatted("p.code = :post", CASE_MONTH, "true");

    /** {@code insert … select key, :sign * figure … on conflict add}: the figures of {@code select}, added or taken away. */
    private static String upsert(String table, String key, String columns, String select) {
        StringBuilder signed = new StringBuilder();
        StringBuilder add = new StringBuilder();
        for (String c : columns.split(",\\s*")) {
            signed.append(", :sign * f.").append(c);
            add.append(add.isEmpty() ? "" : ", ").append(c).append(" = t.").append(c).append(" + excluded.").append(c);
        }
        String keys = String.join(", ", java.util.Arrays.stream(key.split(",\\s*")).map(k -> "f." + k).toList());
        return "insert into " + table + " as t (" + key + ", " + columns + ") select " + keys + signed + " from (" + select
                + ") f on conflict (" + key + ") do update set " + add;
    }

    @Inject
    EntityManager em;

    /** Memory for the recomputation's hash aggregates (its transaction only): the distinct (post, case) pairs. */
    @ConfigProperty(name = "xiaoneng.evaluation.rollups.rebuild-work-mem", defaultValue = "64MB")
    String rebuildWorkMem;

    /** Joins the delta maintainers (shared; many at once), waiting for a running recomputation. */
    private void shared() {
        TransactionLocks.shared(em, LOCK);
    }

    /** Excludes every delta maintainer until the end of the transaction. */
    private void exclusive() {
        TransactionLocks.exclusive(em, LOCK);
    }

    /**
     * Takes a case's contribution out of the rollups, as its rows are now (nothing for a case not projected or not
     * completed). Call before changing the case's projection, handlers, rating or rectification, in that transaction.
     *
     * @return whether the case was completed (if not, and the change does not complete it, {@link #apply} would add nothing)
     */
    public boolean retract(UUID applicationId) {
        shared();
        // Two transactions about one case follow each other from here on (the second sees the first's rows).
        List<?> row = em.createNativeQuery("select completed_at is not null from application_projection where application_id = ?1 for update")
                .setParameter(1, applicationId).getResultList();
        boolean completed = !row.isEmpty() && Boolean.TRUE.equals(row.get(0));
        if (completed) {   // a case counts from its completion on: before it, there is nothing to take out
            caseDelta(applicationId, -1);
        }
        return completed;
    }

    /** Adds a case's contribution as its rows are now (after the change), in the transaction of the change. */
    public void apply(UUID applicationId) {
        em.flush();
        caseDelta(applicationId, 1);
    }

    private void caseDelta(UUID applicationId, int sign) {
        em.createNativeQuery(APPLY_CASE_TO_DEPARTMENT).setParameter("id", applicationId.toString()).setParameter("sign", sign).executeUpdate();
        em.createNativeQuery(APPLY_CASE_TO_POSTS).setParameter("id", applicationId.toString()).setParameter("sign", sign).executeUpdate();
    }

    /** {@link #retract} for a complaint: its findings against a post. */
    public void retractComplaint(String complaintId) {
        shared();
        em.createNativeQuery("select complaint_id from complaint_projection where complaint_id = ?1 for update")
                .setParameter(1, complaintId).getResultList();
        complaintDelta(complaintId, -1);
    }

    public void applyComplaint(String complaintId) {
        em.flush();
        complaintDelta(complaintId, 1);
    }

    private void complaintDelta(String complaintId, int sign) {
        em.createNativeQuery(APPLY_COMPLAINT).setParameter("id", complaintId).setParameter("sign", sign).executeUpdate();
    }

    /**
     * Call before changing a post (its holders decide which cases count for it); {@link #rebuildPost} after. The
     * post's rows are recomputed from the raw facts: a change of holders moves every case they ever handled.
     */
    public void lockForPostChange() {
        exclusive();
    }

    public void rebuildPost(String post) {
        em.flush();
        em.createNativeQuery("delete from post_month_rollup where post = ?1").setParameter(1, post).executeUpdate();
        em.createNativeQuery(APPLY_POST).setParameter("post", post).executeUpdate();
    }

    /** Empties the rollups (a replay's reset; the replay re-adds every case it re-projects, then {@link #rebuild}s). */
    public void truncate() {
        exclusive();
        em.createNativeQuery(TRUNCATE).executeUpdate();
    }

    /**
     * Recomputes every rollup from the raw facts, in the caller's transaction or a new one (with the default
     * transaction timeout: callers with many facts start their own, longer one); rows per table.
     */
    @Transactional
    public Map<String, Long> rebuild() {
        if (!rebuildWorkMem.matches("\\d+(kB|MB|GB)")) {
            throw new IllegalStateException("xiaoneng.evaluation.rollups.rebuild-work-mem must read like 64MB: " + rebuildWorkMem);
        }
        em.createNativeQuery("select set_config('work_mem', ?1, true)").setParameter(1, rebuildWorkMem).getSingleResult();
        exclusive();
        em.createNativeQuery(TRUNCATE).executeUpdate();
        Map<String, Long> rows = new LinkedHashMap<>();
        REBUILD.forEach((table, sql) -> rows.put(table, (long) em.createNativeQuery(sql).executeUpdate()));
        return rows;
    }
}
