package io.xiaoneng.platform.calendar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads one year of calendar data from the project's JSON format and checks it before anything can use it.
 *
 * <pre>{@code
 * {
 *   "year": 2025,
 *   "sources": ["https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm"],
 *   "holidays": [
 *     {"name": "元旦", "dates": ["2025-01-01"]},
 *     {"name": "春节", "dates": ["2025-01-28", "2025-01-29", ...]}
 *   ],
 *   "makeUpWorkdays": [
 *     {"name": "春节", "dates": ["2025-01-26", "2025-02-08"]}
 *   ]
 * }
 * }</pre>
 *
 * Every day is written out (no ranges), as ISO dates, so a file reads like the notice and a diff shows exactly which
 * days changed. {@code holidays} lists every day off of each break, weekend days inside it included;
 * {@code makeUpWorkdays} the weekend days worked instead. Both arrays are required, even when empty, and unknown
 * fields are refused: a misspelt {@code "makeupWorkdays"} would otherwise drop the make-up days without a word.
 * Duplicate keys are refused for the same reason.
 *
 * <p>All problems are collected and reported together in one {@link InvalidCalendarDataException}; the domain rules
 * are those of {@link CalendarYear#problemsOf}. Thread-safe.
 */
public final class CalendarYearParser {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> YEAR_FIELDS = Set.of("year", "sources", "holidays", "makeUpWorkdays");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "dates");

    private CalendarYearParser() {
    }

    /** Parses a year whose number is taken from the data itself (e.g. a file an administrator uploads). */
    public static CalendarYear parse(String json) {
        return parse(json, null);
    }

    /**
     * Parses a year that must be {@code expectedYear} (e.g. the file {@code 2025.json} must describe 2025).
     */
    public static CalendarYear parse(String json, int expectedYear) {
        return parse(json, Integer.valueOf(expectedYear));
    }

    private static CalendarYear parse(String json, Integer expectedYear) {
        String what = expectedYear == null ? "calendar year" : "calendar year " + expectedYear;
        JsonNode root = readTree(json, what);
        List<String> problems = new ArrayList<>();
        if (!root.isObject()) {
            throw new InvalidCalendarDataException(what, List.of("the document must be a JSON object"));
        }
        unknownFields(root, YEAR_FIELDS, "", problems);

        JsonNode yearNode = root.get("year");
        Integer year = null;
        if (yearNode == null || !yearNode.isIntegralNumber() || !yearNode.canConvertToInt()) {
            problems.add("year: required, an integer");
        } else {
            year = yearNode.intValue();
            if (expectedYear != null && year.intValue() != expectedYear.intValue()) {
                problems.add("year: is " + year + " but " + expectedYear + " was expected");
            }
        }

        List<String> sources = strings(root.get("sources"), "sources", problems);
        List<NamedDates> holidays = groups(root.get("holidays"), "holidays", problems);
        List<NamedDates> makeUps = groups(root.get("makeUpWorkdays"), "makeUpWorkdays", problems);

        if (year != null) {
            // Domain rules run even if the structure had problems, so one report lists everything found.
            problems.addAll(CalendarYear.problemsOf(year, sources, holidays, makeUps));
        }
        if (!problems.isEmpty()) {
            throw new InvalidCalendarDataException(year == null ? what : "calendar year " + year, problems);
        }
        return new CalendarYear(year, sources, holidays, makeUps);
    }

    /** Reads the index of bundled years: {@code {"years": [2024, 2025, 2026]}}. */
    static List<Integer> parseIndex(String json) {
        JsonNode root = readTree(json, "calendar index");
        List<String> problems = new ArrayList<>();
        List<Integer> years = new ArrayList<>();
        if (!root.isObject()) {
            throw new InvalidCalendarDataException("calendar index", List.of("the document must be a JSON object"));
        }
        unknownFields(root, Set.of("years"), "", problems);
        JsonNode node = root.get("years");
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add("years: required, a non-empty array of integers");
        } else {
            for (JsonNode item : node) {
                if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                    problems.add("years: " + item + " is not an integer");
                } else if (years.contains(item.intValue())) {
                    problems.add("years: " + item + " is listed twice");
                } else {
                    years.add(item.intValue());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidCalendarDataException("calendar index", problems);
        }
        return List.copyOf(years);
    }

    private static JsonNode readTree(String json, String what) {
        if (json == null || json.isBlank()) {
            throw new InvalidCalendarDataException(what, List.of("the document is empty"));
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidCalendarDataException(what, List.of("not valid JSON: " + e.getOriginalMessage()));
        }
    }

    private static void unknownFields(JsonNode object, Set<String> allowed, String prefix, List<String> problems) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(prefix + name + ": unknown field (allowed: " + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    private static List<String> strings(JsonNode node, String field, List<String> problems) {
        List<String> values = new ArrayList<>();
        if (node == null || !node.isArray()) {
            problems.add(field + ": required, an array of strings");
            return values;
        }
        for (JsonNode item : node) {
            if (item.isTextual()) {
                values.add(item.textValue());
            } else {
                problems.add(field + ": " + item + " is not a string");
            }
        }
        return values;
    }

    private static List<NamedDates> groups(JsonNode node, String field, List<String> problems) {
        List<NamedDates> groups = new ArrayList<>();
        if (node == null || !node.isArray()) {
            problems.add(field + ": required, an array of {\"name\", \"dates\"} objects (may be empty)");
            return groups;
        }
        int index = 0;
        for (JsonNode item : node) {
            String at = field + "[" + index++ + "]";
            if (!item.isObject()) {
                problems.add(at + ": must be an object with \"name\" and \"dates\"");
                continue;
            }
            unknownFields(item, GROUP_FIELDS, at + ".", problems);
            // A group with a structural problem already reported is left out of the domain checks, which would
            // otherwise report the same thing again ("group has no name", "group has no dates").
            boolean reported = false;
            JsonNode nameNode = item.get("name");
            String name = nameNode != null && nameNode.isTextual() ? nameNode.textValue() : null;
            if (name == null) {
                problems.add(at + ".name: required, a string");
                reported = true;
            }
            List<LocalDate> dates = new ArrayList<>();
            JsonNode datesNode = item.get("dates");
            if (datesNode == null || !datesNode.isArray()) {
                problems.add(at + ".dates: required, an array of ISO dates (yyyy-MM-dd)");
                reported = true;
            } else {
                for (JsonNode dateNode : datesNode) {
                    if (!dateNode.isTextual()) {
                        problems.add(at + ".dates: " + dateNode + " is not a string");
                        reported = true;
                        continue;
                    }
                    try {
                        // ISO_LOCAL_DATE resolves strictly: 2025-02-29 and 2025-2-3 are refused.
                        dates.add(LocalDate.parse(dateNode.textValue()));
                    } catch (DateTimeParseException e) {
                        problems.add(at + ".dates: '" + dateNode.textValue() + "' is not a valid date (yyyy-MM-dd)");
                        reported = true;
                    }
                }
            }
            if (!reported || (name != null && !dates.isEmpty())) {
                groups.add(new NamedDates(name, dates)); // keeps the good dates of a group with one bad date
            }
        }
        return groups;
    }
}
