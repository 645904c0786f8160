package io.xiaoneng.evaluation.target.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The sanction ladder of the investment-attraction target (一岗双责), as data: missed once → public criticism
 * (通报批评), twice in a row → admonishment talk and leaving the post to attract investment (诫勉谈话、离岗招商), three
 * times → resignation (引咎辞职). A met year resets the count.
 */
public record SanctionLadder(List<Step> steps) {

    public record Step(int consecutiveMisses, String sanction, String nameZh, String nameEn, boolean opensResignationCase) {}

    public SanctionLadder {
        steps = steps.stream().sorted(Comparator.comparingInt(Step::consecutiveMisses)).toList();
    }

    /** The step for {@code misses} consecutive misses: the highest step reached (beyond the top, the top step again). */
    public Optional<Step> stepFor(int misses) {
        Step found = null;
        for (Step s : steps) {
            if (s.consecutiveMisses() <= misses) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Consecutive misses after a year: 0 when met, otherwise one more than the previous year's count. */
    public static int consecutiveMisses(boolean met, int previousMisses) {
        return met ? 0 : previousMisses + 1;
    }
}
