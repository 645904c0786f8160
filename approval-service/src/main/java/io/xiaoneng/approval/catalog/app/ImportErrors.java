package io.xiaoneng.approval.catalog.app;

import io.xiaoneng.platform.problem.ProblemException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The errors found in an import file, each at a row (1-based; null for the file as a whole, e.g. its header) and
 * a field, with a message key rendered in the caller's language when the problem is sent.
 */
final class ImportErrors {

    private final List<ProblemException.FieldErrorSpec> errors = new ArrayList<>();

    /** Adds an error whose text is the bundle entry {@code key} with positional arguments {@code {0}}, {@code {1}}, …. */
    void add(Integer row, String field, String key, Object... args) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            named.put(String.valueOf(i), args[i]);
        }
        add(row, field, key, named, key);
    }

    void add(Integer row, String field, String key, Map<String, Object> arguments, String fallback) {
        errors.add(new ProblemException.FieldErrorSpec(field, key, arguments, fallback, row));
    }

    /** Whether the field (or an element of it, {@code fees} covers {@code fees[0].name}) already has an error in the row. */
    boolean has(int row, String field) {
        return errors.stream().anyMatch(e -> e.row() != null && e.row() == row && e.field() != null
                && (e.field().equals(field) || e.field().startsWith(field + ".") || e.field().startsWith(field + "[")));
    }

    boolean hasRow(int row) {
        return errors.stream().anyMatch(e -> e.row() != null && e.row() == row);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    long rowsWithErrors() {
        return errors.stream().map(ProblemException.FieldErrorSpec::row).filter(r -> r != null).distinct().count();
    }

    /** File errors first, then by row; within a row in the order found (which follows the column order). */
    List<ProblemException.FieldErrorSpec> sorted() {
        return errors.stream()
                .sorted(Comparator.comparing(ProblemException.FieldErrorSpec::row, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }
}
