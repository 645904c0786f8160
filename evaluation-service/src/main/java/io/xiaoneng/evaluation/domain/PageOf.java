package io.xiaoneng.evaluation.domain;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;

import java.util.List;

/** One page of a list, and how many there are in all (the resources add the page and size they were asked for). */
public record PageOf<T>(List<T> items, long total) {

    /** The page of {@code query}, whose order must be stable from page to page (end its sort on a key). */
    public static <T> PageOf<T> of(PanacheQuery<T> query, int page, int size) {
        return new PageOf<>(query.page(Page.of(page, size)).list(), query.count());
    }

    /** Nothing the caller may see. */
    public static <T> PageOf<T> empty() {
        return new PageOf<>(List.of(), 0);
    }
}
