package io.xiaoneng.devstack;

import java.io.PrintStream;
import java.time.Duration;

/** Human-readable progress lines: which component is starting and how long it took. */
final class Progress {
    private final PrintStream out;

    Progress(PrintStream out) {
        this.out = out;
    }

    void starting(String component, String detail) {
        out.printf("  ▶ %-20s starting  %s%n", component, detail);
        out.flush();
    }

    void ready(String component, Duration took, String where) {
        out.printf("  ✔ %-20s ready in %5.1f s  %s%n", component, took.toMillis() / 1000.0, where);
        out.flush();
    }

    void info(String line) {
        out.println(line);
        out.flush();
    }

    void stopping(String component) {
        out.printf("  ■ %-20s stopping%n", component);
        out.flush();
    }
}
