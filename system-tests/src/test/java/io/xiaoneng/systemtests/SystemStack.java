package io.xiaoneng.systemtests;

import io.xiaoneng.devstack.ChildProcess;
import io.xiaoneng.devstack.QuarkusService;
import io.xiaoneng.devstack.StackLayout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one running stack every end-to-end test class shares: started by the first class that needs it (booting
 * Keycloak, PostgreSQL, Kafka and four services takes a minute or two, too long to repeat per class), stopped by
 * {@link WholeSystemTest}'s SIGTERM test, which runs last, or at JVM exit should a class fail before.
 */
final class SystemStack {
    private SystemStack() {}

    private static RunningStack stack;
    private static List<ProcessHandle> processes;

    /**
     * {@code -Dstack.attach=true}: use a stack already running on the offset ports (started by hand with the devstack
     * launcher) instead of starting one — for iterating on a test class that needs no launcher process ({@link #get()}
     * then returns {@code null}).
     */
    static final boolean ATTACH = Boolean.getBoolean("stack.attach");

    static synchronized RunningStack get() throws Exception {
        if (ATTACH) {
            return null;
        }
        if (stack == null) {
            stack = RunningStack.start();
            processes = stack.launcher.descendants().toList();
            RunningStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopReplacements();
                if (started.launcher.isAlive()) {
                    try {
                        started.terminate(Duration.ofMinutes(2));
                    } catch (Exception ignored) {
                        // the JVM is exiting; the launcher's own hook stops its children
                    }
                }
            }, "stop-system-stack"));
        }
        return stack;
    }

    /** The launcher's child processes as they were right after the start (PostgreSQL, Kafka, Keycloak, services). */
    static synchronized List<ProcessHandle> processes() {
        return processes;
    }

    /** Services started again by a test after it killed the launcher's copy; not the launcher's children. */
    private static final List<ChildProcess> replacements = new ArrayList<>();

    /**
     * Starts a service again on its stack port (after a test killed it), as the launcher starts it, without demo
     * data. The launcher does not own the new process: {@link #stopReplacements()} stops it.
     */
    static synchronized ChildProcess restart(String module, int basePort, String database) throws Exception {
        return startInstance(module, basePort, database, module, java.util.Map.of());
    }

    /**
     * Starts a further instance of a service beside the launcher's, on {@code basePort} + the stack's offset, same
     * PostgreSQL, Kafka and Keycloak, without demo data; its log is {@code logs/<instance>.log}. Stopped by
     * {@link #stopReplacements()}.
     */
    static synchronized ChildProcess startInstance(String module, int basePort, String database, String instance,
                                                   java.util.Map<String, String> overrides) throws Exception {
        Path projectDir = Path.of("").toAbsolutePath().getParent();
        StackLayout layout = new StackLayout(projectDir, projectDir.resolve("system-tests/target/stack"), RunningStack.PORT_OFFSET);
        ChildProcess process = QuarkusService.start(layout,
                new StackLayout.ServiceSpec(module, basePort + RunningStack.PORT_OFFSET, database), false, instance, overrides);
        replacements.add(process);
        return process;
    }

    static synchronized void stopReplacements() {
        replacements.forEach(p -> p.stop(Duration.ofSeconds(30)));
        replacements.clear();
    }

    static String serviceUrl(String service) {
        int port = switch (service) {
            case "approval" -> 8081;
            case "complaint" -> 8082;
            case "evaluation" -> 8083;
            case "integration" -> 8084;
            case "gateway" -> 8080;
            default -> throw new IllegalArgumentException(service);
        };
        return "http://127.0.0.1:" + (port + RunningStack.PORT_OFFSET);
    }

    static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + (5432 + RunningStack.PORT_OFFSET) + "/" + database;
    }
}
