package io.xiaoneng.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.xiaoneng.platform.events.EvaluationEventTypes;
import io.xiaoneng.platform.events.EventType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** evaluation-service's problem texts exist in both languages key for key; its event types each have their schema. */
class ProblemTextsTest {

    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = ProblemTextsTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws Exception {
        Properties zh = load("problems_zh_CN.properties");
        Properties en = load("problems_en.properties");
        assertThat(zh.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
        assertThat(zh.stringPropertyNames()).contains("detail.rating.own-case", "detail.commitment.deadline-passed");
    }

    @Test
    void everyEvaluationEventTypeHasItsSchemaWithTheMatchingId() throws Exception {
        for (EventType type : EvaluationEventTypes.RATING_TYPES) {
            try (InputStream in = ProblemTextsTest.class.getResourceAsStream("/events/schemas/" + type.type() + ".json")) {
                assertThat(in).as(type.type()).isNotNull();
                JsonNode schema = Facts.JSON.readTree(in);
                assertThat(schema.get("$id").asText()).isEqualTo(type.dataschema());
                assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
            }
        }
    }
}
