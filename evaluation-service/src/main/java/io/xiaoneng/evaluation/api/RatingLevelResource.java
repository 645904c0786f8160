package io.xiaoneng.evaluation.api;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.xiaoneng.evaluation.domain.RatingLevel;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/rating-levels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ratings", description = "Good/bad reviews (好差评)")
@SecurityRequirement(name = "SecurityScheme")
@Authenticated
public class RatingLevelResource {

    public record RatingLevelView(String code, int rank, String nameZh, String nameEn, boolean badReview) {}

    @GET
    @Operation(operationId = "listRatingLevels", summary = "The five rating levels, best first")
    public List<RatingLevelView> list() {
        return RatingLevel.<RatingLevel>listAll(Sort.descending("rank")).stream()
                .map(l -> new RatingLevelView(l.code, l.rank, l.nameZh, l.nameEn, l.badReview))
                .toList();
    }
}
