package io.xiaoneng.platform.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * Strong entity tags derived from an entity's JPA {@code @Version}: {@code ETag: "7"}. The version changes with
 * every committed change of the row, which is exactly what optimistic locking needs; it reveals nothing but a
 * counter. Weak tags ({@code W/}) are never produced: {@code If-Match} compares strongly (RFC 9110 §13.1.1).
 */
public final class EntityTags {
    private EntityTags() {}

    /** The header value for {@code version}, quotes included. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** {@code 200 OK} with {@code entity} and its {@code ETag}. */
    public static Response ok(Object entity, long version) {
        return Response.ok(entity).header(HttpHeaders.ETAG, of(version)).build();
    }

    /**
     * {@code 201 Created} with the new resource's {@code Location} ({@code location}, a path the client resolves
     * against the request), the entity and its {@code ETag}: the client can change it next without reading it again.
     */
    public static Response created(String location, Object entity, long version) {
        return Response.created(URI.create(location)).entity(entity).header(HttpHeaders.ETAG, of(version)).build();
    }
}
