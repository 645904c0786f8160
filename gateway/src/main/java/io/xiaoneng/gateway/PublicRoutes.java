package io.xiaoneng.gateway;

import java.util.List;
import java.util.Locale;

/**
 * The routes anyone may call without a token, from {@code xiaoneng.gateway.public-routes}: entries
 * {@code METHOD /path}, where {@code *} matches exactly one path segment and a trailing {@code /**} matches the
 * rest of the path (or nothing). Anything not listed needs a valid token; the services check roles and scope again.
 */
public final class PublicRoutes {

    record Entry(String method, String[] segments, boolean anyRest) {
        boolean matches(String requestMethod, String[] path) {
            if (!method.equals("*") && !method.equals(requestMethod)) {
                return false;
            }
            if (anyRest ? path.length < segments.length : path.length != segments.length) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                if (!segments[i].equals("*") && !segments[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Entry> entries;

    public PublicRoutes(List<String> specs) {
        this.entries = specs.stream().map(String::trim).filter(s -> !s.isEmpty()).map(PublicRoutes::parse).toList();
    }

    static Entry parse(String spec) {
        String[] parts = spec.split("\\s+");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("public route must read 'METHOD /path', not '" + spec + "'");
        }
        String path = parts[1];
        boolean anyRest = path.endsWith("/**");
        if (anyRest) {
            path = path.substring(0, path.length() - 3);
        }
        if (path.contains("**")) {
            throw new IllegalArgumentException("'**' is allowed only at the end: " + spec);
        }
        return new Entry(parts[0].toUpperCase(Locale.ROOT), segments(path), anyRest);
    }

    public boolean isPublic(String method, String path) {
        // Encoded or dot segments could make a listed prefix reach an unlisted resource; such paths need a token.
        if (path.contains("%") || path.contains("/.") || path.contains("//") || path.contains(";")) {
            return false;
        }
        String[] segs = segments(path);
        for (Entry e : entries) {
            if (e.matches(method, segs)) {
                return true;
            }
        }
        return false;
    }

    private static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
