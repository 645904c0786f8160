package io.xiaoneng.integration.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.platform.events.ComplaintEventTypes;
import io.xiaoneng.platform.events.EventType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Iterator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the push may send of a complaint is what its schema allows (the inbox validates every record): each complaint
 * event schema is closed ({@code additionalProperties: false}) and names nothing about the complainant.
 */
class ComplaintSchemasTest {

    @Test
    void complaintEventSchemasAreClosedAndCarryNoComplainantData() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(EventPush.TYPES).containsAll(ComplaintEventTypes.ALL.stream().map(EventType::type).toList());
        for (EventType type : ComplaintEventTypes.ALL) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("events/schemas/" + type.type() + ".json")) {
                assertThat(in).as(type.type()).isNotNull();
                JsonNode schema = json.readTree(in);
                assertThat(schema.path("additionalProperties").asBoolean(true)).as(type.type()).isFalse();
                for (Iterator<String> names = schema.path("properties").fieldNames(); names.hasNext(); ) {
                    String field = names.next();
                    String name = field.toLowerCase();
                    assertThat(name).as(type.type())
                            .doesNotContain("phone").doesNotContain("contact").doesNotContain("address")
                            .doesNotContain("idnumber").doesNotContain("tracking").isNotEqualTo("name");
                    if (name.contains("complainant")) { // only a count ("complainants": reply records created)
                        assertThat(schema.path("properties").path(field).path("type").asText()).as(type.type() + " " + field).isEqualTo("integer");
                    }
                }
            }
        }
    }
}
