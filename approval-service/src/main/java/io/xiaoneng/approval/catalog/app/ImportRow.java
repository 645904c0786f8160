package io.xiaoneng.approval.catalog.app;

import io.xiaoneng.approval.catalog.domain.ItemTerms;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One item of a catalog import file, flat so that a CSV column and a JSON member have the same name (see
 * approval-service README, "Catalog import"). The limits are those of the register API. A value that had the wrong
 * type in the file is null here; the reader has reported it already.
 */
public record ImportRow(
        @NotBlank @Size(max = 60) @Pattern(regexp = "[0-9A-Za-z-]+") String implementationCode,
        @NotBlank @Size(max = 40) @Pattern(regexp = "[0-9A-Za-z-]+") String basicCode,
        @NotBlank @Size(max = 40) String departmentCode,
        @NotBlank @Size(max = 300) String name,
        @NotBlank @Size(max = 40) String category,
        @NotBlank @Size(max = 4000) String legalBasis,
        @NotNull @Min(1) @Max(3650) Integer statutoryLimitDays,
        @NotNull @Min(1) @Max(3650) Integer committedLimitDays,
        boolean online,
        @Min(0) @Max(20) int maxVisits,
        @Size(max = 40) String windowCode,
        boolean acceptWithPledge,
        boolean composite,
        @Size(max = 40) String leadDepartment,
        @Size(max = 30) List<@NotBlank @Size(max = 40) String> participatingDepartments,
        @Size(max = 50) List<@Valid Fee> fees,
        @Size(max = 100) List<@Valid Material> materials,
        @Size(max = 300) String cancelDocument,
        LocalDate cancelledOn) {

    /** Columns / members in the documented order; the first eight are required in a CSV header. */
    static final List<String> FIELDS = List.of("implementationCode", "basicCode", "departmentCode", "name", "category",
            "legalBasis", "statutoryLimitDays", "committedLimitDays", "online", "maxVisits", "windowCode",
            "acceptWithPledge", "composite", "leadDepartment", "participatingDepartments", "fees", "materials",
            "cancelDocument", "cancelledOn");
    static final List<String> REQUIRED = FIELDS.subList(0, 8);

    public record Fee(@NotBlank @Size(max = 200) String name,
                      @NotBlank @Size(max = 4000) String legalBasis,
                      @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal lowerStandard,
                      @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal upperStandard,
                      @NotBlank @Size(max = 40) String unit) {}

    public record Material(@NotBlank @Size(max = 300) String name,
                           @NotNull ItemTerms.Form form,
                           @Min(0) @Max(100) int copies,
                           boolean mandatory) {}

    boolean cancels() {
        return cancelDocument != null || cancelledOn != null;
    }

    /** The terms to publish; only called once the row is known to be complete. */
    ItemTerms terms() {
        return new ItemTerms(name, category, legalBasis, statutoryLimitDays, committedLimitDays, online, maxVisits,
                windowCode, acceptWithPledge, composite, leadDepartment, participatingDepartments,
                fees.stream().map(f -> new ItemTerms.Fee(f.name(), f.legalBasis(), f.lowerStandard(), f.upperStandard(), f.unit())).toList(),
                materials.stream().map(m -> new ItemTerms.Material(m.name(), m.form(), m.copies(), m.mandatory())).toList());
    }

    /** The terms for the catalog rules (limits, fee ranges, parallel approval), leaving out fees with a missing amount. */
    ItemTerms termsForRules() {
        boolean amountsComplete = fees.stream().allMatch(f -> f.lowerStandard() != null && f.upperStandard() != null);
        return new ItemTerms(name, category, legalBasis, statutoryLimitDays, committedLimitDays, online, maxVisits,
                windowCode, acceptWithPledge, composite, leadDepartment, participatingDepartments,
                amountsComplete ? fees.stream().map(f -> new ItemTerms.Fee(f.name(), f.legalBasis(), f.lowerStandard(), f.upperStandard(), f.unit())).toList() : List.of(),
                List.of());
    }
}
