package io.xiaoneng.evaluation.personal;

import io.xiaoneng.evaluation.personal.domain.GradeDistribution;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.xiaoneng.evaluation.personal.domain.GradeDistribution.COUNTY;
import static io.xiaoneng.evaluation.personal.domain.GradeDistribution.counted;
import static org.assertj.core.api.Assertions.assertThat;

/** The minimum cell size of published grade distributions as a plain rule, for any configured minimum. */
class GradeDistributionTest {

    static final GradeDistribution FIVE = counted("a", 5, 1, 2, 1, 1, 0);
    static final GradeDistribution FOUR = counted("b", 4, 0, 4, 0, 0, 0);
    static final GradeDistribution ONE = counted("c", 1, 0, 0, 0, 0, 1);

    static GradeDistribution county(GradeDistribution... departments) {
        long[] sum = new long[6];
        for (GradeDistribution d : departments) {
            sum[0] += d.assessed();
            sum[1] += d.excellent();
            sum[2] += d.competent();
            sum[3] += d.basicallyCompetent();
            sum[4] += d.incompetent();
            sum[5] += d.ungraded();
        }
        return counted(COUNTY, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5]);
    }

    static List<Boolean> suppressed(List<GradeDistribution> published) {
        return published.stream().map(GradeDistribution::suppressed).toList();
    }

    @Test
    void aGroupBelowTheMinimumKeepsItsHeadCountOnly() {
        List<GradeDistribution> published = GradeDistribution.publishable(List.of(FIVE, FOUR), county(FIVE, FOUR), 5);
        assertThat(published.get(0)).isEqualTo(FIVE);
        assertThat(published.get(1)).isEqualTo(new GradeDistribution("b", 4, null, null, null, null, null, true));
        // 9 in the county, but county − a = b: suppressed with b.
        assertThat(published.get(2)).isEqualTo(new GradeDistribution(COUNTY, 9, null, null, null, null, null, true));
    }

    @Test
    void theCountyTotalIsPublishedOnceTheSuppressedGroupsTogetherReachTheMinimum() {
        assertThat(suppressed(GradeDistribution.publishable(List.of(FIVE, FOUR, ONE), county(FIVE, FOUR, ONE), 5)))
                .containsExactly(false, true, true, false);
        assertThat(suppressed(GradeDistribution.publishable(List.of(FIVE, FIVE), county(FIVE, FIVE), 5)))
                .containsExactly(false, false, false);
    }

    @Test
    void theMinimumIsConfigurable() {
        // With 4 the group of four is published and the county with it; with 6 even five people are too few.
        assertThat(suppressed(GradeDistribution.publishable(List.of(FIVE, FOUR), county(FIVE, FOUR), 4))).containsExactly(false, false, false);
        assertThat(suppressed(GradeDistribution.publishable(List.of(FIVE, FOUR), county(FIVE, FOUR), 6))).containsExactly(true, true, false);
        // A minimum of 1 suppresses nothing, a single person included.
        assertThat(suppressed(GradeDistribution.publishable(List.of(ONE), county(ONE), 1))).containsExactly(false, false);
    }

    @Test
    void nobodyAssessedIsPublishedAsZeros() {
        GradeDistribution empty = counted(COUNTY, 0, 0, 0, 0, 0, 0);
        assertThat(GradeDistribution.publishable(List.of(), empty, 5)).containsExactly(empty);
    }
}
