package io.xiaoneng.approval.catalog.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
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
        List<Material> materials,
        Integer yellowPercent) {   // the item's own light threshold (percent of the allowed time left); null: the county's

    /** Terms without an own light threshold. */
    public ItemTerms(String name, String category, String legalBasis, int statutoryLimitDays, int committedLimitDays,
                     boolean online, int maxVisits, String windowCode, boolean acceptWithPledge, boolean composite,
                     String leadDepartment, List<String> participatingDepartments, List<Fee> fees, List<Material> materials) {
        this(name, category, legalBasis, statutoryLimitDays, committedLimitDays, online, maxVisits, windowCode,
                acceptWithPledge, composite, leadDepartment, participatingDepartments, fees, materials, null);
    }

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

    /** Throws the first rule these terms break (the API reports one rule at a time). */
    void check() {
        List<CatalogRuleViolation> violations = violations();
        if (!violations.isEmpty()) {
            throw violations.get(0);
        }
    }

    /**
     * Every catalog rule these terms break, each naming the term concerned; empty when publishable. A catalog
     * import reports them all at once, row by row.
     */
    public List<CatalogRuleViolation> violations() {
        List<CatalogRuleViolation> violations = new ArrayList<>();
        if (statutoryLimitDays <= 0) {
            violations.add(CatalogRuleViolation.onField("statutoryLimitDays", "limit-not-positive"));
        }
        if (yellowPercent != null && (yellowPercent < 0 || yellowPercent > 100)) {
            violations.add(CatalogRuleViolation.onField("yellowPercent", "limit-not-positive"));
        }
        if (committedLimitDays <= 0) {
            violations.add(CatalogRuleViolation.onField("committedLimitDays", "limit-not-positive"));
        }
        if (committedLimitDays > statutoryLimitDays && statutoryLimitDays > 0) {
            // 承诺时限 is a promise to be faster than the law requires, never slower.
            violations.add(CatalogRuleViolation.onField("committedLimitDays", "committed-exceeds-statutory", committedLimitDays, statutoryLimitDays));
        }
        if (composite && (leadDepartment == null || leadDepartment.isBlank() || participatingDepartments.isEmpty())) {
            violations.add(CatalogRuleViolation.onField("leadDepartment", "composite-needs-departments"));
        } else if (composite && (participatingDepartments.contains(leadDepartment)
                || new HashSet<>(participatingDepartments).size() != participatingDepartments.size())) {
            violations.add(CatalogRuleViolation.onField("participatingDepartments", "composite-participants-distinct"));
        }
        for (int i = 0; i < fees.size(); i++) {
            Fee fee = fees.get(i);
            if (fee.lowerStandard().signum() < 0 || fee.upperStandard().compareTo(fee.lowerStandard()) < 0) {
                violations.add(CatalogRuleViolation.onField("fees[" + i + "]", "fee-standard-range", fee.name()));
            }
        }
        return violations;
    }

    /**
     * The same terms with amounts at two decimals (yuan and fen, as stored), so that terms read back from the
     * database compare equal to the same terms as submitted ({@code 10} and {@code 10.00} are the same fee).
     */
    public ItemTerms normalized() {
        List<Fee> scaled = fees.stream()
                .map(f -> new Fee(f.name(), f.legalBasis(), scale(f.lowerStandard()), scale(f.upperStandard()), f.unit()))
                .toList();
        return new ItemTerms(name, category, legalBasis, statutoryLimitDays, committedLimitDays, online, maxVisits,
                windowCode, acceptWithPledge, composite, leadDepartment, participatingDepartments, scaled, materials);
    }

    private static BigDecimal scale(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP);
    }
}
