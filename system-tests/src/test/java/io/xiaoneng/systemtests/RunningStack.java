package io.xiaoneng.systemtests;

import io.xiaoneng.devstack.DevStack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole system started exactly as the README's run command starts it — the devstack launcher in its own
 * process — on ports moved by {@link #PORT_OFFSET} so it can run beside a developer's stack.
 */
final class RunningStack {

    static final int PORT_OFFSET = Integer.getInteger("stack.portOffset", 20000);
    /** The launcher's lines on the console too ({@code -Dstack.echo=true}); they are always kept for failures. */
    static final boolean ECHO = Boolean.getBoolean("stack.echo");

    final Path projectDir;
    final Process launcher;
    final List<String> output = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean sawReadyLine;
    private Thread reader;

    private RunningStack(Path projectDir, Process launcher) {
        this.projectDir = projectDir;
        this.launcher = launcher;
    }

    static RunningStack start() throws IOException, InterruptedException {
        Path projectDir = Path.of("").toAbsolutePath().getParent();
        Path dataDir = projectDir.resolve("system-tests/target/stack");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = projectDir.resolve("devstack/target/classes") + ":" + projectDir.resolve("devstack/target/lib") + "/*";
        Process process = new ProcessBuilder(java, "-cp", classpath, DevStack.class.getName(),
                "--project-dir", projectDir.toString(), "--data-dir", dataDir.toString(),
                "--port-offset", Integer.toString(PORT_OFFSET), "--fresh")
                .redirectErrorStream(true)
                .start();
        RunningStack stack = new RunningStack(projectDir, process);
        stack.reader = new Thread(stack::readOutput, "launcher-output");
        stack.reader.setDaemon(true);
        stack.reader.start();
        if (!stack.ready.await(8, TimeUnit.MINUTES) || !stack.sawReadyLine || !process.isAlive()) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            throw new IllegalStateException("The stack did not start:\n" + stack.outputText() + logs(dataDir));
        }
        return stack;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (output) {
                    output.add(line);
                }
                if (ECHO) {
                    System.out.println("[stack] " + line);
                }
                if (line.startsWith(DevStack.READY_LINE)) {
                    sawReadyLine = true;
                    ready.countDown();
                }
            }
        } catch (IOException ignored) {
            // the launcher exited
        }
        ready.countDown();
    }

    String outputText() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    static String gatewayUrl() { return "http://127.0.0.1:" + (8080 + PORT_OFFSET); }
    static String keycloakUrl() { return "http://127.0.0.1:" + (8180 + PORT_OFFSET); }

    /** Every port the stack binds. */
    static List<Integer> ports() {
        return List.of(5432, 9092, 9093, 8180, 8080, 8081, 8082, 8083).stream().map(p -> p + PORT_OFFSET).toList();
    }

    /** SIGTERM, as a service manager or `kill` sends it; returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        // ProcessHandle.destroy only signals; Process.destroy would also close our end of the launcher's output
        // and lose what it prints while stopping.
        launcher.toHandle().destroy();
        if (!launcher.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("launcher did not stop within " + timeout);
        }
        reader.join(10_000); // the last lines the launcher printed while stopping
        return launcher.exitValue();
    }

    private static String logs(Path dataDir) {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(dataDir.resolve("logs"))) {
            for (Path log : files.toList()) {
                List<String> lines = Files.readAllLines(log);
                sb.append("\n--- ").append(log.getFileName()).append(" ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
        } catch (IOException e) {
            sb.append("\n(no logs: ").append(e.getMessage()).append(")");
        }
        return sb.toString();
    }
}
