package io.xiaoneng.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process of the stack (broker, Keycloak, a service) with its output in a log file. Stopping it takes the
 * whole process tree down: Keycloak's launcher script forks its JVM, and an orphaned JVM would keep its port.
 */
public final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return new ChildProcess(name, pb.start(), log);
    }

    public String name() { return name; }
    public long pid() { return process.pid(); }
    public boolean isAlive() { return process.isAlive(); }
    public Path log() { return log; }

    /**
     * Fails fast when the process died during start-up: with the log's first ERROR lines (the cause, which a JVM's
     * later output — an AOT cache being written, a shutdown — can push out of the tail) and its last lines.
     */
    public void checkAlive() {
        if (!process.isAlive()) {
            String errors = errors(log, 5);
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + " during start-up"
                    + (errors.isEmpty() ? "" : "; first errors in " + log + ":\n" + errors + "\n")
                    + "; last lines of " + log + ":\n" + tail(log, 25));
        }
    }

    /** Waits for a short-lived process (a tool, not a server) and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stop(Duration.ofSeconds(5));
            throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** SIGTERM to the tree, a grace period, then SIGKILL to whatever is left. */
    public void stop(Duration grace) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : concat(tree)) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception timeout) {
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : concat(tree)) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Reported by the caller's port check.
            }
        }
    }

    private List<ProcessHandle> concat(List<ProcessHandle> tree) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), tree.stream()).toList();
    }

    /** The first {@code lines} lines logged at ERROR level (Quarkus', the JBoss log format), or "". */
    static String errors(Path file, int lines) {
        try (var all = Files.lines(file)) {
            return String.join("\n", all.filter(l -> l.contains(" ERROR [") || l.contains("\"level\":\"ERROR\""))
                    .limit(lines).toList());
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
