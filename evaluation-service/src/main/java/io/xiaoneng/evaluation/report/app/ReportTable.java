package io.xiaoneng.evaluation.report.app;

import java.util.List;

/**
 * One section of the yearly report as a table: what the JSON shows, one CSV block and one XLSX sheet. Cells are
 * strings, numbers (BigDecimal or integral), booleans or null; the order of rows is part of the content.
 *
 * @param key   stable machine name of the section (also the XLSX sheet name, at most 31 characters)
 * @param title human title (Chinese, as published)
 */
public record ReportTable(String key, String title, List<String> columns, List<List<Object>> rows) {

    public ReportTable {
        if (key.length() > 31) {
            throw new IllegalArgumentException("section keys name XLSX sheets: at most 31 characters");
        }
        rows.forEach(r -> {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("row width differs from the columns of " + key);
            }
        });
    }
}
