package io.xiaoneng.platform.events;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Events of the approval catalog published by approval-service on {@link Topics#CATALOG}, keyed by the item's
 * implementation code (实施编码). A published API: consumers name the same types and records the producer uses.
 */
public final class CatalogEvents {
    private CatalogEvents() {}

    /** A version of an item's terms was published: the first one at registration, the next one at each revision. */
    public static final EventType ITEM_PUBLISHED = EventType.of("approval", "catalog-item", "published", 1, Topics.CATALOG);
    /** An item was cancelled (取消); applications already filed under it continue under their version. */
    public static final EventType ITEM_CANCELLED = EventType.of("approval", "catalog-item", "cancelled", 1, Topics.CATALOG);

    /** A fee with its standard; {@code charged} is what the county charges: the lower limit (按下限收取). */
    public record Fee(String name, String legalBasis, BigDecimal lowerStandard, BigDecimal upperStandard,
                      BigDecimal charged, String unit) {}

    /** A material the applicant brings; {@code form} is ORIGINAL, COPY or ELECTRONIC. */
    public record Material(String name, String form, int copies, boolean mandatory) {}

    /**
     * The full terms of one version of an item, so that a consumer can judge an application filed under
     * {@code version} (its limits, its fees) from this event alone. Limits are working days.
     */
    public record ItemPublished(String implementationCode, String basicCode, String departmentCode, int version,
                                String status, String name, String category, String legalBasis,
                                int statutoryLimitDays, int committedLimitDays, boolean online, int maxVisits,
                                String windowCode, boolean acceptWithPledge, boolean composite, String leadDepartment,
                                List<String> participatingDepartments, List<Fee> fees, List<Material> materials) {}

    /** The item was cancelled by {@code cancelDocument} on {@code cancelledOn}; its last version was {@code currentVersion}. */
    public record ItemCancelled(String implementationCode, String basicCode, String departmentCode, String name,
                                int currentVersion, String cancelDocument, LocalDate cancelledOn) {}
}
