package io.xiaoneng.evaluation.post.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The weights of the window-post assessment (中心窗口工作岗位勤绩目标考核), configuration not code: points for the
 * volume of cases handled (relative to the busiest post), the on-time rate, the rating level and attendance, minus
 * points per substantiated and partly substantiated complaint. The four weights make the maximum score.
 */
@ConfigMapping(prefix = "xiaoneng.evaluation.post-assessment")
public interface AssessmentWeights {

    @WithDefault("20")
    double volume();

    @WithDefault("30")
    double onTime();

    @WithDefault("20")
    double rating();

    @WithDefault("30")
    double attendance();

    @WithDefault("5")
    double substantiatedComplaintPenalty();

    @WithDefault("2.5")
    double partlySubstantiatedComplaintPenalty();
}
