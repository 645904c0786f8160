package io.xiaoneng.platform.http;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import jakarta.persistence.TypedQuery;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list as every service returns it: the items, how many there are in all, and the page and size
 * that were asked for ({@link PageRequest}).
 */
public record PageOf<T>(List<T> items, long total, int page, int size) {

    public PageOf {
        items = List.copyOf(items);
    }

    /** The requested page of {@code query}, whose order must be stable from page to page (end its sort on a key). */
    public static <T> PageOf<T> of(PanacheQuery<T> query, PageRequest request) {
        return new PageOf<>(query.page(Page.of(request.page, request.size)).list(), query.count(), request.page, request.size);
    }

    /** The requested page of {@code select}, whose order must be stable, and the total that {@code count} counts. */
    public static <T> PageOf<T> of(TypedQuery<T> select, TypedQuery<Long> count, PageRequest request) {
        return new PageOf<>(request.applyTo(select).getResultList(), count.getSingleResult(), request.page, request.size);
    }

    /** Items fetched by the caller (a native query with its own LIMIT/OFFSET) and their total count. */
    public static <T> PageOf<T> of(List<T> items, long total, PageRequest request) {
        return new PageOf<>(items, total, request.page, request.size);
    }

    /** Nothing the caller may see. */
    public static <T> PageOf<T> empty(PageRequest request) {
        return new PageOf<>(List.of(), 0, request.page, request.size);
    }

    /** The same page with each item turned into its view. */
    public <R> PageOf<R> map(Function<? super T, ? extends R> view) {
        return new PageOf<>(items.stream().<R>map(view).toList(), total, page, size);
    }
}
