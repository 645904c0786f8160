package io.xiaoneng.evaluation.personal.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * How many officials of a group (a department, or the whole county) got which grade in a year — and which of these
 * counts may be published. A distribution over a handful of people tells who got which grade: in a department of two,
 * "1 优秀, 1 称职" is each one's grade to anyone who knows the two. So a group with fewer assessed officials than the
 * minimum cell size is published with its head count only ({@link #suppressed}).
 *
 * <p>The county total would give the suppressed groups away again by subtraction (county minus the published
 * departments), so it is suppressed as well when the suppressed departments together are fewer than the minimum; from
 * the minimum on, the subtraction only tells the distribution of a group that large, which is what the minimum allows.
 *
 * @param group    department code, or {@link #COUNTY} for the county total
 * @param assessed officials assessed; always published (it tells no one's grade)
 * @param ungraded assessed but not graded (yet)
 */
public record GradeDistribution(String group, long assessed, Long excellent, Long competent, Long basicallyCompetent,
                                Long incompetent, Long ungraded, boolean suppressed) {

    /** The group key of the county total. */
    public static final String COUNTY = "*";

    public static GradeDistribution counted(String group, long assessed, long excellent, long competent, long basicallyCompetent,
                                            long incompetent, long ungraded) {
        return new GradeDistribution(group, assessed, excellent, competent, basicallyCompetent, incompetent, ungraded, false);
    }

    private GradeDistribution withoutCounts() {
        return new GradeDistribution(group, assessed, null, null, null, null, null, true);
    }

    /**
     * The distributions as they may be published: departments below {@code minimumCellSize} assessed officials
     * suppressed, and the county total when it is that small itself or the suppressed departments alone would be
     * revealed by it. A minimum of 1 or less suppresses nothing.
     *
     * @param departments one distribution per department, in the order to publish
     * @param county      the total over all of them
     * @return the departments in their order, then the county total
     */
    public static List<GradeDistribution> publishable(List<GradeDistribution> departments, GradeDistribution county, int minimumCellSize) {
        List<GradeDistribution> published = new ArrayList<>();
        long suppressedPeople = 0;
        for (GradeDistribution d : departments) {
            if (tooFew(d, minimumCellSize)) {
                published.add(d.withoutCounts());
                suppressedPeople += d.assessed();
            } else {
                published.add(d);
            }
        }
        boolean countyRevealsThem = suppressedPeople > 0 && suppressedPeople < minimumCellSize;
        published.add(tooFew(county, minimumCellSize) || countyRevealsThem ? county.withoutCounts() : county);
        return published;
    }

    /** Nobody assessed tells nothing about anyone: zeros are published. */
    private static boolean tooFew(GradeDistribution d, int minimumCellSize) {
        return d.assessed() > 0 && d.assessed() < minimumCellSize;
    }
}
