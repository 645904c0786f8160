package io.xiaoneng.approval.integration;

import io.xiaoneng.approval.catalog.app.ImportRow;
import io.xiaoneng.approval.catalog.domain.CatalogItemVersion;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Catalog synchronization (issue 7): the catalog in the item format of the catalog import (approval-service README,
 * "Catalog import": implementation code, basic code, department, terms, fees, materials, cancellation), whole or the
 * items changed since a moment, for the provincial and city platforms' copies. Public, as the catalog itself is
 * (the law requires the items, fees and their legal basis to be published), so it needs no token; platforms may
 * send theirs.
 */
@Path("/api/v1/catalog/export")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog", description = "The public catalog of approval items")
@PermitAll
@APIResponse(responseCode = "400", description = "Invalid parameters (since not an ISO-8601 time with offset, page or size out of range)")
public class CatalogExportResource {

    @Inject
    EntityManager em;

    /**
     * One item as a synchronizing copy needs it: {@code item} in the import format (a file {@code {"items": [...]}} of
     * these imports unchanged), plus the version, status and when it last changed. A cancelled item is a tombstone:
     * status {@code CANCELLED} with {@code item.cancelDocument}/{@code item.cancelledOn}, never dropped.
     */
    public record ExportEntry(String implementationCode, int version, String status, Instant changedAt, ImportRow item) {}

    /**
     * @param asOf  the server's time when the page was read: the next {@code since} (minus a safety margin for changes
     *              still committing, see README)
     */
    public record ExportPage(OffsetDateTime since, Instant asOf, List<ExportEntry> items, long total, int page, int size) {}

    @GET
    @Operation(operationId = "exportCatalog", summary = "The catalog in the import format, whole or changed since a time; paged, cancellations as tombstones",
            description = "Sorted by change time, then implementation code. Without since: every item, retained and cancelled.")
    @APIResponse(responseCode = "200", description = "A page of items", content = @Content(schema = @Schema(implementation = ExportPage.class)))
    public ExportPage export(
            @Parameter(description = "Only items published or cancelled after this time (ISO-8601 with offset, e.g. 2026-11-27T08:00:00+08:00)")
            @QueryParam("since") OffsetDateTime since,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        Instant asOf = toInstant(em.createNativeQuery("select clock_timestamp()").getSingleResult());
        String where = since == null ? "" : " where changed_at > :since";
        var count = em.createNativeQuery("select count(*) from catalog_item" + where);
        var select = em.createNativeQuery("select implementation_code, basic_code, department_code, current_version, status, "
                + "cancel_document, cancelled_on, changed_at from catalog_item" + where
                + " order by changed_at, implementation_code offset :skip limit :size");
        if (since != null) {
            count.setParameter("since", since);
            select.setParameter("since", since);
        }
        select.setParameter("skip", (long) page * size).setParameter("size", size);
        long total = ((Number) count.getSingleResult()).longValue();
        List<ExportEntry> entries = new ArrayList<>();
        for (Object row : select.getResultList()) {
            Object[] r = (Object[]) row;
            String code = (String) r[0];
            int version = ((Number) r[3]).intValue();
            CatalogItemVersion v = em.find(CatalogItemVersion.class, new CatalogItemVersion.Key(code, version));
            ImportRow item = new ImportRow(code, (String) r[1], (String) r[2], v.name, v.category, v.legalBasis,
                    v.statutoryLimitDays, v.committedLimitDays, v.online, v.maxVisits, v.windowCode, v.acceptWithPledge,
                    v.composite, v.leadDepartment, Arrays.asList(v.participatingDepartments),
                    v.fees.stream().map(f -> new ImportRow.Fee(f.name, f.legalBasis, f.lowerStandard, f.upperStandard, f.unit)).toList(),
                    v.materials.stream().map(m -> new ImportRow.Material(m.name, m.form, m.copies, m.mandatory)).toList(),
                    (String) r[5], toDate(r[6]));
            entries.add(new ExportEntry(code, version, (String) r[4], toInstant(r[7]), item));
        }
        return new ExportPage(since, asOf, entries, total, page, size);
    }

    private static LocalDate toDate(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) o;
    }

    private static Instant toInstant(Object o) {
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return (Instant) o;
    }
}
