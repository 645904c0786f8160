package io.xiaoneng.evaluation.target;

import io.xiaoneng.evaluation.target.domain.SanctionLadder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ladder as plain data: steps by consecutive misses, the top step beyond, a met year resets. */
class SanctionLadderTest {

    static final SanctionLadder REPORT = new SanctionLadder(List.of(
            new SanctionLadder.Step(3, "RESIGNATION", "引咎辞职", "resignation", true),
            new SanctionLadder.Step(1, "PUBLIC_CRITICISM", "通报批评", "public criticism", false),
            new SanctionLadder.Step(2, "ADMONISHMENT_AND_OFF_POST", "诫勉谈话、离岗招商", "admonishment", false)));

    @Test
    void stepsFollowConsecutiveMisses() {
        assertThat(REPORT.stepFor(0)).isEmpty();
        assertThat(REPORT.stepFor(1)).get().extracting(SanctionLadder.Step::sanction).isEqualTo("PUBLIC_CRITICISM");
        assertThat(REPORT.stepFor(2)).get().extracting(SanctionLadder.Step::sanction).isEqualTo("ADMONISHMENT_AND_OFF_POST");
        assertThat(REPORT.stepFor(3)).get().extracting(SanctionLadder.Step::opensResignationCase).isEqualTo(true);
        assertThat(REPORT.stepFor(7)).get().extracting(SanctionLadder.Step::sanction).isEqualTo("RESIGNATION");
    }

    @Test
    void aMetYearResetsTheCount() {
        int misses = 0;
        boolean[] years = {false, false, true, false};
        int[] expected = {1, 2, 0, 1};
        for (int i = 0; i < years.length; i++) {
            misses = SanctionLadder.consecutiveMisses(years[i], misses);
            assertThat(misses).isEqualTo(expected[i]);
        }
    }

    @Test
    void anotherLadderIsJustOtherData() {
        SanctionLadder lenient = new SanctionLadder(List.of(new SanctionLadder.Step(2, "WARNING", "警告", "warning", false)));
        assertThat(lenient.stepFor(1)).isEmpty();
        assertThat(lenient.stepFor(5)).get().extracting(SanctionLadder.Step::sanction).isEqualTo("WARNING");
    }
}
