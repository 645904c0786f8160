package io.xiaoneng.approval.window.api;

import io.xiaoneng.approval.window.app.PostService;
import io.xiaoneng.approval.window.app.PostService.PostData;
import io.xiaoneng.approval.window.domain.StaffPost;
import io.xiaoneng.platform.http.EntityTags;
import io.xiaoneng.platform.http.IdempotencyKey;
import io.xiaoneng.platform.http.IdempotentRequests;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;

/**
 * Staff posts at the windows (岗位) and their holders. Officials read them (who holds which duty is internal, not
 * for applicants); the efficiency office (admin) maintains them.
 */
@Path("/api/v1/posts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Posts", description = "Staff posts at the windows (岗位): responsibilities and the officials assigned")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.EVALUATOR, Roles.ADMIN})
@APIResponse(responseCode = "401", description = "Missing or invalid token")
@APIResponse(responseCode = "403", description = "Not an official (or, for changes, not an administrator)")
public class PostResource {

    /** Keycloak usernames: letters, digits and . _ @ - (the realm's demo users are e.g. clerk-market). */
    static final String USERNAME_PATTERN = "[A-Za-z0-9._@-]+";

    @Inject
    PostService posts;

    @Inject
    CurrentUser user;

    @Inject
    IdempotentRequests idempotency;

    public record PostView(String code, String windowCode, String title, String responsibilities, List<String> assignees) {
        static PostView of(StaffPost p) {
            return new PostView(p.code, p.windowCode, p.title, p.responsibilities, p.sortedAssignees());
        }
    }

    public record PostChange(
            @NotBlank @Size(max = 40) String windowCode,
            @NotBlank @Size(max = 200) String title,
            @NotBlank @Size(max = 4000) String responsibilities,
            @NotNull @Size(max = 50) List<@NotBlank @Size(max = 100) @Pattern(regexp = USERNAME_PATTERN) String> assignees) {
        PostData data() {
            return new PostData(windowCode, title, responsibilities, assignees);
        }
    }

    public record NewPost(
            @NotBlank @Size(max = 40) @Pattern(regexp = WindowResource.CODE_PATTERN, message = "{xiaoneng.validation.code-format}") String code,
            @NotBlank @Size(max = 40) String windowCode,
            @NotBlank @Size(max = 200) String title,
            @NotBlank @Size(max = 4000) String responsibilities,
            @Size(max = 50) List<@NotBlank @Size(max = 100) @Pattern(regexp = USERNAME_PATTERN) String> assignees) {
        PostData data() {
            return new PostData(windowCode, title, responsibilities, assignees == null ? List.of() : assignees);
        }
    }

    @GET
    @Operation(operationId = "listPosts", summary = "List posts, optionally of one window or held by one official")
    @APIResponse(responseCode = "200", description = "The matching posts")
    public List<PostView> list(@QueryParam("window") String window, @QueryParam("assignee") String assignee) {
        return posts.list(Optional.ofNullable(window), Optional.ofNullable(assignee)).stream().map(PostView::of).toList();
    }

    @GET
    @Path("/{code}")
    @Operation(operationId = "getPost", summary = "One post by its code, with its ETag")
    @APIResponse(responseCode = "200", description = "The post; ETag for If-Match on updates",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = PostView.class)))
    @APIResponse(responseCode = "404", description = "No such post")
    public Response get(@PathParam("code") String code) {
        StaffPost p = posts.get(code);
        return EntityTags.ok(PostView.of(p), p.version);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createPost", summary = "Create a post at a window (admin); honours Idempotency-Key")
    @APIResponse(responseCode = "201", description = "Created (or the replay of the first response to this Idempotency-Key)",
            headers = @Header(name = "Location"), content = @Content(schema = @Schema(implementation = PostView.class)))
    @APIResponse(responseCode = "409", description = "The post exists already")
    @APIResponse(responseCode = "422", description = "Unknown window, or Idempotency-Key reused for a different request")
    public Response create(
            @Parameter(description = "Makes retries safe: 1-255 printable ASCII characters, e.g. a UUID")
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @NotNull NewPost body) {
        return idempotency.execute(idempotencyKey, body, () -> {
            StaffPost p = posts.create(user.username(), body.code(), body.data());
            return EntityTags.created("/api/v1/posts/" + p.code, PostView.of(p), p.version);
        });
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updatePost", summary = "Change a post and its holders (admin); requires If-Match")
    @APIResponse(responseCode = "200", description = "Updated; the new ETag",
            headers = @Header(name = "ETag"), content = @Content(schema = @Schema(implementation = PostView.class)))
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response update(
            @PathParam("code") String code,
            @Parameter(description = "The ETag of the version this change is based on", required = true)
            @HeaderParam(IfMatch.HEADER) String ifMatch,
            @Valid @NotNull PostChange body) {
        StaffPost p = posts.update(user.username(), code, IfMatch.required(ifMatch), body.data());
        return EntityTags.ok(PostView.of(p), p.version);
    }

    @DELETE
    @Path("/{code}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deletePost", summary = "Remove a post and its assignments (admin); requires If-Match")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response delete(
            @PathParam("code") String code,
            @Parameter(description = "The ETag of the version being removed", required = true)
            @HeaderParam(IfMatch.HEADER) String ifMatch) {
        posts.remove(user.username(), code, IfMatch.required(ifMatch));
        return Response.noContent().build();
    }
}
