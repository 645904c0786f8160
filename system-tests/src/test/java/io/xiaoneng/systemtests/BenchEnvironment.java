package io.xiaoneng.systemtests;

import io.xiaoneng.devstack.test.BenchMachine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine line of the whole-stack benchmarks and where their tables go ({@code bench/results/}). */
final class BenchEnvironment {
    private BenchEnvironment() {}

    static String describe() {
        return BenchMachine.describe(BenchMachine.totalMemoryMb() + " MB RAM") + " The whole stack on this machine (devstack "
                + "launcher: PostgreSQL, Kafka, Keycloak, the services with -Xmx256m and the serial GC) and the load generator "
                + "share the CPUs. Load average at the start (other work on this shared machine): " + BenchMachine.loadAverage() + ".";
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
