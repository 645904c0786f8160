package io.xiaoneng.evaluation.post.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scoring a window against the standardized-window acceptance checklist (标准化服务窗口验收评比细则): every active
 * item is scored exactly once, between 0 and its maximum; the window passes at the configured share of the maximum.
 */
public final class AcceptanceChecklist {
    private AcceptanceChecklist() {}

    public record Item(String code, String title, BigDecimal maxPoints) {}

    public record Score(String item, BigDecimal points, String note) {}

    /** A problem with one score, by its index in the request ({@code -1}: about the whole list). */
    public record Violation(int index, String item, String rule, Object... args) {}

    public record Result(BigDecimal total, BigDecimal maxTotal, boolean passed) {}

    public static List<Violation> check(Map<String, Item> activeItems, List<Score> scores) {
        List<Violation> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < scores.size(); i++) {
            Score s = scores.get(i);
            Item item = activeItems.get(s.item());
            if (item == null) {
                out.add(new Violation(i, s.item(), "acceptance.unknown-item", s.item()));
            } else if (!seen.add(s.item())) {
                out.add(new Violation(i, s.item(), "acceptance.item-twice", s.item()));
            } else if (s.points().signum() < 0 || s.points().compareTo(item.maxPoints()) > 0) {
                out.add(new Violation(i, s.item(), "acceptance.points-range", s.item(), item.maxPoints()));
            }
        }
        activeItems.keySet().stream().filter(code -> !seen.contains(code)).sorted()
                .forEach(code -> out.add(new Violation(-1, code, "acceptance.item-missing", code)));
        return out;
    }

    public static Result result(Map<String, Item> activeItems, List<Score> scores, BigDecimal passPercent) {
        BigDecimal total = scores.stream().map(Score::points).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal max = activeItems.values().stream().map(Item::maxPoints).reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean passed = total.multiply(BigDecimal.valueOf(100)).compareTo(max.multiply(passPercent)) >= 0;
        return new Result(total, max, passed);
    }
}
