package io.xiaoneng.evaluation.report.app;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/** The published snapshot as CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read the Chinese) and as XLSX. */
public final class ReportExports {
    private ReportExports() {}

    /**
     * All sections, each as a title line, a header line and its rows, separated by an empty line; or only {@code section}
     * as a plain table (header + rows).
     */
    public static String csv(ReportBuilder.Content content, String section) {
        StringBuilder out = new StringBuilder("\uFEFF");
        boolean first = true;
        for (ReportTable t : content.sections()) {
            if (section != null && !section.equals(t.key())) {
                continue;
            }
            if (section == null) {
                if (!first) {
                    out.append("\r\n");
                }
                line(out, List.of(t.key(), t.title()));
            }
            first = false;
            line(out, List.copyOf(t.columns()));
            t.rows().forEach(r -> line(out, r));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
        // A leading = + - @ would be a formula to a spreadsheet (CSV injection); department names are entered by people.
        if (!(value instanceof Number) && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** One worksheet per section (named by its key): title in A1, header in row 2, numbers as numbers. */
    public static byte[] xlsx(ReportBuilder.Content content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(bytes, "Xiaoneng", "1.0");
            for (ReportTable t : content.sections()) {
                Worksheet ws = wb.newWorksheet(t.key());
                ws.value(0, 0, t.title());
                ws.value(0, 1, content.year());
                for (int c = 0; c < t.columns().size(); c++) {
                    ws.value(1, c, t.columns().get(c));
                }
                for (int r = 0; r < t.rows().size(); r++) {
                    List<Object> row = t.rows().get(r);
                    for (int c = 0; c < row.size(); c++) {
                        Object v = row.get(c);
                        if (v instanceof Number n) {
                            ws.value(r + 2, c, n);
                        } else if (v instanceof Boolean b) {
                            ws.value(r + 2, c, b);
                        } else if (v != null) {
                            ws.value(r + 2, c, String.valueOf(v));
                        }
                    }
                }
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
