package io.xiaoneng.approval.catalog.app;

import io.xiaoneng.approval.catalog.domain.CatalogItem;
import io.xiaoneng.approval.catalog.domain.CatalogRuleViolation;
import io.xiaoneng.approval.catalog.domain.ItemTerms;
import io.xiaoneng.platform.persistence.TransactionLocks;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bulk import of catalog items from CSV or JSON (format: approval-service README, "Catalog import").
 *
 * <p><b>All or nothing.</b> Every row is checked first — field formats, the catalog rules, references to
 * departments, duplicates within the file, and what the row would do to an existing item — and every error is
 * reported with its row and field in one 422 problem. Only a file without any error is applied, in the same
 * transaction, through {@link CatalogService}, so each change publishes its event exactly as through the API. Two
 * imports never interleave (a transaction-scoped advisory lock), and a failure while applying (e.g. a concurrent
 * registration of the same code) rolls the whole file back.
 *
 * <p>A row describes an item as it should be: an unknown code is registered; a known retained item gets a new
 * version if its terms differ and stays as it is otherwise; {@code cancelDocument} + {@code cancelledOn} cancel it.
 * A cancelled item cannot be changed; a row repeating its last terms with a cancellation is "unchanged".
 */
@ApplicationScoped
public class CatalogImport {

    /** Key of the advisory lock that serializes imports ("CATI" in ASCII). */
    static final long IMPORT_LOCK = 0x43415449L;
    /** Beyond this many errors, the problem lists the first ones and says how many there are in all. */
    static final int MAX_REPORTED_ERRORS = 500;

    private static final Pattern TEMPLATE_KEY = Pattern.compile("\\{([^{}]+)}");

    @Inject
    CatalogService catalog;

    @Inject
    EntityManager em;

    @Inject
    Validator validator;

    @ConfigProperty(name = "xiaoneng.catalog.import.max-rows", defaultValue = "5000")
    int maxRows;

    /** What an accepted file did. */
    public record Result(int rows, int registered, int revised, int cancelled, int unchanged) {}

    /** 422 {@code import-rejected}: the file had errors, listed in {@code errors}; nothing was imported. */
    public static final class Rejected extends UnprocessableProblem {
        Rejected(long rowsWithErrors, int rows, int errorCount) {
            super("import-rejected", "catalog.import-rejected", rowsWithErrors, rows);
            withProperty("errorCount", errorCount);
        }
    }

    public enum Format { CSV, JSON }

    /**
     * Checks the whole file and imports it, or nothing.
     *
     * @param charset the {@code charset} of the Content-Type; null means UTF-8. Excel on a Chinese Windows saves
     *                "CSV" in GB18030/GBK: such a file is refused with a hint, rather than read as mojibake.
     */
    @Transactional
    public Result importFile(String actor, Format format, byte[] content, String charset) {
        ImportErrors errors = new ImportErrors();
        String text = decode(content, charset, errors);
        if (text == null) {
            throw reject(errors, 0);
        }
        List<ImportReader.RowInput> inputs = format == Format.CSV ? ImportReader.csv(text, errors) : ImportReader.json(text, errors);
        if (inputs.isEmpty() && errors.isEmpty()) {
            errors.add(null, null, "field.catalog.no-rows");
        }
        if (inputs.size() > maxRows) {
            errors.add(null, null, "field.catalog.too-many-rows", inputs.size(), maxRows);
        }
        if (!errors.isEmpty() && inputs.isEmpty() || inputs.size() > maxRows) {
            throw reject(errors, inputs.size());
        }
        TransactionLocks.exclusive(em, IMPORT_LOCK);

        Set<String> departments = Set.copyOf(em.createQuery("select d.code from Department d", String.class).getResultList());
        Map<String, CatalogItem> existing = existingItems(inputs);
        Map<String, Integer> firstRowOfCode = new HashMap<>();
        List<Planned> plan = new ArrayList<>();
        for (ImportReader.RowInput input : inputs) {
            ImportRow row = ImportReader.read(input, errors);
            int n = input.row();
            validate(n, row, errors);
            checkRules(n, row, errors);
            checkDepartments(n, row, departments, errors);
            if (row.implementationCode() != null) {
                Integer first = firstRowOfCode.putIfAbsent(row.implementationCode(), n);
                if (first != null) {
                    errors.add(n, "implementationCode", "field.catalog.duplicate-row", first);
                }
            }
            if (!errors.hasRow(n)) { // what the row would do to an existing item needs a complete row
                plan.add(plan(n, row, existing.get(row.implementationCode()), errors));
            }
        }
        if (!errors.isEmpty()) {
            throw reject(errors, inputs.size());
        }
        return apply(actor, plan, inputs.size());
    }

    /** The file as text, decoded strictly; null (with a file error) when it is not text in that charset. */
    private static String decode(byte[] content, String charset, ImportErrors errors) {
        Charset cs;
        try {
            cs = charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset.strip());
        } catch (IllegalArgumentException e) { // unknown or illegal charset name
            errors.add(null, null, "field.catalog.unsupported-charset", charset);
            return null;
        }
        try {
            return cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content == null ? new byte[0] : content))
                    .toString();
        } catch (CharacterCodingException e) {
            errors.add(null, null, "field.catalog.not-decodable", cs.name());
            return null;
        }
    }

    private Map<String, CatalogItem> existingItems(List<ImportReader.RowInput> inputs) {
        List<String> codes = inputs.stream().map(i -> i.node().path("implementationCode"))
                .filter(n -> n.isTextual()).map(n -> n.textValue().strip()).distinct().toList();
        Map<String, CatalogItem> items = new HashMap<>();
        for (int from = 0; from < codes.size(); from += 1000) { // bounded IN lists
            List<String> chunk = codes.subList(from, Math.min(codes.size(), from + 1000));
            em.createQuery("from CatalogItem where implementationCode in :codes", CatalogItem.class)
                    .setParameter("codes", chunk).getResultList()
                    .forEach(item -> items.put(item.implementationCode, item));
        }
        return items;
    }

    /** Bean Validation of the row; a field whose value the reader already refused is not reported twice. */
    private void validate(int n, ImportRow row, ImportErrors errors) {
        List<ConstraintViolation<ImportRow>> violations = new ArrayList<>(validator.validate(row));
        violations.sort((a, b) -> Integer.compare(fieldOrder(a), fieldOrder(b)));
        for (ConstraintViolation<ImportRow> violation : violations) {
            String field = violation.getPropertyPath().toString().replace(".<list element>", "");
            if (errors.has(n, field)) {
                continue;
            }
            Matcher key = TEMPLATE_KEY.matcher(violation.getMessageTemplate());
            Map<String, Object> attributes = new LinkedHashMap<>();
            violation.getConstraintDescriptor().getAttributes().forEach((name, value) -> {
                if (!Set.of("message", "groups", "payload").contains(name)) {
                    attributes.put(name, value);
                }
            });
            errors.add(n, field, key.matches() ? key.group(1) : "-literal-", attributes, violation.getMessage());
        }
    }

    private static int fieldOrder(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int end = path.indexOf('[') >= 0 ? path.indexOf('[') : path.indexOf('.') >= 0 ? path.indexOf('.') : path.length();
        return ImportRow.FIELDS.indexOf(path.substring(0, end));
    }

    /** The catalog rules (committed ≤ statutory, fee ranges, parallel approval) and the cancellation pair. */
    private void checkRules(int n, ImportRow row, ImportErrors errors) {
        if (row.statutoryLimitDays() != null && row.committedLimitDays() != null) {
            for (CatalogRuleViolation violation : row.termsForRules().violations()) {
                if (!errors.has(n, violation.field())) {
                    errors.add(n, violation.field(), "detail.catalog." + violation.rule(), violation.args());
                }
            }
        }
        if (row.cancelDocument() == null && row.cancelledOn() != null && !errors.has(n, "cancelDocument")) {
            errors.add(n, "cancelDocument", "field.catalog.cancel-pair");
        }
        if (row.cancelledOn() == null && row.cancelDocument() != null && !errors.has(n, "cancelledOn")) {
            errors.add(n, "cancelledOn", "field.catalog.cancel-pair");
        }
    }

    private void checkDepartments(int n, ImportRow row, Set<String> departments, ImportErrors errors) {
        ProblemException.Msg kind = new ProblemException.Msg("kind.department", "department");
        if (row.departmentCode() != null && !departments.contains(row.departmentCode()) && !errors.has(n, "departmentCode")) {
            errors.add(n, "departmentCode", "field.reference-not-found", kind, row.departmentCode());
        }
        if (row.leadDepartment() != null && !departments.contains(row.leadDepartment()) && !errors.has(n, "leadDepartment")) {
            errors.add(n, "leadDepartment", "field.reference-not-found", kind, row.leadDepartment());
        }
        List<String> participating = row.participatingDepartments();
        for (int i = 0; i < participating.size(); i++) {
            String code = participating.get(i);
            String field = "participatingDepartments[" + i + "]";
            if (code != null && !code.isBlank() && !departments.contains(code) && !errors.has(n, field)) {
                errors.add(n, field, "field.reference-not-found", kind, code);
            }
        }
    }

    private enum Action { REGISTER, REVISE, NONE }

    private record Planned(ImportRow row, ItemTerms terms, Action action, boolean cancel) {}

    /** What the (valid) row does to the catalog; refuses what an existing item does not allow. */
    private Planned plan(int n, ImportRow row, CatalogItem item, ImportErrors errors) {
        ItemTerms terms = row.terms();
        if (item == null) {
            return new Planned(row, terms, Action.REGISTER, row.cancels());
        }
        // Codes and owner identify the item; they are not terms and cannot be changed by a new version.
        if (!item.basicCode.equals(row.basicCode())) {
            errors.add(n, "basicCode", "field.catalog.immutable", item.basicCode);
        }
        if (!item.departmentCode.equals(row.departmentCode())) {
            errors.add(n, "departmentCode", "field.catalog.immutable", item.departmentCode);
        }
        boolean same = catalog.version(item.implementationCode, item.currentVersion).terms().normalized().equals(terms.normalized());
        if (!item.isRetained()) {
            if (!same || !row.cancels()) {
                errors.add(n, "implementationCode", "field.catalog.item-cancelled", item.cancelDocument);
            }
            return new Planned(row, terms, Action.NONE, false);
        }
        return new Planned(row, terms, same ? Action.NONE : Action.REVISE, row.cancels());
    }

    private Result apply(String actor, List<Planned> plan, int rows) {
        int registered = 0;
        int revised = 0;
        int cancelled = 0;
        int unchanged = 0;
        for (Planned p : plan) {
            ImportRow row = p.row();
            switch (p.action()) {
                case REGISTER -> {
                    catalog.register(actor, row.implementationCode(), row.basicCode(), row.departmentCode(), p.terms());
                    registered++;
                }
                case REVISE -> {
                    catalog.revise(actor, row.implementationCode(), null, p.terms());
                    revised++;
                }
                case NONE -> {
                    if (!p.cancel()) {
                        unchanged++;
                    }
                }
            }
            if (p.cancel()) {
                catalog.cancel(actor, row.implementationCode(), null, row.cancelDocument(), row.cancelledOn());
                cancelled++;
            }
        }
        return new Result(rows, registered, revised, cancelled, unchanged);
    }

    private static Rejected reject(ImportErrors errors, int rows) {
        List<ProblemException.FieldErrorSpec> all = errors.sorted();
        Rejected problem = new Rejected(errors.rowsWithErrors(), rows, all.size());
        all.stream().limit(MAX_REPORTED_ERRORS).forEach(problem::withFieldError);
        return problem;
    }
}
