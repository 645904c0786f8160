package io.xiaoneng.approval.catalog.domain;

import io.xiaoneng.platform.problem.UnprocessableProblem;

/**
 * A catalog rule was broken (committed limit above the statutory one, a cancelled item changed, …): a 422
 * problem whose detail text is {@code detail.catalog.<rule>} in the service's problems_*.properties.
 */
public class CatalogRuleViolation extends UnprocessableProblem {
    private final String rule;
    private final Object[] args;
    private String field;

    public CatalogRuleViolation(String rule, Object... args) {
        super("catalog." + rule, args);
        this.rule = rule;
        this.args = args.clone();
    }

    /** A violation about one input field (a catalog import reports it at that field of the row). */
    static CatalogRuleViolation onField(String field, String rule, Object... args) {
        CatalogRuleViolation violation = new CatalogRuleViolation(rule, args);
        violation.field = field;
        return violation;
    }

    /** Machine-readable name of the rule, e.g. {@code committed-exceeds-statutory}. */
    public String rule() {
        return rule;
    }

    /** The term the rule is about ({@code committedLimitDays}, {@code fees}, …); null when none in particular. */
    public String field() {
        return field;
    }

    /** The arguments of the detail text {@code detail.catalog.<rule>}. */
    public Object[] args() {
        return args.clone();
    }
}
