package io.xiaoneng.systemtests;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The machine line of the whole-stack benchmarks and where their tables go ({@code bench/results/}). */
final class BenchEnvironment {
    private BenchEnvironment() {}

    static String describe() {
        return "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + totalMemoryMb() + " MB RAM, Java " + System.getProperty("java.version") + " ("
                + ManagementFactory.getRuntimeMXBean().getVmName() + "), " + System.getProperty("os.name") + ' '
                + System.getProperty("os.arch") + ". The whole stack on this machine (devstack launcher: PostgreSQL, "
                + "Kafka, Keycloak, the services with -Xmx256m and the serial GC) and the load generator share the CPUs. "
                + "Load average at the start (other work on this shared machine): " + loadAverage() + ".";
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static long totalMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }

    /** Writes a result table to {@code bench/results/<name>} (or {@code -Dbench.results=<dir>}) and prints it. */
    static void write(String name, String markdown) throws IOException {
        Path dir = Path.of(System.getProperty("bench.results",
                Path.of("").toAbsolutePath().getParent().resolve("bench/results").toString()));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), markdown);
        System.out.println(markdown);
    }
}
