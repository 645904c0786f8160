package io.xiaoneng.evaluation.report.app;

import io.xiaoneng.evaluation.org.Departments;
import io.xiaoneng.evaluation.post.app.PostAssessmentService;
import io.xiaoneng.evaluation.post.domain.AssessmentPeriod;
import io.xiaoneng.evaluation.rating.app.RatingStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xiaoneng.evaluation.report.app.PartBSections.n;
import static io.xiaoneng.evaluation.report.app.PartBSections.row;

/**
 * The report sections computed from part A's facts: ratings (好差评) with the response rate beside the satisfaction,
 * rectification rates, service commitments met, and the yearly window ranking (勤绩). Each is a set-based query over
 * the year's facts with a stable row order — ratings, rectifications and the window ranking from the monthly rollups
 * in a draft, from the raw facts in a verification ({@link ReportSource}); "the year" of a rating is the Beijing year its case was completed in,
 * as in {@link RatingStatistics}. No section names a person: raters, comments and staff are never published.
 */
public final class PartASections {
    private PartASections() {}

    /** Four decimals, half up; null without a denominator (no figure rather than a made-up one). */
    static BigDecimal share(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    /**
     * The year's rating figures per department, computed once per report build for the two sections that publish them.
     * "Overdue" is judged at the end of the year — a rectification due within the year and not fixed by its end, by
     * the due and fix dates — not on the day the report is built: a fix that comes after the year leaves the figure as
     * it was, so the section depends on the facts of the year only.
     */
    static List<RatingStatistics.DepartmentFigures> ratingFigures(RatingStatistics statistics, TransactionSynchronizationRegistry tx, int year,
                                                                  ReportSource source) {
        // The sections 'ratings' and 'rectification-rates' publish two views of the same figures: within one
        // transaction (a draft, a redraft, a verification) the statement runs once — it is the report's heaviest over
        // the application projection — and both sections read the same snapshot.
        boolean inTransaction = tx.getTransactionStatus() == Status.STATUS_ACTIVE;
        String key = RATING_FIGURES + source + "." + year;
        if (inTransaction && tx.getResource(key) instanceof List<?> cached) {
            @SuppressWarnings("unchecked")
            List<RatingStatistics.DepartmentFigures> figures = (List<RatingStatistics.DepartmentFigures>) cached;
            return figures;
        }
        List<RatingStatistics.DepartmentFigures> figures = source == ReportSource.ROLLUPS
                ? statistics.yearFromRollups(year).departments()
                : statistics.report(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), Optional.empty(),
                        LocalDate.of(year + 1, 1, 1), LocalDate.of(year + 1, 1, 1)).departments();
        if (inTransaction) {
            tx.putResource(key, figures);
        }
        return figures;
    }

    private static final String RATING_FIGURES = PartASections.class.getName() + ".rating-figures.";

    /**
     * Satisfaction per department (top three of five levels among valid ratings) with the rating response rate beside
     * it (rated / completed cases), ranked by satisfaction (equal rates share a rank); departments without a valid
     * rating are listed last without rank.
     */
    @ApplicationScoped
    public static class Ratings implements ReportSection {
        @Inject
        RatingStatistics statistics;

        @Inject
        TransactionSynchronizationRegistry tx;

        @Inject
        Departments departments;

        public String key() {
            return "ratings";
        }

        public int order() {
            return 70;
        }

        public ReportTable build(int year) {
            return build(year, ReportSource.ROLLUPS);
        }

        @Override
        public ReportTable build(int year, ReportSource source) {
            List<RatingStatistics.DepartmentFigures> figures = new ArrayList<>(ratingFigures(statistics, tx, year, source));
            figures.sort(Comparator.comparing((RatingStatistics.DepartmentFigures f) -> f.satisfactionRate() == null)
                    .thenComparing(RatingStatistics.DepartmentFigures::satisfactionRate, Comparator.nullsLast(Comparator.reverseOrder()))
                    .thenComparing(RatingStatistics.DepartmentFigures::department));
            Map<String, String> names = departments.names(figures.stream().map(RatingStatistics.DepartmentFigures::department).toList());
            List<List<Object>> rows = new ArrayList<>();
            int position = 0;
            Integer rank = null;
            BigDecimal previous = null;
            for (RatingStatistics.DepartmentFigures f : figures) {
                position++;
                if (f.satisfactionRate() == null) {
                    rank = null;
                } else if (previous == null || f.satisfactionRate().compareTo(previous) != 0) {
                    rank = position;
                }
                previous = f.satisfactionRate();
                rows.add(row(rank, f.department(), names.get(f.department()), f.completed(), f.rated(), f.responseRate(),
                        f.validRatings(), f.satisfactionRate(), f.verySatisfied(), f.satisfied(), f.basicallySatisfied(),
                        f.dissatisfied(), f.veryDissatisfied(), f.badReviews(), f.excluded()));
            }
            return new ReportTable(key(), "好差评满意率与评价率", List.of("rank", "departmentCode", "departmentName", "completed", "rated",
                    "responseRate", "validRatings", "satisfactionRate", "verySatisfied", "satisfied", "basicallySatisfied",
                    "dissatisfied", "veryDissatisfied", "badReviews", "excluded"), rows);
        }
    }

    /**
     * Rectification of bad reviews per department: rectifications opened (appeal-cancelled ones out), closed after the
     * re-rating, closed on time; the rectification rate = closed / opened and the on-time rate = closed on time /
     * opened; those due within the year and still not fixed. Departments without a bad review are not listed.
     */
    @ApplicationScoped
    public static class RectificationRates implements ReportSection {
        @Inject
        RatingStatistics statistics;

        @Inject
        TransactionSynchronizationRegistry tx;

        @Inject
        Departments departments;

        public String key() {
            return "rectification-rates";
        }

        public int order() {
            return 80;
        }

        public ReportTable build(int year) {
            return build(year, ReportSource.ROLLUPS);
        }

        @Override
        public ReportTable build(int year, ReportSource source) {
            List<RatingStatistics.DepartmentFigures> figures = ratingFigures(statistics, tx, year, source).stream()
                    .filter(f -> f.badReviews() > 0 || f.rectificationsOpened() > 0).toList();
            Map<String, String> names = departments.names(figures.stream().map(RatingStatistics.DepartmentFigures::department).toList());
            return new ReportTable(key(), "差评整改率", List.of("departmentCode", "departmentName", "badReviews", "opened", "closed",
                    "closedOnTime", "rectificationRate", "onTimeRate", "overdueUnfixed"),
                    figures.stream().map(f -> row(f.department(), names.get(f.department()), f.badReviews(), f.rectificationsOpened(),
                            f.rectificationsClosed(), f.rectificationsClosedOnTime(), share(f.rectificationsClosed(), f.rectificationsOpened()),
                            share(f.rectificationsClosedOnTime(), f.rectificationsOpened()), f.rectificationsOverdue())).toList());
        }
    }

    /**
     * Service commitments (服务承诺) of the year per department, approved ones only (drafts are no commitments yet):
     * how many, how many measurable, met / not met / without data (year-end check or the committee's manual
     * assessment), not yet assessed, and the share met among those assessed.
     */
    @ApplicationScoped
    public static class Commitments implements ReportSection {
        @Inject
        EntityManager em;

        @Inject
        Departments departments;

        public String key() {
            return "commitments";
        }

        public int order() {
            return 90;
        }

        @SuppressWarnings("unchecked")
        public ReportTable build(int year) {
            List<Object[]> found = em.createNativeQuery("""
                    select s.department, s.status, count(c.id),
                           count(c.id) filter (where c.kind <> 'FREE_TEXT'),
                           count(c.id) filter (where c.result = 'MET'),
                           count(c.id) filter (where c.result = 'NOT_MET'),
                           count(c.id) filter (where c.result = 'NO_DATA'),
                           count(c.id) filter (where c.result is null)
                    from commitment_set s left join commitment c on c.set_id = s.id
                    where s.year = ?1 and s.status in ('APPROVED', 'CHECKED')
                    group by s.department, s.status order by s.department""")
                    .setParameter(1, year).getResultList();
            Map<String, String> names = departments.names(found.stream().map(r -> (String) r[0]).toList());
            return new ReportTable(key(), "服务承诺兑现情况", List.of("departmentCode", "departmentName", "status", "commitments",
                    "measurable", "met", "notMet", "noData", "unassessed", "metRate"),
                    found.stream().map(r -> row(r[0], names.get((String) r[0]), r[1], n(r[2]), n(r[3]), n(r[4]), n(r[5]), n(r[6]),
                            n(r[7]), share(n(r[4]), n(r[4]) + n(r[5])))).toList());
        }
    }

    /**
     * The yearly window ranking (勤绩): each window's score (mean of its posts') from the year's cases, ratings,
     * substantiated complaints and entered attendance. Posts are those of the projection at build time (the current
     * holders), so a staff change after the year shows up as a differing section in the verification.
     */
    @ApplicationScoped
    public static class WindowPosts implements ReportSection {
        @Inject
        PostAssessmentService assessments;

        public String key() {
            return "window-posts";
        }

        public int order() {
            return 100;
        }

        public ReportTable build(int year) {
            return build(year, ReportSource.ROLLUPS);
        }

        @Override
        public ReportTable build(int year, ReportSource source) {
            AssessmentPeriod period = AssessmentPeriod.parse(String.valueOf(year)).orElseThrow();
            return new ReportTable(key(), "窗口勤绩考核排名", List.of("rank", "windowCode", "number", "departments", "posts",
                    "casesHandled", "substantiatedComplaints", "score"),
                    assessments.windows(period, Optional.empty(), source == ReportSource.FACTS).items().stream().map(w -> row(w.rank(), w.window(), w.number(),
                            String.join(",", w.departments()), w.posts(), w.casesHandled(), w.substantiatedComplaints(), w.score())).toList());
        }
    }
}
