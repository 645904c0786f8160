package io.xiaoneng.platform.events;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one place the Kafka clients a service creates itself take their settings from — the outbox relay's producer
 * and admin client, the readiness check's admin client, a projection replay's consumer. They get every
 * {@code kafka.*} property of the configuration (also given as environment variables, {@code KAFKA_SASL_JAAS_CONFIG}
 * for {@code kafka.sasl.jaas.config}), the same ones SmallRye Reactive Messaging's channels get through Quarkus'
 * {@code default-kafka-broker}: {@code kafka.bootstrap.servers}, and for a secured cluster
 * {@code kafka.security.protocol}, {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config},
 * {@code kafka.ssl.truststore.type|location|password}, {@code kafka.ssl.keystore.*} … (docs/operations.md).
 *
 * <p>Each kind of client receives only the properties it knows (a producer no {@code group.id}); the settings a
 * client sets itself (acks, timeouts) come on top and win.
 */
@Singleton
public class KafkaClientProperties {

    private static final String PREFIX = "kafka.";
    private static final String ENV_PREFIX = "KAFKA_";

    private final Map<String, String> all;

    @Inject
    public KafkaClientProperties(Config config) {
        this(collect(config));
    }

    /** @param properties client properties without the {@code kafka.} prefix */
    public KafkaClientProperties(Map<String, String> properties) {
        this.all = Map.copyOf(properties);
        if (!all.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalStateException("kafka.bootstrap.servers is not configured");
        }
    }

    /** Every {@code kafka.*} property of the configuration, without the prefix. */
    public static Map<String, String> collect(Config config) {
        Map<String, String> properties = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            String plain = name.startsWith("%") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1) : name;
            String key;
            if (plain.startsWith(PREFIX)) {
                key = plain.substring(PREFIX.length());
            } else if (plain.startsWith(ENV_PREFIX)) {
                key = plain.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            } else {
                continue;
            }
            if (key.isEmpty()) {
                continue;
            }
            // Read through the dotted name, so that an environment variable overrides application.properties.
            config.getOptionalValue(PREFIX + key, String.class)
                    .or(() -> config.getOptionalValue(name, String.class))
                    .filter(v -> !v.isBlank())
                    .ifPresent(v -> properties.putIfAbsent(key, v));
        }
        return properties;
    }

    public Map<String, Object> producer(Map<String, ?> own) {
        return merge(ProducerConfig.configNames(), own);
    }

    public Map<String, Object> consumer(Map<String, ?> own) {
        return merge(ConsumerConfig.configNames(), own);
    }

    public Map<String, Object> admin(Map<String, ?> own) {
        return merge(AdminClientConfig.configNames(), own);
    }

    public String bootstrapServers() {
        return all.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The security protocol the clients use ({@code PLAINTEXT} unless configured). */
    public String securityProtocol() {
        return all.getOrDefault(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    private Map<String, Object> merge(Set<String> known, Map<String, ?> own) {
        Map<String, Object> config = new HashMap<>();
        all.forEach((key, value) -> {
            if (known.contains(key)) {
                config.put(key, value);
            }
        });
        config.putAll(own);
        return config;
    }
}
