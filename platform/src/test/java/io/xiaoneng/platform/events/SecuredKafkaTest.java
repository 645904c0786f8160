package io.xiaoneng.platform.events;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xiaoneng.devstack.Directories;
import io.xiaoneng.devstack.KafkaBroker;
import io.xiaoneng.devstack.PostgresServer;
import io.xiaoneng.devstack.StackLayout;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own Kafka clients against a broker that demands SCRAM-SHA-512 (as the production cluster's
 * Strimzi listener does): with the {@code kafka.*} security settings the outbox relay publishes and a consumer
 * configured the same way reads the event; with a wrong password the relay keeps the event and records why, and
 * the readiness check says DOWN naming the authentication failure.
 */
class SecuredKafkaTest {

    static final String USER = "approval-service";
    static final String PASSWORD = "s3cret-" + UUID.randomUUID();

    static PostgresServer postgres;
    static KafkaBroker kafka;
    static AgroalDataSource dataSource;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("secured-kafka");
        kafka = KafkaBroker.withScram(dir.resolve("kafka"), freePort(), freePort(), dir.resolve("kafka.log"),
                Map.of("admin", "admin-secret", USER, PASSWORD));
        kafka.start();
        postgres = PostgresServer.start(0, null, Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg"), List.of("platform_kafka"),
                PostgresServer.Commits.ASYNC);
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(4)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(postgres.jdbcUrl("platform_kafka"))
                                .principal(new NamePrincipal(StackLayout.DB_USER))
                                .credential(new SimplePassword(StackLayout.DB_PASSWORD)))));
        try (InputStream in = SecuredKafkaTest.class.getResourceAsStream("/db/platform/V0_1__outbox_inbox.sql");
             Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        kafka.awaitReady(Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (dataSource != null) {
            dataSource.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (dir != null) {
            Directories.deleteTree(dir);
        }
    }

    /** What a service's configuration gives: kafka.security.protocol, kafka.sasl.mechanism, kafka.sasl.jaas.config. */
    static KafkaClientProperties clients(String password) {
        return new KafkaClientProperties(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", KafkaBroker.jaasConfig(USER, password),
                "group.id", "not-for-producers"));
    }

    @Test
    void theRelayPublishesThroughTheSecuredListenerAndAConsumerReadsIt() throws Exception {
        String topic = "xiaoneng.test.secured-" + UUID.randomUUID();
        UUID eventId = insertEvent(topic, 1);
        OutboxRelay relay = relay(clients(PASSWORD));
        Instant deadline = Instant.now().plusSeconds(60);
        try {
            while (stillInOutbox(eventId) && Instant.now().isBefore(deadline)) {
                relay.publishRound();
            }
        } finally {
            relay.stop(null);
        }
        assertThat(stillInOutbox(eventId)).as("acknowledged by the broker and deleted").isFalse();

        KafkaClientProperties clients = clients(PASSWORD);
        Map<String, Object> consumerConfig = clients.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "secured-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        assertThat(consumerConfig).containsEntry("security.protocol", "SASL_PLAINTEXT");
        assertThat(clients.producer(Map.of())).doesNotContainKey("group.id").containsKey("sasl.jaas.config");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            ConsumerRecord<String, byte[]> found = null;
            while (found == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    found = r;
                }
            }
            assertThat(found).as("the event read through the SCRAM listener").isNotNull();
            assertThat(found.key()).isEqualTo("key-1");
            assertThat(new String(found.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8)).isEqualTo(eventId.toString());
            assertThat(new String(found.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        }

        KafkaReadinessCheck ready = readiness(clients(PASSWORD));
        try {
            assertThat(ready.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        } finally {
            ready.close();
        }
    }

    @Test
    void aWrongPasswordFailsClearlyAndTheEventStaysInTheOutbox() throws Exception {
        String topic = "xiaoneng.test.refused-" + UUID.randomUUID();
        UUID eventId = insertEvent(topic, 2);
        OutboxRelay relay = relay(clients("wrong-password"));
        try {
            OutboxRelay.RoundResult result = relay.publishRound();
            assertThat(result.failed()).isTrue();
            assertThat(result.published()).isZero();
        } finally {
            relay.stop(null);
        }
        assertThat(stillInOutbox(eventId)).isTrue();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select attempts, last_error from outbox_event where id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).contains("SaslAuthenticationException").contains("invalid credentials");
            }
        }

        KafkaReadinessCheck ready = readiness(clients("wrong-password"));
        try {
            HealthCheckResponse response = ready.call();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData().orElseThrow().get("reason")).isEqualTo("SaslAuthenticationException");
        } finally {
            ready.close();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from outbox_event where id = ?")) {
            ps.setObject(1, eventId);
            ps.executeUpdate();
        }
    }

    private static OutboxRelay relay(KafkaClientProperties clients) {
        OutboxRelay relay = new OutboxRelay();
        relay.dataSource = dataSource;
        relay.registry = new SimpleMeterRegistry();
        relay.kafka = clients;
        relay.enabled = false; // no background thread: the test drives the rounds
        relay.buckets = 16;
        relay.batchSize = 100;
        relay.pollInterval = Duration.ofMillis(100);
        relay.maxBackoff = Duration.ofSeconds(1);
        relay.compactedTopics = Optional.empty();
        relay.start(null);
        return relay;
    }

    private static KafkaReadinessCheck readiness(KafkaClientProperties clients) {
        KafkaReadinessCheck check = new KafkaReadinessCheck();
        check.kafka = clients;
        check.timeout = Duration.ofSeconds(5);
        return check;
    }

    private static UUID insertEvent(String topic, int n) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into outbox_event (id, topic, bucket, aggregate_id, type, source, dataschema, payload, occurred_at)
                values (?, ?, ?, ?, 'xiaoneng.test.secured.v1', '/test', 'urn:test', ?, now())""")) {
            ps.setObject(1, id);
            ps.setString(2, topic);
            ps.setInt(3, n % 16);
            ps.setString(4, "key-" + n);
            ps.setString(5, "{\"n\":" + n + "}");
            ps.executeUpdate();
        }
        return id;
    }

    private static boolean stillInOutbox(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select 1 from outbox_event where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
