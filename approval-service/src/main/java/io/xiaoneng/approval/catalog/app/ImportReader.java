package io.xiaoneng.approval.catalog.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xiaoneng.approval.catalog.domain.ItemTerms;
import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.problem.ProblemException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an import file into rows: CSV and JSON both become one JSON object per item with the members of
 * {@link ImportRow}, which is then read strictly, member by member, so that every wrong value of every row is
 * reported (not only the first one, as a data binder would).
 */
final class ImportReader {
    private ImportReader() {}

    /** One item of the file: its 1-based number among the data rows, and its members. */
    record RowInput(int row, ObjectNode node) {}

    /** Amounts as exact decimals; a key given twice is an error rather than "the last one wins". */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Set<String> INTEGERS = Set.of("statutoryLimitDays", "committedLimitDays", "maxVisits");
    private static final Set<String> BOOLEANS = Set.of("online", "acceptWithPledge", "composite");
    private static final Set<String> JSON_CELLS = Set.of("fees", "materials");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");
    /** participatingDepartments in a CSV cell: codes separated by ";" (or the full-width "；" of a Chinese keyboard). */
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[;；]");
    private static final List<String> FEE_FIELDS = List.of("name", "legalBasis", "lowerStandard", "upperStandard", "unit");
    private static final List<String> MATERIAL_FIELDS = List.of("name", "form", "copies", "mandatory");

    // --- CSV ------------------------------------------------------------------------------------------------------

    /**
     * The rows of a CSV file whose first record is the header naming the columns (any order, names as in
     * {@link ImportRow#FIELDS}). Header problems are file errors and leave no rows: without a valid header no cell
     * can be interpreted.
     */
    static List<RowInput> csv(String text, ImportErrors errors) {
        List<List<String>> records;
        try {
            records = Csv.parse(text);
        } catch (Csv.MalformedCsvException e) {
            // Record 1 is the header, so data row n is record n + 1.
            errors.add(e.record > 1 ? e.record - 1 : null, null, "field.catalog.csv-" + e.reason);
            return List.of();
        }
        if (records.isEmpty() || records.get(0).isEmpty()) {
            errors.add(null, null, "field.catalog.csv-no-header", String.join(",", ImportRow.FIELDS));
            return List.of();
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        Set<String> seen = new HashSet<>();
        for (String column : header) {
            if (!ImportRow.FIELDS.contains(column)) {
                errors.add(null, column, "field.catalog.unknown-column", String.join(", ", ImportRow.FIELDS));
            } else if (!seen.add(column)) {
                errors.add(null, column, "field.catalog.duplicate-column");
            }
        }
        for (String required : ImportRow.REQUIRED) {
            if (!header.contains(required)) {
                errors.add(null, required, "field.catalog.missing-column");
            }
        }
        if (!errors.isEmpty()) {
            return List.of();
        }
        List<RowInput> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> cells = records.get(i);
            if (cells.isEmpty() || cells.stream().allMatch(String::isBlank)) {
                continue; // an empty line (often the last ones of a spreadsheet export) is no item
            }
            if (cells.size() > header.size()) {
                errors.add(i, null, "field.catalog.csv-too-many-cells", cells.size(), header.size());
                continue;
            }
            ObjectNode node = NODES.objectNode();
            for (int c = 0; c < cells.size(); c++) {
                String value = cells.get(c).strip();
                if (!value.isEmpty()) {
                    node.set(header.get(c), cellValue(i, header.get(c), value, errors));
                }
            }
            rows.add(new RowInput(i, node));
        }
        return rows;
    }

    /**
     * A CSV cell as the JSON value it stands for. A cell that does not convert stays text, and the row reader then
     * reports "must be an integer" etc. at that column, exactly as for a JSON file.
     */
    private static JsonNode cellValue(int row, String column, String value, ImportErrors errors) {
        if (INTEGERS.contains(column) && INTEGER.matcher(value).matches()) {
            return NODES.numberNode(Integer.parseInt(value));
        }
        if (BOOLEANS.contains(column)) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "是" -> {
                    return NODES.booleanNode(true);
                }
                case "false", "否" -> {
                    return NODES.booleanNode(false);
                }
                default -> {
                    return NODES.textNode(value);
                }
            }
        }
        if (column.equals("participatingDepartments")) {
            ArrayNode codes = NODES.arrayNode();
            Arrays.stream(LIST_SEPARATOR.split(value)).map(String::strip).filter(s -> !s.isEmpty()).forEach(codes::add);
            return codes;
        }
        if (JSON_CELLS.contains(column)) {
            try {
                return MAPPER.readTree(value);
            } catch (JsonProcessingException e) {
                errors.add(row, column, "field.catalog.invalid-json-cell");
                return NODES.nullNode(); // reported; the row reader skips null
            }
        }
        return NODES.textNode(value);
    }

    // --- JSON -----------------------------------------------------------------------------------------------------

    /** The rows of {@code {"items": [ {...}, ... ]}}; unparseable JSON is a 400 like any other malformed body. */
    static List<RowInput> json(String text, ImportErrors errors) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            if (at != null && at.getLineNr() > 0 && at.getColumnNr() > 0) {
                throw new BadRequestProblem(ProblemCodes.MALFORMED_JSON, "malformed-json", at.getLineNr(), at.getColumnNr());
            }
            throw new BadRequestProblem(ProblemCodes.MALFORMED_JSON, "malformed-json-no-location");
        }
        if (root == null || !root.isObject() || !root.path("items").isArray()) {
            errors.add(null, "items", "field.catalog.items-required");
            return List.of();
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("items")) {
                errors.add(null, name, "field.unknown-property");
            }
        }
        List<RowInput> rows = new ArrayList<>();
        int row = 0;
        for (JsonNode item : root.get("items")) {
            row++;
            if (item.isObject()) {
                rows.add(new RowInput(row, (ObjectNode) item));
            } else {
                errors.add(row, null, "field.wrong-type", Map.of("0", jsonType("object")), "must be an object");
            }
        }
        return rows;
    }

    // --- one row --------------------------------------------------------------------------------------------------

    /** Reads the members of one row strictly; every problem is added to {@code errors} at {@code row}. */
    static ImportRow read(RowInput input, ImportErrors errors) {
        Fields f = new Fields(input.row(), input.node(), errors);
        f.unknown(ImportRow.FIELDS);
        return new ImportRow(
                f.text("implementationCode"), f.text("basicCode"), f.text("departmentCode"), f.text("name"),
                f.text("category"), f.text("legalBasis"),
                f.integer("statutoryLimitDays"), f.integer("committedLimitDays"),
                f.bool("online", false), orDefault(f.integer("maxVisits"), 1), f.text("windowCode"),
                f.bool("acceptWithPledge", false), f.bool("composite", false), f.text("leadDepartment"),
                f.strings("participatingDepartments"), f.fees(), f.materials(),
                f.text("cancelDocument"), f.date("cancelledOn"));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static ProblemException.Msg jsonType(String type) {
        return new ProblemException.Msg("jsontype." + type, type);
    }

    /** Typed access to the members of one object, reporting wrong types at their JSON path. */
    private record Fields(int row, JsonNode node, ImportErrors errors, String prefix) {

        Fields(int row, JsonNode node, ImportErrors errors) {
            this(row, node, errors, "");
        }

        void unknown(List<String> allowed) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    errors.add(row, prefix + name, "field.unknown-property");
                }
            }
        }

        private JsonNode value(String name) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? null : value;
        }

        private void wrongType(String name, String type) {
            errors.add(row, prefix + name, "field.wrong-type", Map.of("0", jsonType(type)), "must be " + type);
        }

        String text(String name) {
            JsonNode value = value(name);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                wrongType(name, "string");
                return null;
            }
            String text = value.textValue().strip();
            return text.isEmpty() ? null : text;
        }

        Integer integer(String name) {
            JsonNode value = value(name);
            if (value == null) {
                return null;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                wrongType(name, "integer");
                return null;
            }
            return value.intValue();
        }

        boolean bool(String name, boolean fallback) {
            JsonNode value = value(name);
            if (value == null) {
                return fallback;
            }
            if (!value.isBoolean()) {
                wrongType(name, "boolean");
                return fallback;
            }
            return value.booleanValue();
        }

        BigDecimal amount(String name) {
            JsonNode value = value(name);
            if (value == null) {
                return null;
            }
            if (!value.isNumber()) {
                wrongType(name, "number");
                return null;
            }
            return value.decimalValue();
        }

        LocalDate date(String name) {
            String text = text(name);
            if (text == null) {
                return null;
            }
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                errors.add(row, prefix + name, "field.catalog.invalid-date");
                return null;
            }
        }

        List<String> strings(String name) {
            JsonNode value = value(name);
            if (value == null) {
                return List.of();
            }
            if (!value.isArray()) {
                wrongType(name, "array");
                return List.of();
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (element.isTextual()) {
                    values.add(element.textValue().strip());
                } else {
                    wrongType(name + "[" + i + "]", "string");
                }
            }
            return values;
        }

        private List<Fields> objects(String name) {
            JsonNode value = value(name);
            if (value == null) {
                return List.of();
            }
            if (!value.isArray()) {
                wrongType(name, "array");
                return List.of();
            }
            List<Fields> objects = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                String at = prefix + name + "[" + i + "]";
                if (element.isObject()) {
                    objects.add(new Fields(row, element, errors, at + "."));
                } else {
                    errors.add(row, at, "field.wrong-type", Map.of("0", jsonType("object")), "must be an object");
                }
            }
            return objects;
        }

        List<ImportRow.Fee> fees() {
            List<ImportRow.Fee> fees = new ArrayList<>();
            for (Fields fee : objects("fees")) {
                fee.unknown(FEE_FIELDS);
                fees.add(new ImportRow.Fee(fee.text("name"), fee.text("legalBasis"), fee.amount("lowerStandard"),
                        fee.amount("upperStandard"), fee.text("unit")));
            }
            return fees;
        }

        List<ImportRow.Material> materials() {
            List<ImportRow.Material> materials = new ArrayList<>();
            for (Fields material : objects("materials")) {
                material.unknown(MATERIAL_FIELDS);
                String formText = material.text("form");
                ItemTerms.Form form = null;
                if (formText != null) {
                    try {
                        form = ItemTerms.Form.valueOf(formText);
                    } catch (IllegalArgumentException e) {
                        errors.add(material.row, material.prefix + "form", "field.unknown-value",
                                Arrays.stream(ItemTerms.Form.values()).map(Enum::name).reduce((a, b) -> a + ", " + b).orElseThrow());
                    }
                }
                Integer copies = material.integer("copies");
                materials.add(new ImportRow.Material(material.text("name"), form, copies == null ? 1 : copies,
                        material.bool("mandatory", true)));
            }
            return materials;
        }
    }
}
