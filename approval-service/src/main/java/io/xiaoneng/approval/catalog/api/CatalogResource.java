package io.xiaoneng.approval.catalog.api;

import io.xiaoneng.approval.catalog.app.CatalogImport;
import io.xiaoneng.approval.catalog.app.CatalogService;
import io.xiaoneng.approval.catalog.app.ImportRow;
import io.xiaoneng.approval.catalog.domain.CatalogItem;
import io.xiaoneng.approval.catalog.domain.CatalogItemVersion;
import io.xiaoneng.approval.catalog.domain.ItemTerms;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.platform.http.IdempotentRequests;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The public catalog of approval items: anyone may read it, without logging in (the report: every agency's service
 * items, fees and their legal basis are public); the efficiency office ({@code admin}) maintains it.
 */
@Path("/api/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog", description = "Approval items, their legal basis, limits, fees and materials (public reads, admin writes)")
public class CatalogResource {

    static final String ITEMS = "/api/v1/catalog/items/";

    @Inject
    CatalogService catalog;

    @Inject
    CurrentUser user;

    @Inject
    CatalogImport imports;

    @Inject
    IdempotentRequests idempotency;

    public record FeeBody(@NotBlank @Size(max = 200) String name, @NotBlank String legalBasis,
                          @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal lowerStandard,
                          @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal upperStandard,
                          @NotBlank @Size(max = 40) String unit) {}

    public record MaterialBody(@NotBlank @Size(max = 300) String name, @NotNull ItemTerms.Form form,
                               @Min(0) @Max(100) int copies, boolean mandatory) {}

    public record TermsBody(@NotBlank @Size(max = 300) String name, @NotBlank @Size(max = 40) String category,
                            @NotBlank String legalBasis,
                            @Min(1) @Max(3650) int statutoryLimitDays, @Min(1) @Max(3650) int committedLimitDays,
                            boolean online, @Min(0) @Max(20) int maxVisits, @Size(max = 40) String windowCode,
                            boolean acceptWithPledge, boolean composite, @Size(max = 40) String leadDepartment,
                            @Size(max = 30) List<@NotBlank String> participatingDepartments,
                            @Size(max = 50) List<@Valid FeeBody> fees, @Size(max = 100) List<@Valid MaterialBody> materials,
                            @Min(0) @Max(100) Integer yellowPercent) {
        ItemTerms toTerms() {
            return new ItemTerms(name, category, legalBasis, statutoryLimitDays, committedLimitDays, online, maxVisits,
                    windowCode, acceptWithPledge, composite, leadDepartment, participatingDepartments,
                    fees == null ? null : fees.stream().map(f -> new ItemTerms.Fee(f.name(), f.legalBasis(), f.lowerStandard(), f.upperStandard(), f.unit())).toList(),
                    materials == null ? null : materials.stream().map(m -> new ItemTerms.Material(m.name(), m.form(), m.copies(), m.mandatory())).toList(),
                    yellowPercent);
        }
    }

    public record NewItem(@NotBlank @Size(max = 60) @Pattern(regexp = "[0-9A-Za-z-]+") String implementationCode,
                          @NotBlank @Size(max = 40) @Pattern(regexp = "[0-9A-Za-z-]+") String basicCode,
                          @NotBlank @Size(max = 40) String departmentCode,
                          @NotNull @Valid TermsBody terms) {}

    /** The cancellation command: the document that decided it (e.g. a county government decision) and its date. */
    public record Cancellation(@NotBlank @Size(max = 300) String cancelDocument, @NotNull LocalDate cancelledOn) {}

    /** A fee as applicants see it: the standard range and what they actually pay, the lower limit (按下限收取). */
    public record FeeView(String name, String legalBasis, BigDecimal lowerStandard, BigDecimal upperStandard,
                          BigDecimal charged, String unit) {}

    public record ItemView(String implementationCode, String basicCode, String departmentCode, CatalogItem.Status status,
                           String cancelDocument, LocalDate cancelledOn, int version, int currentVersion,
                           ItemTerms terms, List<FeeView> fees) {
        static ItemView of(CatalogItem item, CatalogItemVersion v) {
            ItemTerms t = v.terms();
            return new ItemView(item.implementationCode, item.basicCode, item.departmentCode, item.status,
                    item.cancelDocument, item.cancelledOn, v.version, item.currentVersion, t,
                    t.fees().stream().map(f -> new FeeView(f.name(), f.legalBasis(), f.lowerStandard(), f.upperStandard(), f.charged(), f.unit())).toList());
        }
    }

    public record Statistics(long retained, long cancelled, long total, List<CatalogService.DepartmentCount> departments) {}

    // --- public reads ---------------------------------------------------------------------------------------------

    @GET
    @Path("/items")
    @PermitAll
    @Operation(operationId = "searchCatalogItems",
            summary = "Search the catalog by name or code, filter by department, category, status, online (public)")
    @APIResponse(responseCode = "200", description = "One page of matching items in implementation-code order, with the total")
    @APIResponse(responseCode = "400", description = "An invalid parameter (unknown status, size above 100, …)")
    public PageOf<CatalogService.ItemSummary> search(
            @Parameter(description = "A part of the item's name, implementation code or basic code; case-insensitive")
            @QueryParam("q") @Size(max = 100) String q,
            @Parameter(description = "Department code") @QueryParam("department") @Size(max = 40) String department,
            @Parameter(description = "Category, e.g. ADMINISTRATIVE_LICENSE") @QueryParam("category") @Size(max = 40) String category,
            @QueryParam("status") CatalogItem.Status status,
            @Parameter(description = "Only items that can (true) or cannot (false) be applied for online")
            @QueryParam("online") Boolean online,
            @Valid @BeanParam PageRequest page) {
        return catalog.search(new CatalogService.Filter(q, blankToNull(department), blankToNull(category), status, online), page);
    }

    @GET
    @Path("/items/{code}")
    @PermitAll
    @Operation(operationId = "getCatalogItem", summary = "An approval item with its current terms and applicant fees (public)")
    @APIResponse(responseCode = "200", description = "The item; its ETag is needed to cancel it",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = ItemView.class)))
    @APIResponse(responseCode = "404", description = "No such item")
    public Response get(@PathParam("code") String code) {
        CatalogService.VersionedItem v = catalog.current(code);
        return EntityTags.ok(ItemView.of(v.item(), v.version()), v.item().rowVersion);
    }

    @GET
    @Path("/items/{code}/versions/{version}")
    @PermitAll
    @Operation(operationId = "getCatalogItemVersion", summary = "The terms of one version of an item, also after later revisions (public)")
    @APIResponse(responseCode = "200", description = "The item with the terms of that version")
    @APIResponse(responseCode = "404", description = "No such item or version")
    public ItemView version(@PathParam("code") String code, @PathParam("version") int version) {
        return ItemView.of(catalog.item(code), catalog.version(code, version));
    }

    @GET
    @Path("/statistics")
    @PermitAll
    @Operation(operationId = "getCatalogStatistics", summary = "Retained and cancelled items, in all and per department (public)")
    public Statistics statistics() {
        List<CatalogService.DepartmentCount> departments = catalog.statistics();
        long retained = departments.stream().mapToLong(CatalogService.DepartmentCount::retained).sum();
        long cancelled = departments.stream().mapToLong(CatalogService.DepartmentCount::cancelled).sum();
        return new Statistics(retained, cancelled, retained + cancelled, departments);
    }

    // --- admin writes ---------------------------------------------------------------------------------------------

    @POST
    @Path("/items")
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(operationId = "registerCatalogItem", summary = "Register an approval item with its first terms (admin); honours Idempotency-Key")
    @APIResponse(responseCode = "201", description = "Registered as version 1", headers = {@Header(name = "Location"), @Header(name = "ETag")},
            content = @Content(schema = @Schema(implementation = ItemView.class)))
    @APIResponse(responseCode = "409", description = "The implementation code exists already")
    @APIResponse(responseCode = "422", description = "A catalog rule is broken (e.g. committed limit above the statutory one) or a department is unknown")
    public Response register(@Parameter(description = "Makes retries safe: 1-255 printable ASCII characters, e.g. a UUID")
                             @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
                             @Valid @NotNull NewItem body) {
        return idempotency.execute(idempotencyKey, body, () -> {
            CatalogService.VersionedItem v = catalog.register(user.username(), body.implementationCode(), body.basicCode(), body.departmentCode(), body.terms().toTerms());
            return EntityTags.created(ITEMS + v.item().implementationCode, ItemView.of(v.item(), v.version()), v.item().rowVersion);
        });
    }

    @POST
    @Path("/items/{code}/versions")
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(operationId = "reviseCatalogItem", summary = "Publish new terms as the item's next version (admin); If-Match optional")
    @APIResponse(responseCode = "201", description = "The new version", headers = {@Header(name = "Location"), @Header(name = "ETag")},
            content = @Content(schema = @Schema(implementation = ItemView.class)))
    @APIResponse(responseCode = "409", description = "The item is cancelled (illegal-transition)")
    @APIResponse(responseCode = "412", description = "If-Match given and no longer current")
    @APIResponse(responseCode = "422", description = "A catalog rule is broken")
    public Response revise(@PathParam("code") String code,
                           @Parameter(description = "The item's ETag; when given, the revision applies only to that state")
                           @HeaderParam(IfMatch.HEADER) String ifMatch,
                           @Valid @NotNull TermsBody body) {
        CatalogService.VersionedItem v = catalog.revise(user.username(), code, ifMatch == null ? null : IfMatch.parse(ifMatch), body.toTerms());
        return EntityTags.created(ITEMS + code + "/versions/" + v.version().version, ItemView.of(v.item(), v.version()),
                v.item().rowVersion);
    }

    @POST
    @Path("/items/{code}/cancellation")
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(operationId = "cancelCatalogItem", summary = "Cancel an item under the cancelling document (admin); requires If-Match")
    @APIResponse(responseCode = "200", description = "Cancelled; the new ETag", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = ItemView.class)))
    @APIResponse(responseCode = "409", description = "The item is cancelled already (illegal-transition)")
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag: the item changed meanwhile")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response cancel(@PathParam("code") String code,
                           @Parameter(description = "The ETag of the item as read", required = true)
                           @HeaderParam(IfMatch.HEADER) String ifMatch,
                           @Valid @NotNull Cancellation body) {
        IfMatch precondition = IfMatch.required(ifMatch);
        CatalogItem item = catalog.cancel(user.username(), code, precondition, body.cancelDocument(), body.cancelledOn());
        return EntityTags.ok(ItemView.of(item, catalog.version(code, item.currentVersion)), item.rowVersion);
    }

    /** The JSON import format, for the OpenAPI document: the rows are read member by member, not bound to this. */
    public record ImportFile(List<ImportRow> items) {}

    @POST
    @Path("/imports")
    @Consumes({"text/csv", "application/csv", MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(operationId = "importCatalogItems",
            summary = "Import items from CSV (text/csv) or JSON {\"items\": [...]} (admin): all rows or none; honours Idempotency-Key")
    @RequestBody(required = true, content = {
            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING,
                    description = "UTF-8 (or the charset named in Content-Type); a header row naming the columns; see the README")),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImportFile.class))})
    @APIResponse(responseCode = "200", description = "Imported; what was done",
            content = @Content(schema = @Schema(implementation = CatalogImport.Result.class)))
    @APIResponse(responseCode = "400", description = "Unparseable JSON")
    @APIResponse(responseCode = "422", description = "import-rejected: errors by row and field; nothing was imported")
    public Response importItems(@HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        MediaType type = MediaType.valueOf(contentType);
        // JSON is UTF-8 by definition (RFC 8259); a CSV file is in whatever charset its Content-Type names.
        boolean json = type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
        String charset = json ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        CatalogImport.Format format = json ? CatalogImport.Format.JSON : CatalogImport.Format.CSV;
        return idempotency.execute(idempotencyKey, body, () -> Response.ok(imports.importFile(user.username(), format, body, charset)).build());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
