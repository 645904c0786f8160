package io.xiaoneng.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the launcher tells a user whose start cannot work or did not: ports in the range the kernel hands to outgoing
 * connections, and a component that died with its cause far above the end of its log.
 */
class StartupDiagnosticsTest {

    @TempDir
    Path dir;

    @Test
    void theKernelsEphemeralRangeIsReadAndTheStacksPortsInItAreNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("ip_local_port_range"), "32768\t60999\n");
        int[] range = Ports.ephemeralRange(file).orElseThrow();
        assertThat(range).containsExactly(32768, 60999);
        assertThat(Ports.ephemeralRange(dir.resolve("missing"))).isEmpty();

        Map<String, Integer> defaults = Ports.of(new StackLayout(dir, dir, 0));
        assertThat(Ports.inEphemeralRange(defaults, range)).as("the default ports are below it").isEmpty();
        Map<String, Integer> risky = Ports.inEphemeralRange(Ports.of(new StackLayout(dir, dir, 30000)), range);
        assertThat(risky).containsEntry("integration-service", 38084).containsEntry("Kafka controller", 39093)
                .hasSize(defaults.size());
        assertThat(Ports.inEphemeralRange(Ports.of(new StackLayout(dir, dir, 22000)), range))
                .as("the benchmarks' offset stays below it").isEmpty();
    }

    @Test
    void aComponentThatDiesShowsItsFirstErrorsEvenWhenLaterOutputFillsTheTail() throws Exception {
        List<String> output = new ArrayList<>(List.of(
                "2026-11-29 17:01:33,900 INFO  [io.quarkus] (main) starting",
                "2026-11-29 17:01:34,466 ERROR [io.quarkus.runtime.Application] (main) Port 38084 seems to be in use by another process."));
        for (int i = 0; i < 40; i++) {
            output.add("[11.594s][warning][aot] Skipping jdk/proxy2/$Proxy" + i + ": Unsupported location");
        }
        Path printed = Files.write(dir.resolve("output.txt"), output);
        Path log = dir.resolve("integration-service.log");
        ChildProcess dead = ChildProcess.start("integration-service", List.of("sh", "-c", "cat '" + printed + "'; exit 1"),
                Map.of(), dir, log);
        assertThat(dead.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);

        assertThat(ChildProcess.tail(log, 25)).as("the cause is no longer in the tail").doesNotContain("Port 38084");
        assertThatThrownBy(dead::checkAlive)
                .hasMessageContaining("exited with code 1 during start-up")
                .hasMessageContaining("Port 38084 seems to be in use by another process")
                .hasMessageContaining("$Proxy39");
    }
}
