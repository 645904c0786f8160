package io.xiaoneng.platform.http;

import jakarta.persistence.Query;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The page a list request asks for, the same on every list of every service: {@code ?page=} from 0 and
 * {@code ?size=} from 1 to {@value #MAX_SIZE} (default {@value #DEFAULT_SIZE}). Out of range → 400 with the field
 * named. The order of every paged list must be stable from page to page (end its sort on a unique key).
 *
 * <pre>{@code
 * @GET
 * public PageOf<ThingView> list(@QueryParam("status") Status status, @Valid @BeanParam PageRequest page) {
 *     return things.list(status, page).map(ThingView::of);
 * }
 * }</pre>
 */
public class PageRequest {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Far beyond any real list; bounds the offset a client can make the database skip. */
    public static final int MAX_PAGE = 100_000;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(0)
    @Max(MAX_PAGE)
    @Parameter(description = "Page number, from 0")
    public int page;

    @QueryParam("size")
    @DefaultValue("" + DEFAULT_SIZE)
    @Min(1)
    @Max(MAX_SIZE)
    @Parameter(description = "Page size, 1 to " + MAX_SIZE)
    public int size;

    /** For the framework, which fills in the fields from the query. */
    public PageRequest() {
        this(0, DEFAULT_SIZE);
    }

    private PageRequest(int page, int size) {
        this.page = page;
        this.size = size;
    }

    /** A page asked for in code (jobs, tests); the bounds are the caller's business there. */
    public static PageRequest of(int page, int size) {
        if (page < 0 || size < 1) {
            throw new IllegalArgumentException("page " + page + ", size " + size);
        }
        return new PageRequest(page, size);
    }

    /** Rows to skip before this page. */
    public long offset() {
        return (long) page * size;
    }

    /** Limits a JPA or native query, whose order must be stable, to this page's rows; the same query is returned. */
    public <Q extends Query> Q applyTo(Q query) {
        query.setFirstResult(Math.toIntExact(offset()));
        query.setMaxResults(size);
        return query;
    }

    @Override
    public String toString() {
        return "page " + page + ", size " + size;
    }
}
