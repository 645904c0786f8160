package io.xiaoneng.evaluation.personal.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.xiaoneng.evaluation.personal.domain.GradingRules;
import io.xiaoneng.evaluation.personal.domain.GradingRules.Dimension;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/** {@code xiaoneng.evaluation.personal.*}: the annual assessment of officials (documented in the README). */
@ConfigMapping(prefix = "xiaoneng.evaluation.personal")
public interface PersonalConfig {

    /** Whether 廉 (integrity, added by the Civil Servant Law) is assessed as a fifth dimension. */
    @WithDefault("true")
    boolean integrityAssessed();

    Weights weights();

    Bands bands();

    /** At most this share of a department's assessed officials may be graded 优秀 (rounded down). */
    @WithDefault("0.15")
    BigDecimal excellentShare();

    /**
     * The fewest assessed officials a published grade distribution may cover (minimum cell size): a smaller group's
     * counts would tell who got which grade, so they are suppressed (the yearly report's {@code personal-grades}).
     */
    @WithDefault("5")
    int minimumCellSize();

    interface Weights {
        @WithDefault("0.20")
        BigDecimal morality();

        @WithDefault("0.20")
        BigDecimal ability();

        @WithDefault("0.20")
        BigDecimal diligence();

        @WithDefault("0.30")
        BigDecimal achievement();

        @WithDefault("0.10")
        BigDecimal integrity();
    }

    interface Bands {
        @WithDefault("90")
        BigDecimal excellent();

        @WithDefault("75")
        BigDecimal competent();

        @WithDefault("60")
        BigDecimal basicallyCompetent();
    }

    default GradingRules rules() {
        Map<Dimension, BigDecimal> w = new EnumMap<>(Dimension.class);
        w.put(Dimension.MORALITY, weights().morality());
        w.put(Dimension.ABILITY, weights().ability());
        w.put(Dimension.DILIGENCE, weights().diligence());
        w.put(Dimension.ACHIEVEMENT, weights().achievement());
        w.put(Dimension.INTEGRITY, weights().integrity());
        return new GradingRules(w, integrityAssessed(), bands().excellent(), bands().competent(), bands().basicallyCompetent(),
                excellentShare());
    }
}
