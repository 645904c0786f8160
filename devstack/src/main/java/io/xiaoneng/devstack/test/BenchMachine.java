package io.xiaoneng.devstack.test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * The machine line every benchmark writes above its result table, and the median its rounds are reported by. The
 * machine is shared and noisy, so each table says how busy it was (load average) next to what ran.
 */
public final class BenchMachine {
    private BenchMachine() {}

    /** "Run &lt;now&gt; on N CPUs, {@code memory}, Java &lt;version&gt; (&lt;VM&gt;), &lt;OS&gt; &lt;arch&gt;." */
    public static String describe(String memory) {
        return "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " CPUs, " + memory + ", Java "
                + System.getProperty("java.version") + " (" + ManagementFactory.getRuntimeMXBean().getVmName() + "), "
                + System.getProperty("os.name") + ' ' + System.getProperty("os.arch") + ".";
    }

    /**
     * A benchmark inside a {@code @QuarkusTest}: the service in the test's JVM beside the devstack PostgreSQL.
     *
     * @param loadAtStart {@link #loadAverage()} taken when the measurement began; the one at the end is taken now
     */
    public static String inProcess(String loadAtStart) {
        return describe(Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap")
                + " One PostgreSQL 17 (devstack test container) on loopback, " + commits()
                + "; the service in-process (@QuarkusTest), so client, service and database share the CPUs. Load average (other work on this shared machine) when the measurement"
                + " began: " + loadAtStart + "; when the report was written: " + loadAverage() + ".";
    }

    private static String commits() {
        return switch (RealInfrastructure.get().postgres().commits()) {
            case DURABLE -> "durable commits (`synchronous_commit=on`, as in production: every commit waits for its WAL flush)";
            case ASYNC -> "asynchronous commits (`synchronous_commit=off`: no commit waits for the disk; production does not run so)";
        };
    }

    /** {@code /proc/loadavg} as it reads, or "unknown" off Linux. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The machine's memory (MemTotal), -1 off Linux. */
    public static long totalMemoryMb() {
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

    /** The middle value (the mean of the two middle ones of an even count): rounds are reported by it, not by their mean. */
    public static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
