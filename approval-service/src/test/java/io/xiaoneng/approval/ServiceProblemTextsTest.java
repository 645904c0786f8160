package io.xiaoneng.approval;

import io.xiaoneng.approval.appointment.app.AlreadyBookedProblem;
import io.xiaoneng.approval.appointment.app.SlotFullProblem;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** approval-service's own problem texts: the same keys and placeholders in both languages, a title for each own code. */
class ServiceProblemTextsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    @Test
    void bothLanguagesHaveTheSameKeysAndPlaceholders() throws Exception {
        Properties zh = load("problems_zh_CN.properties");
        Properties en = load("problems_en.properties");
        assertThat(en.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(zh.stringPropertyNames());
        for (String key : zh.stringPropertyNames()) {
            assertThat(placeholders(en.getProperty(key))).as("placeholders of %s", key).isEqualTo(placeholders(zh.getProperty(key)));
        }
    }

    @Test
    void ownCodesHaveTitles() throws Exception {
        for (String file : new String[] {"problems_zh_CN.properties", "problems_en.properties"}) {
            Properties texts = load(file);
            for (String code : new String[] {SlotFullProblem.CODE, AlreadyBookedProblem.CODE}) {
                assertThat(texts.getProperty("title." + code)).as("%s title of %s", file, code).isNotBlank();
            }
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = ServiceProblemTextsTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
