package io.xiaoneng.platform.problem;

import java.util.Locale;
import java.util.Map;

/** A problem ready to send: status, extra response headers, body and the language it is written in. */
public record RenderedProblem(int status, Map<String, String> headers, Problem body, Locale locale) {

    public String contentLanguage() {
        return ProblemMessages.languageTag(locale);
    }
}
