package io.xiaoneng.evaluation.target.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;

/** {@code xiaoneng.evaluation.term.*}: town heads' term targets. */
@ConfigMapping(prefix = "xiaoneng.evaluation.term")
public interface TargetConfig {

    /** Years of a town head's term (three in the report). */
    @WithDefault("3")
    int years();

    /** Share of the fiscal increase over the baseline paid as reward when the term target is met. */
    @WithDefault("0.05")
    BigDecimal rewardShare();
}
