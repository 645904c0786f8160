package io.xiaoneng.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Apache Kafka 4.1 broker in KRaft mode (combined broker + controller, one node) in its own JVM, run from
 * the Kafka jars on Maven Central. The same class serves the run command (fixed ports, data kept between runs)
 * and the tests (free ports, throw-away data) — and it can be stopped and restarted on the same port and data,
 * which fault tests need.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Path log;
    private final Map<String, String> scramUsers;
    private ChildProcess process;

    public KafkaBroker(Path dir, int port, int controllerPort, Path log) {
        this(dir, port, controllerPort, log, Map.of());
    }

    private KafkaBroker(Path dir, int port, int controllerPort, Path log, Map<String, String> scramUsers) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.log = log;
        this.scramUsers = Map.copyOf(scramUsers);
    }

    /**
     * A broker whose client listener is {@code SASL_PLAINTEXT} with SCRAM-SHA-512, the authentication of the
     * production cluster (Strimzi {@code scram-sha-512}): only the given users (name → password) get in. The users
     * are created when the storage is formatted (KRaft keeps SCRAM credentials in its metadata log); the first one
     * is also the broker's own inter-broker identity. Clients need {@code security.protocol=SASL_PLAINTEXT},
     * {@code sasl.mechanism=SCRAM-SHA-512} and {@link #jaasConfig(String, String)}.
     */
    public static KafkaBroker withScram(Path dir, int port, int controllerPort, Path log, Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("a SCRAM broker needs at least one user");
        }
        return new KafkaBroker(dir, port, controllerPort, log, new java.util.LinkedHashMap<>(users));
    }

    /** The {@code sasl.jaas.config} of a SCRAM client. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    public boolean secured() {
        return !scramUsers.isEmpty();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Formats the storage on first use, then starts the broker; returns without waiting for readiness. */
    public synchronized ChildProcess start() throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, serverProperties(data));
        Path clusterIdFile = dir.resolve("cluster-id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, randomClusterId());
        }
        String clusterId = Files.readString(clusterIdFile).trim();

        List<String> formatArgs = new ArrayList<>(List.of("format",
                "--cluster-id=" + clusterId, "--config=" + config, "--standalone", "--ignore-formatted"));
        scramUsers.forEach((user, password) -> {
            formatArgs.add("--add-scram");
            formatArgs.add("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]");
        });
        ChildProcess format = ChildProcess.start("kafka-storage", java("kafka.tools.StorageTool", formatArgs.toArray(String[]::new)),
                Map.of(), dir, log);
        if (format.awaitExit(Duration.ofSeconds(120)) != 0) {
            throw new IllegalStateException("Kafka storage format failed:\n" + ChildProcess.tail(log, 20));
        }
        process = ChildProcess.start("kafka", java("kafka.Kafka", config.toString()), Map.of(), dir, log);
        return process;
    }

    /** Waits until the broker accepts connections on its client port. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpProbe.await("Kafka", timeout, () -> Ports.isListening(port), process::checkAlive);
    }

    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
            process = null;
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The JVM default heap is a quarter of RAM; a local broker needs far less.
        cmd.add("-Xmx512m");
        cmd.add("-Ddevstack.logDir=" + log.getParent());
        cmd.add("-cp");
        cmd.add(kafkaClasspath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * The broker's classpath, written by the devstack build (dependency:build-classpath) into the jar, so the
     * broker JVM can be started from any JVM — the launcher's, or a test's whose classpath is surefire's.
     */
    static String kafkaClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("/devstack/kafka.classpath")) {
            if (in == null) {
                throw new IllegalStateException("devstack/kafka.classpath missing: build the devstack module first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String serverProperties(Path logDir) {
        String client = secured() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        List<String> security = new ArrayList<>();
        if (secured()) {
            Map.Entry<String, String> broker = scramUsers.entrySet().iterator().next();
            security.add("sasl.enabled.mechanisms=SCRAM-SHA-512");
            security.add("sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512");
            security.add("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + jaasConfig(broker.getKey(), broker.getValue()));
        }
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=" + client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + client + "://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=" + client + ":" + client + ",CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=" + client,
                String.join("\n", security),
                "log.dirs=" + logDir,
                "num.partitions=3",
                // One node: every internal topic must live with a single replica.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
    }

    /** Kafka's own id generator: base64url, never starting with '-' (which a command line would take for an option). */
    private static String randomClusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }
}
