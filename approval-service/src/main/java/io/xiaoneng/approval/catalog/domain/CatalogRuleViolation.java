package io.xiaoneng.approval.catalog.domain;

import io.xiaoneng.platform.problem.UnprocessableProblem;

/**
 * A catalog rule was broken (committed limit above the statutory one, a cancelled item changed, …): a 422
 * problem whose detail text is {@code detail.catalog.<rule>} in the service's problems_*.properties.
 */
public class CatalogRuleViolation extends UnprocessableProblem {
    private final String rule;

    public CatalogRuleViolation(String rule, Object... args) {
        super("catalog." + rule, args);
        this.rule = rule;
    }

    /** Machine-readable name of the rule, e.g. {@code committed-exceeds-statutory}. */
    public String rule() {
        return rule;
    }
}
