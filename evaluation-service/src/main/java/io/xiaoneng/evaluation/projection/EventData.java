package io.xiaoneng.evaluation.projection;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reading optional members of an event's JSON data (the schema has already been checked). */
final class EventData {
    private EventData() {}

    static String text(JsonNode data, String field) {
        JsonNode n = data.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    static Boolean bool(JsonNode data, String field) {
        JsonNode n = data.get(field);
        return n == null || n.isNull() ? null : n.asBoolean();
    }

    static Integer integer(JsonNode data, String field) {
        JsonNode n = data.get(field);
        return n == null || n.isNull() ? null : n.asInt();
    }

    static OffsetDateTime time(JsonNode data, String field) {
        String t = text(data, field);
        return t == null ? null : OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static LocalDate date(JsonNode data, String field) {
        String t = text(data, field);
        return t == null ? null : LocalDate.parse(t);
    }

    /**
     * A string array joined with commas, for {@code string_to_array(?, ',')} in SQL: codes and usernames cannot
     * contain commas (their schemas' patterns), and binding a text is portable where binding a Java array is not.
     */
    static String joined(JsonNode data, String field) {
        List<String> out = new ArrayList<>();
        JsonNode n = data.get(field);
        if (n != null && n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        }
        return String.join(",", out);
    }
}
