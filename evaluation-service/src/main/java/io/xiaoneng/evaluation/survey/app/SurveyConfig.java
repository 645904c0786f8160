package io.xiaoneng.evaluation.survey.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.xiaoneng.evaluation.survey.domain.Thresholds;

import java.math.BigDecimal;
import java.util.List;

/** {@code xiaoneng.evaluation.survey.*}: the year-end survey's rules (documented in the README). */
@ConfigMapping(prefix = "xiaoneng.evaluation.survey")
public interface SurveyConfig {

    /** Kinds of service recipients who may return a sheet (codes, upper case). */
    @WithDefault("FOREIGN_INVESTED_ENTERPRISE,DOMESTIC_ENTERPRISE,INDIVIDUAL")
    List<String> respondentTypes();

    /** Dissatisfaction rate (fraction) from which the head must explain himself publicly. */
    @WithDefault("0.20")
    BigDecimal explanationThreshold();

    /** Dissatisfaction rate from which the head must resign unless a justification is accepted. */
    @WithDefault("0.30")
    BigDecimal resignationThreshold();

    /** Valid ballots a department needs before its rate is judged. */
    @WithDefault("30")
    int minimumValidBallots();

    /** Level of the published Wilson interval. */
    @WithDefault("0.95")
    BigDecimal confidence();

    /** Sheets accepted in one request. */
    @WithDefault("500")
    int maxSheetsPerRequest();

    default Thresholds thresholds() {
        return new Thresholds(explanationThreshold(), resignationThreshold(), minimumValidBallots(), confidence());
    }
}
