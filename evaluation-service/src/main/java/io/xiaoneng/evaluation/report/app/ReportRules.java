package io.xiaoneng.evaluation.report.app;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules a report's figures are computed by, versioned. A published report never changes, but the code that
 * computes reports does: when a later version computes a section differently, the verification of a report
 * published before would find that section changed although no fact did. Each report therefore keeps the version it
 * was computed under, and the verification names the sections whose rules changed since then apart from the others.
 *
 * <p>Every change to <em>what</em> a section computes (not to how fast) raises {@link #CURRENT} and names the sections
 * it changed in {@link #CHANGES}.
 */
public final class ReportRules {
    private ReportRules() {}

    /**
     * <ol>
     * <li>The first published rules.</li>
     * <li>Personal grade counts of a group smaller than the minimum cell size are not published (they would tell who
     *     got which grade); the section gains the column {@code suppressed}.</li>
     * </ol>
     */
    public static final int CURRENT = 2;

    /** Per version, the sections it computes differently from the version before. */
    private static final Map<Integer, Set<String>> CHANGES = Map.of(
            2, Set.of("personal-grades"));

    /** The sections whose rules changed after {@code version}, sorted. */
    public static List<String> changedSince(int version) {
        TreeSet<String> sections = new TreeSet<>();
        for (int v = version + 1; v <= CURRENT; v++) {
            sections.addAll(CHANGES.getOrDefault(v, Set.of()));
        }
        return List.copyOf(sections);
    }
}
