package io.xiaoneng.evaluation.post.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The checklist rules and the period parsing, without Quarkus. */
class AcceptanceChecklistTest {

    static final Map<String, AcceptanceChecklist.Item> ITEMS = new LinkedHashMap<>();

    static {
        ITEMS.put("a", new AcceptanceChecklist.Item("a", "A", new BigDecimal("60")));
        ITEMS.put("b", new AcceptanceChecklist.Item("b", "B", new BigDecimal("40")));
    }

    static AcceptanceChecklist.Score score(String item, String points) {
        return new AcceptanceChecklist.Score(item, new BigDecimal(points), null);
    }

    @Test
    void everyProblemIsListedAtOnce() {
        var violations = AcceptanceChecklist.check(ITEMS, List.of(score("a", "61"), score("a", "1"), score("x", "1")));
        assertThat(violations).extracting(AcceptanceChecklist.Violation::rule).containsExactly(
                "acceptance.points-range", "acceptance.item-twice", "acceptance.unknown-item", "acceptance.item-missing");
        assertThat(AcceptanceChecklist.check(ITEMS, List.of(score("a", "0"), score("b", "40")))).isEmpty();
        assertThat(AcceptanceChecklist.check(ITEMS, List.of(score("a", "-0.5"), score("b", "40")))).hasSize(1);
    }

    @Test
    void theWindowPassesAtThePassShareExactly() {
        BigDecimal pass = new BigDecimal("85");
        assertThat(AcceptanceChecklist.result(ITEMS, List.of(score("a", "45"), score("b", "40")), pass).passed()).isTrue();
        assertThat(AcceptanceChecklist.result(ITEMS, List.of(score("a", "44.9"), score("b", "40")), pass).passed()).isFalse();
        assertThat(AcceptanceChecklist.result(ITEMS, List.of(score("a", "45"), score("b", "40")), pass).total())
                .isEqualByComparingTo("85");
    }

    @Test
    void periodsAreMonthsOrYears() {
        var march = AssessmentPeriod.parse("2026-03").orElseThrow();
        assertThat(march.monthly()).isTrue();
        assertThat(march.start()).hasToString("2026-03-01");
        assertThat(march.end()).hasToString("2026-04-01");
        var year = AssessmentPeriod.parse("2026").orElseThrow();
        assertThat(year.end()).hasToString("2027-01-01");
        assertThat(AssessmentPeriod.parse("2026-13")).isEmpty();
        assertThat(AssessmentPeriod.parse("26")).isEmpty();
        assertThat(AssessmentPeriod.parse(null)).isEmpty();
    }
}
