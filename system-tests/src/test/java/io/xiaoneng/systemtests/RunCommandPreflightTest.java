package io.xiaoneng.systemtests;

import io.xiaoneng.devstack.DevStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The usual mistakes give one clear line, not a stack trace, and start nothing. */
class RunCommandPreflightTest {

    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    record Result(int exit, String output) {}

    static Result run(List<String> command, java.util.Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void aTakenPortIsNamedAndNothingStarts(@TempDir Path data) throws Exception {
        int offset = 21000;
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", 8080 + offset));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Result r = run(List.of(java, "-cp", PROJECT.resolve("devstack/target/classes") + ":" + PROJECT.resolve("devstack/target/lib") + "/*",
                    DevStack.class.getName(), "--project-dir", PROJECT.toString(), "--data-dir", data.toString(),
                    "--port-offset", Integer.toString(offset)), Map.of());

            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.output()).contains("port " + (8080 + offset) + " (gateway) is already in use", "--port-offset");
            assertThat(r.output()).doesNotContain("Exception", "\tat ");
            assertThat(Files.exists(data.resolve("postgres"))).as("nothing started").isFalse();
        }
    }

    @Test
    void aJdkOlderThan17IsRefusedWithAClearMessage(@TempDir Path fakeJdk) throws Exception {
        Path bin = Files.createDirectories(fakeJdk.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 11' >&2\necho 'openjdk version \"11.0.2\"' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result r = run(List.of("bash", "run.sh", "--no-build"), Map.of("JAVA_HOME", fakeJdk.toString()));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("Java 11", "needs a JDK 17 or newer");
    }

    @Test
    void anUnknownOptionShowsTheUsage() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Result r = run(List.of(java, "-cp", PROJECT.resolve("devstack/target/classes") + ":" + PROJECT.resolve("devstack/target/lib") + "/*",
                DevStack.class.getName(), "--frsh"), Map.of());
        assertThat(r.exit()).isEqualTo(64);
        assertThat(r.output()).contains("unknown option --frsh", "usage: run.sh");
    }
}
