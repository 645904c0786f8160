package io.xiaoneng.evaluation.post.app;

import io.xiaoneng.evaluation.post.domain.AssessmentPeriod;
import io.xiaoneng.evaluation.post.domain.AssessmentWeights;
import io.xiaoneng.evaluation.rating.app.DepartmentScope;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.PreconditionRequiredProblem;
import io.xiaoneng.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Window-post assessment (勤绩): monthly and yearly scores per post and per window from the measured facts (cases the
 * post's holders completed in the period, their on-time rate and ratings, substantiated complaints against the post)
 * and the entered attendance, weighted by {@link AssessmentWeights}; ranked. One set-based query per request, over
 * the monthly rollups of those facts (periods are whole months or years; {@code Rollups} keeps them equal to the raw
 * facts) or, for the report's verification, over the raw facts themselves.
 *
 * <p>Measured data: a post's cases are the completed applications one of its current holders acted on (projection
 * {@code application_handler}); a case handled by holders of two posts counts for both. Without decided cases, or
 * without ratings, that part is not held against the post (full points: there is no evidence of a failure; the
 * volume part already separates idle posts). Without entered attendance the attendance part is 0 and
 * {@code attendanceEntered} is false, so a missing entry is visible and never rewarded.
 */
@ApplicationScoped
public class PostAssessmentService {

    @Inject
    EntityManager em;

    @Inject
    AssessmentWeights weights;

    @Inject
    DepartmentScope scope;

    @Inject
    AuditTrail audit;

    public record PostScore(int rank, String post, String window, long casesHandled, long decided, long decidedOnTime,
                            BigDecimal onTimeRate, long ratings, BigDecimal averageRating, long substantiatedComplaints,
                            long partlySubstantiatedComplaints, boolean attendanceEntered, BigDecimal attendanceRate,
                            BigDecimal score) {}

    public record WindowScore(int rank, String window, String number, List<String> departments, long posts,
                              long casesHandled, long substantiatedComplaints, BigDecimal score) {}

    public record Ranking<T>(String period, BigDecimal maxScore, List<T> items) {}

    /**
     * Per post: the figures and the score; computed over every post of the county (the busiest post sets the volume
     * scale for all), then limited to the caller's scope.
     */
    public static final String POST_SCORES = postScores("""
            -- One row per (post, holder): an equality join on the actor lets PostgreSQL hash-join the few holders
            -- with the handler rows. "h.actor = any (p.assignees)" cannot be hashed and became a nested loop of
            -- every post over every handler row (> 60 s at 1,000,000 cases, bench/results/annual-report.md).
            holders as (
                select p.code as post, holder.actor
                from posts p cross join lateral unnest(p.assignees) as holder(actor)
            ),
            cases as (
                select distinct hp.post, a.application_id, a.decided_on_time
                from holders hp
                join application_handler h on h.actor = hp.actor
                join application_projection a on a.application_id = h.application_id
                where a.completed_at >= :start and a.completed_at < :end
            ),
            case_figures as (
                select c.post, count(*) as handled,
                       count(*) filter (where c.decided_on_time is not null) as decided,
                       count(*) filter (where c.decided_on_time) as on_time,
                       count(r.id) filter (where not r.excluded) as ratings,
                       avg(l.rank) filter (where r.id is not null and not r.excluded) as avg_rank
                from cases c
                left join rating r on r.application_id = c.application_id
                left join rating_level l on l.code = r.level_code
                group by c.post
            ),
            complaint_figures as (
                select post, count(*) filter (where finding = 'SUBSTANTIATED') as substantiated,
                       count(*) filter (where finding = 'PARTLY_SUBSTANTIATED') as partly
                from complaint_projection
                where post is not null and handled_at >= :start and handled_at < :end
                group by post
            ),""");

    /**
     * {@link #POST_SCORES} with the measured part summed from the monthly rollups (V41, {@code Rollups}): a dozen rows
     * per post instead of every case of the period. Same figures, same types (sums cast back to counts; the mean
     * rank is sum / count, which is what {@code avg} computes).
     */
    public static final String POST_SCORES_FROM_ROLLUPS = postScores("""
            case_figures as (
                select post, cast(sum(handled) as bigint) as handled, cast(sum(decided) as bigint) as decided,
                       cast(sum(on_time) as bigint) as on_time, cast(sum(ratings) as bigint) as ratings,
                       sum(rank_sum) / nullif(sum(ratings), 0) as avg_rank
                from post_month_rollup
                where month >= :startDate and month < :endDate
                group by post
            ),
            complaint_figures as (
                select post, cast(sum(substantiated) as bigint) as substantiated, cast(sum(partly) as bigint) as partly
                from complaint_post_month_rollup
                where month >= :startDate and month < :endDate
                group by post
            ),""");

    private static String postScores(String measured) {
        return POSTS + measured + SCORES;
    }

    private static final String POSTS = """
            with posts as (
                select p.code, p.window_code, p.assignees, w.department_codes
                from post_projection p join window_projection w on w.code = p.window_code
                where not p.removed
            ),
            """;

    private static final String SCORES = """
            attendance as (
                select post_code as post, sum(due_days) as due, sum(present_days) as present
                from post_attendance where month >= :startDate and month < :endDate
                group by post_code
            ),
            figures as (
                select p.code, p.window_code, p.department_codes,
                       coalesce(cf.handled, 0) as handled, coalesce(cf.decided, 0) as decided,
                       coalesce(cf.on_time, 0) as on_time, coalesce(cf.ratings, 0) as ratings, cf.avg_rank,
                       coalesce(co.substantiated, 0) as substantiated, coalesce(co.partly, 0) as partly,
                       att.due, att.present,
                       max(coalesce(cf.handled, 0)) over () as max_handled
                from posts p
                left join case_figures cf on cf.post = p.code
                left join complaint_figures co on co.post = p.code
                left join attendance att on att.post = p.code
            ),
            scored as (
                select f.*,
                       round(greatest(0,
                           cast(:wVolume as numeric) * coalesce(f.handled::numeric / nullif(f.max_handled, 0), 0)
                         + cast(:wOnTime as numeric) * coalesce(f.on_time::numeric / nullif(f.decided, 0), 1)
                         + cast(:wRating as numeric) * coalesce((f.avg_rank - 1) / 4.0, 1)
                         + cast(:wAttendance as numeric) * coalesce(f.present::numeric / nullif(f.due, 0), 0)
                         - cast(:penaltySubstantiated as numeric) * f.substantiated
                         - cast(:penaltyPartly as numeric) * f.partly), 2) as score
                from figures f
            )
            """;

    /** From the monthly rollups. */
    public Ranking<PostScore> posts(AssessmentPeriod period, Optional<String> department, Optional<String> window) {
        return posts(period, department, window, false);
    }

    /** From the raw facts ({@code fromFacts}) or the monthly rollups: the same ranking. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Ranking<PostScore> posts(AssessmentPeriod period, Optional<String> department, Optional<String> window, boolean fromFacts) {
        // The rank is the county rank: computed over every post before the caller's department or window filter
        // (a window function runs after the WHERE of its own SELECT, so it needs a CTE of its own), and by score alone
        // — equal scores share a rank (1, 2, 2, 4); the code only makes the row order stable.
        var q = em.createNativeQuery((fromFacts ? POST_SCORES : POST_SCORES_FROM_ROLLUPS) + """
                , ranked as (
                    select s.*, cast(rank() over (order by s.score desc) as integer) as county_rank from scored s
                )
                select county_rank, code, window_code, handled, decided, on_time,
                       ratings, avg_rank, substantiated, partly, due, present, score
                from ranked
                where (cast(:department as varchar) is null or cast(:department as varchar) = any (department_codes))
                  and (cast(:window as varchar) is null or window_code = cast(:window as varchar))
                order by score desc, code""");
        bind(q, period, fromFacts);
        q.setParameter("department", department.orElse(null));
        q.setParameter("window", window.orElse(null));
        List<Object[]> rows = q.getResultList();
        return new Ranking<>(period.label(), maxScore(), rows.stream().map(r -> new PostScore(((Number) r[0]).intValue(),
                (String) r[1], (String) r[2], n(r[3]), n(r[4]), n(r[5]), ratio(n(r[5]), n(r[4])), n(r[6]),
                r[7] == null ? null : new BigDecimal(r[7].toString()).setScale(2, java.math.RoundingMode.HALF_UP),
                n(r[8]), n(r[9]), r[10] != null, r[10] == null ? null : ratio(n(r[11]), n(r[10])),
                new BigDecimal(r[12].toString()))).toList());
    }

    /**
     * Appended to {@link #POST_SCORES}: per window, its posts' cases and complaints summed, its score the mean of its
     * posts' scores (public for the annual-report benchmark's EXPLAIN). Ranked county-wide by score alone before the
     * department filter, as the posts are: equal scores share a rank, a department sees its windows' county rank.
     */
    public static final String WINDOW_SCORES = """
                , windows as (
                    select s.window_code, count(*) as posts, sum(s.handled) as handled,
                           sum(s.substantiated) as substantiated, round(avg(s.score), 2) as score
                    from scored s group by s.window_code
                ),
                ranked as (
                    select x.*, cast(rank() over (order by x.score desc) as integer) as county_rank from windows x
                )
                select x.county_rank, x.window_code, w.number,
                       array_to_string(w.department_codes, ','), x.posts, x.handled, x.substantiated, x.score
                from ranked x join window_projection w on w.code = x.window_code
                where cast(:department as varchar) is null or cast(:department as varchar) = any (w.department_codes)
                order by x.score desc, x.window_code""";

    /** From the monthly rollups. */
    public Ranking<WindowScore> windows(AssessmentPeriod period, Optional<String> department) {
        return windows(period, department, false);
    }

    /** From the raw facts ({@code fromFacts}, the report's verification) or the monthly rollups: the same ranking. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Ranking<WindowScore> windows(AssessmentPeriod period, Optional<String> department, boolean fromFacts) {
        var q = em.createNativeQuery((fromFacts ? POST_SCORES : POST_SCORES_FROM_ROLLUPS) + WINDOW_SCORES);
        bind(q, period, fromFacts);
        q.setParameter("department", department.orElse(null));
        List<Object[]> rows = q.getResultList();
        return new Ranking<>(period.label(), maxScore(), rows.stream().map(r -> new WindowScore(((Number) r[0]).intValue(),
                (String) r[1], (String) r[2], List.of(((String) r[3]).split(",")), n(r[4]), n(r[5]), n(r[6]),
                new BigDecimal(r[7].toString()))).toList());
    }

    /** Binds the parameters of {@link #POST_SCORES} (from the raw facts). */
    public void bind(jakarta.persistence.Query q, AssessmentPeriod period) {
        bind(q, period, true);
    }

    /** Binds the parameters of {@link #POST_SCORES} or, without {@code fromFacts}, {@link #POST_SCORES_FROM_ROLLUPS}. */
    public void bind(jakarta.persistence.Query q, AssessmentPeriod period, boolean fromFacts) {
        if (fromFacts) {   // the rollups have whole (Beijing) months: no instants
            q.setParameter("start", period.start().atStartOfDay(WorkingDayCalendar.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC));
            q.setParameter("end", period.end().atStartOfDay(WorkingDayCalendar.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC));
        }
        q.setParameter("startDate", period.start());
        q.setParameter("endDate", period.end());
        q.setParameter("wVolume", weights.volume());
        q.setParameter("wOnTime", weights.onTime());
        q.setParameter("wRating", weights.rating());
        q.setParameter("wAttendance", weights.attendance());
        q.setParameter("penaltySubstantiated", weights.substantiatedComplaintPenalty());
        q.setParameter("penaltyPartly", weights.partlySubstantiatedComplaintPenalty());
    }

    BigDecimal maxScore() {
        return BigDecimal.valueOf(weights.volume() + weights.onTime() + weights.rating() + weights.attendance())
                .setScale(2, java.math.RoundingMode.HALF_UP);
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, java.math.RoundingMode.HALF_UP);
    }

    // ---- attendance (entered) ----------------------------------------------------------------------------------

    public record Attendance(String post, String month, int dueDays, int presentDays, String enteredBy,
                             OffsetDateTime enteredAt, long version) {}

    /** The departments a post serves (through its window), or 404. */
    @SuppressWarnings("unchecked")
    List<String> departmentsOfPost(String post) {
        List<Object> rows = em.createNativeQuery("""
                select array_to_string(w.department_codes, ',') from post_projection p
                join window_projection w on w.code = p.window_code where p.code = ?1 and not p.removed""")
                .setParameter(1, post).getResultList();
        if (rows.isEmpty()) {
            throw new NotFoundProblem("post", post);
        }
        return List.of(((String) rows.get(0)).split(","));
    }

    /** Department heads of a department the post's window serves, the efficiency office and administrators. */
    private void requireMayEnter(List<String> departments) {
        boolean county = scope.hasRole(Roles.SUPERVISOR) || scope.hasRole(Roles.ADMIN);
        boolean head = departments.stream().anyMatch(d -> scope.actsFor(d, java.util.Set.of(Roles.DEPT_HEAD)));
        if (!county && !head) {
            throw DepartmentScope.forbidden();
        }
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<Attendance> attendance(String post, LocalDate month) {
        List<String> departments = departmentsOfPost(post);
        if (departments.stream().noneMatch(scope::sees)) {
            throw new NotFoundProblem("post", post);
        }
        List<Object[]> rows = em.createNativeQuery("""
                select post_code, month, due_days, present_days, entered_by, entered_at, version
                from post_attendance where post_code = ?1 and month = ?2""")
                .setParameter(1, post).setParameter(2, month).getResultList();
        return rows.stream().findFirst().map(PostAssessmentService::attendanceOf);
    }

    private static Attendance attendanceOf(Object[] r) {
        LocalDate m = r[1] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) r[1];
        OffsetDateTime at = r[5] instanceof OffsetDateTime o ? o : ((java.time.Instant) r[5]).atOffset(ZoneOffset.UTC);
        return new Attendance((String) r[0], m.toString().substring(0, 7), ((Number) r[2]).intValue(), ((Number) r[3]).intValue(),
                (String) r[4], at, ((Number) r[6]).longValue());
    }

    /** Enters or corrects a month's attendance; a correction needs If-Match (428 without, 412 when stale). */
    @Transactional
    @SuppressWarnings("unchecked")
    public Attendance enterAttendance(String post, LocalDate month, String ifMatchHeader, int dueDays, int presentDays) {
        List<String> departments = departmentsOfPost(post);
        if (departments.stream().noneMatch(scope::sees)) {
            throw new NotFoundProblem("post", post);
        }
        requireMayEnter(departments);
        if (presentDays > dueDays) {
            throw new io.xiaoneng.platform.problem.UnprocessableProblem("attendance.present-exceeds-due", presentDays, dueDays)
                    .withFieldError("presentDays", "attendance.present-exceeds-due", presentDays, dueDays);
        }
        List<Object[]> existing = em.createNativeQuery("""
                select post_code, month, due_days, present_days, entered_by, entered_at, version
                from post_attendance where post_code = ?1 and month = ?2 for update""")
                .setParameter(1, post).setParameter(2, month).getResultList();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (existing.isEmpty()) {
            if (ifMatchHeader != null && !ifMatchHeader.isBlank() && !"*".equals(ifMatchHeader.trim())) {
                IfMatch.parse(ifMatchHeader).check(-1);   // a version of something that does not exist: 412
            }
            em.createNativeQuery("""
                    insert into post_attendance (post_code, month, due_days, present_days, entered_by, entered_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6)""")
                    .setParameter(1, post).setParameter(2, month).setParameter(3, dueDays).setParameter(4, presentDays)
                    .setParameter(5, scope.username()).setParameter(6, now).executeUpdate();
            Attendance after = new Attendance(post, month.toString().substring(0, 7), dueDays, presentDays, scope.username(), now, 0);
            audit.record(scope.username(), "post-attendance", post + "@" + after.month(), "entered", null, after);
            return after;
        }
        if (ifMatchHeader == null || ifMatchHeader.isBlank()) {
            throw new PreconditionRequiredProblem(IfMatch.HEADER);
        }
        Attendance before = attendanceOf(existing.get(0));
        IfMatch.parse(ifMatchHeader).check(before.version());
        if (before.dueDays() == dueDays && before.presentDays() == presentDays) {
            return before;
        }
        em.createNativeQuery("""
                update post_attendance set due_days = ?3, present_days = ?4, entered_by = ?5, entered_at = ?6,
                    version = version + 1 where post_code = ?1 and month = ?2""")
                .setParameter(1, post).setParameter(2, month).setParameter(3, dueDays).setParameter(4, presentDays)
                .setParameter(5, scope.username()).setParameter(6, now).executeUpdate();
        Attendance after = new Attendance(post, before.month(), dueDays, presentDays, scope.username(), now, before.version() + 1);
        audit.record(scope.username(), "post-attendance", post + "@" + after.month(), "corrected", before, after);
        return after;
    }
}
