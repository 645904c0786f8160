package io.xiaoneng.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event contracts: one JSON Schema (draft 2020-12) per CloudEvent type, kept in the platform jar under
 * {@code events/schemas/<type>.json}. Producers' tests validate what they publish, consumers validate what they
 * accept — against the same file.
 */
@ApplicationScoped
public class EventSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> cache = new ConcurrentHashMap<>();

    /** @return the validation errors of {@code data} against the schema of {@code type}; empty when valid */
    public List<String> validate(String type, JsonNode data) {
        Set<ValidationMessage> errors = schema(type).validate(data);
        return errors.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    public void requireValid(String type, JsonNode data) {
        List<String> errors = validate(type, data);
        if (!errors.isEmpty()) {
            throw new InvalidEventException("data of " + type + " violates its schema: " + errors);
        }
    }

    public boolean exists(String type) {
        return EventSchemas.class.getResource(path(type)) != null;
    }

    private JsonSchema schema(String type) {
        return cache.computeIfAbsent(type, t -> {
            try (InputStream in = EventSchemas.class.getResourceAsStream(path(t))) {
                if (in == null) {
                    throw new InvalidEventException("no schema for event type " + t);
                }
                return FACTORY.getSchema(in);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static String path(String type) {
        if (!type.matches("[a-z0-9.-]+")) {
            throw new InvalidEventException("invalid event type");
        }
        return "/events/schemas/" + type + ".json";
    }
}
