package io.xiaoneng.complaint.complaint;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;

/** The machine line and small helpers shared by the complaint benchmarks (as approval-service's). */
final class BenchMachine {
    private BenchMachine() {}

    static String describe() {
        return "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap, Java " + System.getProperty("java.version")
                + " (" + ManagementFactory.getRuntimeMXBean().getVmName() + "), " + System.getProperty("os.name") + ' '
                + System.getProperty("os.arch") + ". One PostgreSQL 17 (devstack test container) on loopback; the service "
                + "in-process (@QuarkusTest), so client, service and database share the CPUs. Load average when the report was written "
                + "(other work on this shared machine): " + loadAverage() + ".";
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
