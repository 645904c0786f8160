package io.xiaoneng.evaluation.personal;

import io.xiaoneng.evaluation.personal.domain.Grade;
import io.xiaoneng.evaluation.personal.domain.GradingRules;
import io.xiaoneng.evaluation.personal.domain.GradingRules.Dimension;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Weighted totals, score bands and the cap on 优秀 as plain rules. */
class GradingRulesTest {

    static GradingRules rules(boolean integrity) {
        Map<Dimension, BigDecimal> w = new EnumMap<>(Dimension.class);
        w.put(Dimension.MORALITY, new BigDecimal("0.20"));
        w.put(Dimension.ABILITY, new BigDecimal("0.20"));
        w.put(Dimension.DILIGENCE, new BigDecimal("0.20"));
        w.put(Dimension.ACHIEVEMENT, new BigDecimal("0.30"));
        w.put(Dimension.INTEGRITY, new BigDecimal("0.10"));
        return new GradingRules(w, integrity, new BigDecimal("90"), new BigDecimal("75"), new BigDecimal("60"), new BigDecimal("0.15"));
    }

    static Map<Dimension, BigDecimal> scores(int m, int a, int d, int ach, int i) {
        Map<Dimension, BigDecimal> s = new EnumMap<>(Dimension.class);
        s.put(Dimension.MORALITY, BigDecimal.valueOf(m));
        s.put(Dimension.ABILITY, BigDecimal.valueOf(a));
        s.put(Dimension.DILIGENCE, BigDecimal.valueOf(d));
        s.put(Dimension.ACHIEVEMENT, BigDecimal.valueOf(ach));
        s.put(Dimension.INTEGRITY, BigDecimal.valueOf(i));
        return s;
    }

    @Test
    void weightedTotalWithAndWithoutIntegrity() {
        // 0.2*90 + 0.2*80 + 0.2*70 + 0.3*100 + 0.1*50 = 83
        assertThat(rules(true).total(scores(90, 80, 70, 100, 50))).isEqualByComparingTo("83");
        // without 廉 the four weights are renormalised: (18 + 16 + 14 + 30) / 0.9 = 86.667
        assertThat(rules(false).total(scores(90, 80, 70, 100, 50))).isEqualByComparingTo("86.667");
    }

    @Test
    void bandsAtTheirLowerBounds() {
        GradingRules r = rules(true);
        assertThat(r.band(new BigDecimal("90"))).isEqualTo(Grade.EXCELLENT);
        assertThat(r.band(new BigDecimal("89.999"))).isEqualTo(Grade.COMPETENT);
        assertThat(r.band(new BigDecimal("75"))).isEqualTo(Grade.COMPETENT);
        assertThat(r.band(new BigDecimal("74.999"))).isEqualTo(Grade.BASICALLY_COMPETENT);
        assertThat(r.band(new BigDecimal("60"))).isEqualTo(Grade.BASICALLY_COMPETENT);
        assertThat(r.band(new BigDecimal("59.999"))).isEqualTo(Grade.INCOMPETENT);
    }

    @Test
    void theCapIsTheShareRoundedDown() {
        GradingRules r = rules(true);
        assertThat(r.excellentCap(6)).isZero();
        assertThat(r.excellentCap(7)).isEqualTo(1);
        assertThat(r.excellentCap(20)).isEqualTo(3);
        assertThat(r.excellentCap(100)).isEqualTo(15);
    }

    @Test
    void excellentBeyondTheCapBecomesCompetentBestFirstAndTiesAtTheCapAllDoNotKeepIt() {
        List<GradingRules.Scored> staff = new ArrayList<>();
        // 20 people → cap 3. Five in the 优秀 band: 98, 96, 95, 95, 91.
        String[] totals = {"98", "96", "95", "95", "91"};
        for (int i = 0; i < totals.length; i++) {
            staff.add(new GradingRules.Scored("e" + i, new BigDecimal(totals[i])));
        }
        for (int i = 0; i < 15; i++) {
            staff.add(new GradingRules.Scored("c" + i, new BigDecimal("80")));
        }
        Map<String, Grade> g = rules(true).grade(staff);
        assertThat(g.get("e0")).isEqualTo(Grade.EXCELLENT);
        assertThat(g.get("e1")).isEqualTo(Grade.EXCELLENT);
        // 95 and 95 straddle the cap of 3: neither keeps 优秀, so only two are 优秀.
        assertThat(g.get("e2")).isEqualTo(Grade.COMPETENT);
        assertThat(g.get("e3")).isEqualTo(Grade.COMPETENT);
        assertThat(g.get("e4")).isEqualTo(Grade.COMPETENT);
        assertThat(g.values().stream().filter(x -> x == Grade.EXCELLENT).count()).isEqualTo(2);
    }

    @Test
    void withinTheCapEveryoneKeepsHisBand() {
        List<GradingRules.Scored> staff = new ArrayList<>();
        staff.add(new GradingRules.Scored("a", new BigDecimal("95")));
        for (int i = 0; i < 9; i++) {
            staff.add(new GradingRules.Scored("b" + i, new BigDecimal(i < 3 ? "59" : "70")));
        }
        Map<String, Grade> g = rules(true).grade(staff);
        assertThat(g.get("a")).isEqualTo(Grade.EXCELLENT);
        assertThat(g.get("b0")).isEqualTo(Grade.INCOMPETENT);
        assertThat(g.get("b5")).isEqualTo(Grade.BASICALLY_COMPETENT);
    }
}
