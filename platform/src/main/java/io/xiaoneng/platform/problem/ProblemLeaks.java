package io.xiaoneng.platform.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule "no stack trace, SQL, SQLState, Java class or package name in a response body", as a check. It ships
 * with the platform (not as test code of one module) so that the tests of every service assert the same rule on
 * every problem response they see: {@code assertThat(ProblemLeaks.find(body)).isEmpty()}.
 *
 * <p>The patterns are deliberately broad; a false alarm costs a rephrased message, a miss costs a leak.
 */
public final class ProblemLeaks {
    private ProblemLeaks() {}

    private record Rule(String name, Pattern pattern) {}

    private static final List<Rule> RULES = List.of(
            new Rule("stack frame", Pattern.compile("\\bat [\\w$.]+\\([\\w$]*\\.java(:\\d+)?\\)|\\.java:\\d+|Caused by:|\\t at ")),
            new Rule("Java package", Pattern.compile("\\b(java|javax|jakarta|org|com|io|sun|jdk|net)\\.[a-z_$][\\w$]*\\.[\\w$]")),
            new Rule("exception class", Pattern.compile("\\b[A-Z][A-Za-z0-9]*(Exception|Error|Throwable)\\b")),
            new Rule("inner class", Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\$[A-Za-z0-9]+")),
            new Rule("SQL statement", Pattern.compile("(?i)\\b(select\\s+[\\w*, .]+\\s+from|insert\\s+into|update\\s+\\w+\\s+set|delete\\s+from)\\b")),
            new Rule("SQLState", Pattern.compile("(?i)sql\\s*state|\\b(23505|23503|23502|23514|40001|40P01|55P03|08001|08006)\\b")),
            new Rule("PostgreSQL message", Pattern.compile("(?i)violates (unique|foreign key|check|not-null) constraint|duplicate key value|\\bERROR: |Detail: Key \\(|\\w+_pkey\\b|\\w+_fkey\\b")),
            new Rule("implementation name", Pattern.compile("(?i)\\b(hibernate|jackson|resteasy|vertx|vert\\.x|agroal|narayana|arjuna|postgresql|psql|jdbc|quarkus)\\b")));

    /** What in {@code body} looks like a leak, one entry per rule that matched (empty when clean). */
    public static List<String> find(String body) {
        List<String> leaks = new ArrayList<>();
        if (body == null) {
            return leaks;
        }
        for (Rule rule : RULES) {
            var m = rule.pattern().matcher(body);
            if (m.find()) {
                leaks.add(rule.name() + ": \"" + m.group() + "\"");
            }
        }
        return leaks;
    }

    /** Throws {@link AssertionError} listing the leaks, if any. */
    public static void assertNone(String body) {
        List<String> leaks = find(body);
        if (!leaks.isEmpty()) {
            throw new AssertionError(String.format(Locale.ROOT, "Problem body leaks internals %s: %s", leaks, body));
        }
    }
}
