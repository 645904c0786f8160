package io.xiaoneng.integration.subscriber;

import java.util.List;

/** Event-type patterns of a subscription: {@code xiaoneng.complaint.complaint.closed.v1} or {@code xiaoneng.complaint.*}. */
public final class EventTypeFilter {
    private EventTypeFilter() {}

    /** A pattern as accepted at registration: a type, or a prefix ending in {@code *}; {@code *} alone is everything. */
    public static final String PATTERN = "\\*|[a-z0-9][a-z0-9.-]*\\*?";

    public static boolean matches(List<String> patterns, String type) {
        for (String p : patterns) {
            if (p.endsWith("*") ? type.startsWith(p.substring(0, p.length() - 1)) : type.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
