package io.xiaoneng.approval.catalog.api;

import io.xiaoneng.approval.catalog.app.CatalogService;
import io.xiaoneng.approval.catalog.domain.CatalogItem;
import io.xiaoneng.approval.catalog.domain.CatalogItemVersion;
import io.xiaoneng.approval.catalog.domain.ItemTerms;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

/** The public catalog of approval items: anyone may read it; the efficiency office maintains it. */
@Path("/api/v1/catalog/items")
@Tag(name = "Catalog", description = "Approval items, their legal basis, limits, fees and materials (public)")
public class CatalogResource {

    @Inject
    CatalogService catalog;

    public record FeeBody(@NotBlank @Size(max = 200) String name, @NotBlank String legalBasis,
                          @NotNull @DecimalMin("0") BigDecimal lowerStandard, @NotNull @DecimalMin("0") BigDecimal upperStandard,
                          @NotBlank @Size(max = 40) String unit) {}

    public record MaterialBody(@NotBlank @Size(max = 300) String name, @NotNull ItemTerms.Form form,
                               @Min(0) @Max(100) int copies, boolean mandatory) {}

    public record TermsBody(@NotBlank @Size(max = 300) String name, @NotBlank @Size(max = 40) String category,
                            @NotBlank String legalBasis,
                            @Min(1) @Max(3650) int statutoryLimitDays, @Min(1) @Max(3650) int committedLimitDays,
                            boolean online, @Min(0) @Max(20) int maxVisits, @Size(max = 40) String windowCode,
                            boolean acceptWithPledge, boolean composite, @Size(max = 40) String leadDepartment,
                            @Size(max = 30) List<@NotBlank String> participatingDepartments,
                            @Size(max = 50) List<@Valid FeeBody> fees, @Size(max = 100) List<@Valid MaterialBody> materials) {
        ItemTerms toTerms() {
            return new ItemTerms(name, category, legalBasis, statutoryLimitDays, committedLimitDays, online, maxVisits,
                    windowCode, acceptWithPledge, composite, leadDepartment, participatingDepartments,
                    fees == null ? null : fees.stream().map(f -> new ItemTerms.Fee(f.name(), f.legalBasis(), f.lowerStandard(), f.upperStandard(), f.unit())).toList(),
                    materials == null ? null : materials.stream().map(m -> new ItemTerms.Material(m.name(), m.form(), m.copies(), m.mandatory())).toList());
        }
    }

    public record NewItem(@NotBlank @Size(max = 60) @Pattern(regexp = "[0-9A-Za-z-]+") String implementationCode,
                          @NotBlank @Size(max = 40) @Pattern(regexp = "[0-9A-Za-z-]+") String basicCode,
                          @NotBlank @Size(max = 40) String departmentCode,
                          @NotNull @Valid TermsBody terms) {}

    public record FeeView(String name, String legalBasis, BigDecimal lowerStandard, BigDecimal upperStandard,
                          BigDecimal charged, String unit) {}

    public record ItemView(String implementationCode, String basicCode, String departmentCode, CatalogItem.Status status,
                           String cancelDocument, java.time.LocalDate cancelledOn, int version, int currentVersion,
                           ItemTerms terms, List<FeeView> fees) {
        static ItemView of(CatalogItem item, CatalogItemVersion v) {
            ItemTerms t = v.terms();
            return new ItemView(item.implementationCode, item.basicCode, item.departmentCode, item.status,
                    item.cancelDocument, item.cancelledOn, v.version, item.currentVersion, t,
                    t.fees().stream().map(f -> new FeeView(f.name(), f.legalBasis(), f.lowerStandard(), f.upperStandard(), f.charged(), f.unit())).toList());
        }
    }

    @GET
    @Path("/{code}")
    @PermitAll
    @Operation(operationId = "getCatalogItem", summary = "An approval item with its current terms (public)")
    public ItemView get(@PathParam("code") String code) {
        CatalogService.VersionedItem v = catalog.current(code);
        return ItemView.of(v.item(), v.version());
    }

    @GET
    @Path("/{code}/versions/{version}")
    @PermitAll
    @Operation(operationId = "getCatalogItemVersion", summary = "The terms of one version of an item (public)")
    public ItemView version(@PathParam("code") String code, @PathParam("version") int version) {
        return ItemView.of(catalog.item(code), catalog.version(code, version));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "registerCatalogItem", summary = "Register an approval item with its first terms (admin)")
    public Response register(@Valid @NotNull NewItem body) {
        CatalogService.VersionedItem v = catalog.register(body.implementationCode(), body.basicCode(), body.departmentCode(), body.terms().toTerms());
        return Response.created(URI.create("/api/v1/catalog/items/" + v.item().implementationCode))
                .entity(ItemView.of(v.item(), v.version())).build();
    }

    @POST
    @Path("/{code}/versions")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "reviseCatalogItem", summary = "Publish new terms as the item's next version (admin)")
    public Response revise(@PathParam("code") String code, @Valid @NotNull TermsBody body) {
        CatalogService.VersionedItem v = catalog.revise(code, body.toTerms());
        return Response.created(URI.create("/api/v1/catalog/items/" + code + "/versions/" + v.version().version))
                .entity(ItemView.of(v.item(), v.version())).build();
    }
}
