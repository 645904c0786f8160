package io.xiaoneng.approval.catalog.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * The terms of one version of an approval item: what the applicant must bring, what it costs, how long it may
 * take. Limits are in working days (Administrative License Law art. 82).
 */
public record ItemTerms(
        String name,
        String category,
        String legalBasis,
        int statutoryLimitDays,   // 法定时限
        int committedLimitDays,   // 承诺时限: the one supervised, never above the statutory limit
        boolean online,
        int maxVisits,
        String windowCode,
        boolean acceptWithPledge, // 容缺受理
        boolean composite,        // 并联审批
        String leadDepartment,
        List<String> participatingDepartments,
        List<Fee> fees,
        List<Material> materials) {

    /** A fee item with its legal basis and standard range; the county charges the lower limit (按下限收取). */
    public record Fee(String name, String legalBasis, BigDecimal lowerStandard, BigDecimal upperStandard, String unit) {
        public BigDecimal charged() {
            return lowerStandard;
        }
    }

    public enum Form { ORIGINAL, COPY, ELECTRONIC }

    public record Material(String name, Form form, int copies, boolean mandatory) {}

    public ItemTerms {
        participatingDepartments = participatingDepartments == null ? List.of() : List.copyOf(participatingDepartments);
        fees = fees == null ? List.of() : List.copyOf(fees);
        materials = materials == null ? List.of() : List.copyOf(materials);
    }

    void check() {
        if (statutoryLimitDays <= 0 || committedLimitDays <= 0) {
            throw new CatalogRuleViolation("limit-not-positive");
        }
        if (committedLimitDays > statutoryLimitDays) {
            throw new CatalogRuleViolation("committed-exceeds-statutory", committedLimitDays, statutoryLimitDays);
        }
        if (composite && (leadDepartment == null || participatingDepartments.isEmpty())) {
            throw new CatalogRuleViolation("composite-needs-departments");
        }
        for (Fee fee : fees) {
            if (fee.lowerStandard().signum() < 0 || fee.upperStandard().compareTo(fee.lowerStandard()) < 0) {
                throw new CatalogRuleViolation("fee-standard-range", fee.name());
            }
        }
    }
}
