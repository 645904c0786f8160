package io.xiaoneng.approval.catalog.app;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader, enough for catalog import files and nothing more: comma-separated, fields optionally in
 * double quotes, a quote inside a quoted field doubled ({@code ""}), line breaks inside quoted fields, CRLF or LF
 * line ends, and a leading UTF-8 byte-order mark (Excel writes one when saving "CSV UTF-8"). Written here rather
 * than pulled in as a library because these few rules are all an import needs.
 */
final class Csv {
    private Csv() {}

    /**
     * The file is not well-formed CSV: {@code record} is the 1-based number of the record concerned (header
     * included), {@code reason} the message key suffix ({@code field.catalog.csv-<reason>}).
     */
    static final class MalformedCsvException extends RuntimeException {
        final int record;
        final String reason;

        MalformedCsvException(int record, String reason) {
            super("malformed CSV in record " + record + ": " + reason);
            this.record = record;
            this.reason = reason;
        }
    }

    /**
     * The records of {@code text}, each a list of fields, in file order. A line that is completely empty is kept
     * as an empty record (so record numbers stay those of the file); a final line break does not start a record.
     */
    static List<List<String>> parse(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;       // inside a quoted field
        boolean afterQuote = false;   // a quoted field was closed: only a separator or a line end may follow
        boolean fieldStarted = false; // the current record has content (distinguishes "" from no record at all)
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    afterQuote = true;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                fieldStarted = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                records.add(fieldStarted || field.length() > 0 || afterQuote ? record : List.of());
                record = new ArrayList<>();
                field.setLength(0);
                afterQuote = false;
                fieldStarted = false;
            } else if (afterQuote) {
                throw new MalformedCsvException(records.size() + 1, "text-after-quote");
            } else if (c == '"') {
                if (field.length() > 0) {
                    throw new MalformedCsvException(records.size() + 1, "quote-in-field");
                }
                quoted = true;
                fieldStarted = true;
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new MalformedCsvException(records.size() + 1, "unclosed-quote");
        }
        if (fieldStarted || field.length() > 0 || afterQuote || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
