package io.xiaoneng.systemtests;

import java.time.Duration;
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

    static synchronized RunningStack get() throws Exception {
        if (stack == null) {
            stack = RunningStack.start();
            processes = stack.launcher.descendants().toList();
            RunningStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
