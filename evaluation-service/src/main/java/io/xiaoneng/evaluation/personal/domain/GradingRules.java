package io.xiaoneng.evaluation.personal.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The annual assessment on 德能勤绩 (+廉): a weighted score, a grade by score band, and a cap on the share of 优秀 in a
 * department (common practice 15 %). Plain rules, tested without infrastructure.
 *
 * @param weights           weight per dimension; integrity is ignored when {@code integrityAssessed} is false
 * @param integrityAssessed whether 廉 (integrity) is a fifth dimension
 * @param excellentFrom     lowest total of the 优秀 band
 * @param competentFrom     lowest total of the 称职 band
 * @param basicFrom         lowest total of the 基本称职 band; below it 不称职
 * @param excellentShare    at most this share of a department's assessed staff (rounded down) may be 优秀
 */
public record GradingRules(Map<Dimension, BigDecimal> weights, boolean integrityAssessed, BigDecimal excellentFrom,
                           BigDecimal competentFrom, BigDecimal basicFrom, BigDecimal excellentShare) {

    public enum Dimension { MORALITY, ABILITY, DILIGENCE, ACHIEVEMENT, INTEGRITY }

    public GradingRules {
        if (!(excellentFrom.compareTo(competentFrom) > 0 && competentFrom.compareTo(basicFrom) > 0)) {
            throw new IllegalArgumentException("bands must descend: excellent > competent > basically competent");
        }
        if (excellentShare.signum() < 0 || excellentShare.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("excellent share in [0, 1]");
        }
        if (dimensions(integrityAssessed).stream().map(weights::get).anyMatch(w -> w == null || w.signum() < 0)
                || dimensions(integrityAssessed).stream().map(weights::get).reduce(BigDecimal.ZERO, BigDecimal::add).signum() <= 0) {
            throw new IllegalArgumentException("a non-negative weight for every assessed dimension, not all zero");
        }
    }

    public static List<Dimension> dimensions(boolean integrityAssessed) {
        return integrityAssessed ? List.of(Dimension.values())
                : List.of(Dimension.MORALITY, Dimension.ABILITY, Dimension.DILIGENCE, Dimension.ACHIEVEMENT);
    }

    public List<Dimension> dimensions() {
        return dimensions(integrityAssessed);
    }

    /** Σ weight × score / Σ weight over the assessed dimensions, three decimals; weights need not add up to 1. */
    public BigDecimal total(Map<Dimension, BigDecimal> scores) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal weight = BigDecimal.ZERO;
        for (Dimension d : dimensions()) {
            BigDecimal w = weights.get(d);
            sum = sum.add(w.multiply(scores.get(d)));
            weight = weight.add(w);
        }
        return sum.divide(weight, MathContext.DECIMAL64).setScale(3, RoundingMode.HALF_UP);
    }

    public Grade band(BigDecimal total) {
        if (total.compareTo(excellentFrom) >= 0) {
            return Grade.EXCELLENT;
        }
        if (total.compareTo(competentFrom) >= 0) {
            return Grade.COMPETENT;
        }
        return total.compareTo(basicFrom) >= 0 ? Grade.BASICALLY_COMPETENT : Grade.INCOMPETENT;
    }

    /** How many of {@code assessed} people may be 优秀: the share, rounded down. */
    public int excellentCap(int assessed) {
        return BigDecimal.valueOf(assessed).multiply(excellentShare).setScale(0, RoundingMode.FLOOR).intValueExact();
    }

    public record Scored(String id, BigDecimal total) {}

    /**
     * The final grades of one department's staff. Those in the 优秀 band keep it in order of their total up to the cap;
     * the others in the band become 称职. When people with equal totals straddle the cap, none of them keeps 优秀: the cap
     * is never exceeded and equal scores are never graded differently (the committee can still decide otherwise by
     * changing scores).
     */
    public Map<String, Grade> grade(List<Scored> staff) {
        Map<String, Grade> grades = new HashMap<>();
        List<Scored> excellent = new ArrayList<>();
        for (Scored s : staff) {
            Grade g = band(s.total());
            grades.put(s.id(), g);
            if (g == Grade.EXCELLENT) {
                excellent.add(s);
            }
        }
        int cap = excellentCap(staff.size());
        if (excellent.size() > cap) {
            excellent.sort(Comparator.comparing(Scored::total).reversed());
            BigDecimal firstOut = excellent.get(cap).total();
            for (int i = 0; i < excellent.size(); i++) {
                Scored s = excellent.get(i);
                if (i >= cap || s.total().compareTo(firstOut) == 0) {
                    grades.put(s.id(), Grade.COMPETENT);
                }
            }
        }
        return grades;
    }
}
