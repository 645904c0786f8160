package io.xiaoneng.platform.events;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A published event kind: CloudEvent type {@code xiaoneng.<service>.<aggregate>.<event>.v<version>}, the topic
 * it goes to and the JSON Schema its data must satisfy (resources {@code events/schemas/<type>.json}).
 */
public record EventType(String service, String aggregate, String event, int version, String topic) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    public static final String SCHEMA_BASE = "https://schemas.xiaoneng.example/events/";

    public EventType {
        for (String part : new String[] {service, aggregate, event}) {
            if (part == null || !NAME.matcher(part).matches()) {
                throw new IllegalArgumentException("event type part must be lower-case: " + part);
            }
        }
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
        Objects.requireNonNull(topic, "topic");
    }

    public static EventType of(String service, String aggregate, String event, int version, String topic) {
        return new EventType(service, aggregate, event, version, topic);
    }

    /** The CloudEvent {@code type}. */
    public String type() {
        return "xiaoneng." + service + "." + aggregate + "." + event + ".v" + version;
    }

    /** The CloudEvent {@code source}. */
    public String source() {
        return "/xiaoneng/" + service;
    }

    /** The CloudEvent {@code dataschema}: the {@code $id} of the schema file. */
    public String dataschema() {
        return SCHEMA_BASE + type() + ".json";
    }
}
