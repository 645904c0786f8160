package io.xiaoneng.approval.application.domain;

/**
 * The numbers of the legal clock, all in working days, all configuration (see approval-service README,
 * "Applications and the legal clock"). The decision limit itself is the committed limit of the item version.
 *
 * @param acceptanceLimitDays    art. 32: decide on acceptance within this many working days of receipt, else deemed accepted
 * @param extensionDays          art. 42: the one extension a department head may grant
 * @param deliveryLimitDays      art. 44: deliver the licence within this many working days of the decision
 * @param parallelLimitDays      art. 26: overall limit of a parallel (joint) approval
 * @param parallelExtensionDays  art. 26: the one extension of a parallel approval
 * @param yellowPercent          the light turns yellow when at most this share of the allowed time is left
 * @param pledgeLimitDays        容缺受理: the pledged materials are due at most this many working days after acceptance
 */
public record LegalRules(int acceptanceLimitDays, int extensionDays, int deliveryLimitDays,
                         int parallelLimitDays, int parallelExtensionDays, int yellowPercent, int pledgeLimitDays) {

    /** The county's default pledge limit (working days), when a caller does not set one. */
    public static final int DEFAULT_PLEDGE_LIMIT_DAYS = 5;

    public LegalRules(int acceptanceLimitDays, int extensionDays, int deliveryLimitDays,
                      int parallelLimitDays, int parallelExtensionDays, int yellowPercent) {
        this(acceptanceLimitDays, extensionDays, deliveryLimitDays, parallelLimitDays, parallelExtensionDays, yellowPercent,
                DEFAULT_PLEDGE_LIMIT_DAYS);
    }

    public LegalRules {
        if (acceptanceLimitDays < 1 || extensionDays < 1 || deliveryLimitDays < 1 || parallelLimitDays < 1 || parallelExtensionDays < 1
                || pledgeLimitDays < 1) {
            throw new IllegalArgumentException("time limits are positive numbers of working days");
        }
        if (yellowPercent < 0 || yellowPercent > 100) {
            throw new IllegalArgumentException("yellowPercent is a percentage");
        }
    }

    /** The statutory defaults (行政许可法 arts. 26, 32, 42, 44) and the county's 25 % yellow threshold. */
    public static LegalRules defaults() {
        return new LegalRules(5, 10, 10, 45, 15, 25);
    }

    public LightPolicy lightPolicy() {
        return new LightPolicy(yellowPercent);
    }
}
