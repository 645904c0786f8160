package io.xiaoneng.devstack.test;

import io.xiaoneng.devstack.Directories;
import io.xiaoneng.devstack.KafkaBroker;
import io.xiaoneng.devstack.PostgresServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real PostgreSQL server and Kafka broker shared by all tests of one JVM: started on first use, stopped when
 * the JVM exits. Fault tests reach the broker through {@link #kafka()} to stop and restart it.
 */
public final class RealInfrastructure {

    private static RealInfrastructure instance;

    /**
     * {@code durable} or {@code async} (default): whether this JVM's PostgreSQL waits for the WAL flush at commit.
     * Tests throw their database away and need not wait for the disk; the write benchmarks run durable, as
     * production does (bench/submissions.sh).
     */
    public static final String COMMITS_PROPERTY = "xiaoneng.test.postgres.commits";

    private final Path root;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;

    private RealInfrastructure(Path root, PostgresServer postgres, KafkaBroker kafka) {
        this.root = root;
        this.postgres = postgres;
        this.kafka = kafka;
    }

    public static synchronized RealInfrastructure get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the test infrastructure: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    private static RealInfrastructure start() throws Exception {
        Path root = Files.createTempDirectory("xiaoneng-test-infra");
        PostgresServer postgres = PostgresServer.start(0, null, Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg"), List.of(),
                PostgresServer.Commits.of(System.getProperty(COMMITS_PROPERTY), PostgresServer.Commits.ASYNC));
        KafkaBroker kafka = new KafkaBroker(root.resolve("kafka"), freePort(), freePort(), root.resolve("kafka.log"));
        RealInfrastructure infra = new RealInfrastructure(root, postgres, kafka);
        Runtime.getRuntime().addShutdownHook(new Thread(infra::stop, "test-infra-shutdown"));
        kafka.start();
        kafka.awaitReady(Duration.ofMinutes(2));
        return infra;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    private void stop() {
        kafka.stop();
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("PostgreSQL stop failed: " + e.getMessage());
        }
        // The broker's log directory is this JVM's alone; a test run must not leave it behind in /tmp.
        try {
            Directories.deleteTree(root);
        } catch (IOException e) {
            System.err.println("Could not delete " + root + ": " + e.getMessage());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
