package io.xiaoneng.approval.api;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** approval-service's own problem texts exist in both languages, key for key. */
class ServiceProblemMessagesTest {

    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = ServiceProblemMessagesTest.class.getResourceAsStream("/" + name)) {
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
        assertThat(zh.stringPropertyNames()).contains("title.import-rejected", "title.invalid-calendar-data");
    }
}
