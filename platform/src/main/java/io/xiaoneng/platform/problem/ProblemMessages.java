package io.xiaoneng.platform.problem;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of problem responses, in the caller's language: zh-CN (default) or en, chosen from
 * {@code Accept-Language}.
 *
 * <p>Texts come from plain {@code .properties} bundles (UTF-8, Java 9+): first the service's own
 * {@code problems_<locale>.properties} at the root of its classpath, if it has one (its own nouns and codes), then
 * the platform's {@code io/xiaoneng/platform/problem/problems_<locale>.properties}. Keys:
 * {@code title.<code>}, {@code detail.<detailKey>}, {@code field.<key>}, {@code kind.<kind>}, and the Bean
 * Validation message keys ({@code jakarta.validation.constraints.NotBlank.message}, ...).
 *
 * <p>Placeholders are {@code {name}}: positional arguments are {@code {0}}, {@code {1}}, ..., constraint
 * attributes keep their names ({@code {min}}, {@code {max}}). This deliberately is not {@code MessageFormat},
 * whose quoting rules turn every apostrophe of an English text into a trap.
 */
public final class ProblemMessages {

    public static final Locale ZH_CN = Locale.SIMPLIFIED_CHINESE;
    public static final Locale EN = Locale.ENGLISH;
    public static final Locale DEFAULT = ZH_CN;

    private static final String PLATFORM_BUNDLE = "io.xiaoneng.platform.problem.problems";
    private static final String SERVICE_BUNDLE = "problems";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private ProblemMessages() {}

    /**
     * The response language for an {@code Accept-Language} value: the first acceptable of zh (→ zh-CN) and en by
     * the caller's weights; zh-CN when the header is absent, malformed or names neither.
     */
    public static Locale negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return DEFAULT;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage); // sorted by weight, q=0 kept but skipped below
        } catch (IllegalArgumentException malformed) {
            return DEFAULT;
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            String primary = range.getRange().split("-", 2)[0];
            switch (primary) {
                case "*", "zh" -> {
                    return ZH_CN;
                }
                case "en" -> {
                    return EN;
                }
                default -> {
                    // not offered: try the caller's next choice
                }
            }
        }
        return DEFAULT;
    }

    /** The {@code Content-Language} value of a response in {@code locale}. */
    public static String languageTag(Locale locale) {
        return EN.getLanguage().equals(locale.getLanguage()) ? "en" : "zh-CN";
    }

    /** The text of {@code key} in {@code locale}, service bundle first; empty when neither bundle has it. */
    public static Optional<String> find(String key, Locale locale) {
        Locale effective = EN.getLanguage().equals(locale.getLanguage()) ? EN : ZH_CN;
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        Optional<String> own = lookup(SERVICE_BUNDLE, key, effective, tccl != null ? tccl : ProblemMessages.class.getClassLoader());
        return own.isPresent() ? own : lookup(PLATFORM_BUNDLE, key, effective, ProblemMessages.class.getClassLoader());
    }

    /** {@code key} formatted with {@code arguments}, or {@code fallback} (formatted the same way) when missing. */
    public static String format(String key, Map<String, ?> arguments, Locale locale, String fallback) {
        String pattern = find(key, locale).orElse(fallback);
        return pattern == null ? null : substitute(pattern, arguments, locale);
    }

    /** The title of problem code {@code code}, falling back to the title of its HTTP status. */
    public static String title(String code, int status, Locale locale) {
        return find("title." + code, locale)
                .or(() -> find("title." + ProblemCodes.forStatus(status), locale))
                .orElse(String.valueOf(status));
    }

    static String substitute(String pattern, Map<String, ?> arguments, Locale locale) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = arguments.containsKey(name) ? render(arguments.get(name), locale) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String render(Object value, Locale locale) {
        if (value instanceof ProblemException.Msg msg) {
            return find(msg.key(), locale).orElse(msg.fallback());
        }
        if (value instanceof Iterable<?> values) {
            StringBuilder joined = new StringBuilder();
            for (Object v : values) {
                joined.append(joined.length() == 0 ? "" : ", ").append(render(v, locale));
            }
            return joined.toString();
        }
        return String.valueOf(value);
    }

    private static Optional<String> lookup(String base, String key, Locale locale, ClassLoader loader) {
        try {
            ResourceBundle bundle = ResourceBundle.getBundle(base, locale, loader, NO_FALLBACK);
            return bundle.containsKey(key) ? Optional.of(bundle.getString(key)) : Optional.empty();
        } catch (MissingResourceException absent) {
            return Optional.empty();
        }
    }
}
