package io.xiaoneng.approval.application.domain;

import io.xiaoneng.platform.problem.UnprocessableProblem;

/**
 * A rule of the legal clock was broken by an otherwise valid command (a pledge the item does not allow, an
 * extension longer than the law's, …): 422 with the detail text {@code detail.application.<rule>}.
 */
public class ApplicationRuleViolation extends UnprocessableProblem {
    private final String rule;

    public ApplicationRuleViolation(String rule, Object... args) {
        super("application." + rule, args);
        this.rule = rule;
        withProperty("rule", rule);
    }

    public String rule() {
        return rule;
    }
}
