package io.xiaoneng.platform.problem;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMessagesTest {

    @Test
    void chineseIsTheDefaultAndEnglishIsChosenByWeight() {
        assertThat(ProblemMessages.negotiate(null)).isEqualTo(ProblemMessages.ZH_CN);
        assertThat(ProblemMessages.negotiate("")).isEqualTo(ProblemMessages.ZH_CN);
        assertThat(ProblemMessages.negotiate("en")).isEqualTo(ProblemMessages.EN);
        assertThat(ProblemMessages.negotiate("en-US,en;q=0.9")).isEqualTo(ProblemMessages.EN);
        assertThat(ProblemMessages.negotiate("zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo(ProblemMessages.ZH_CN);
        assertThat(ProblemMessages.negotiate("zh-TW")).isEqualTo(ProblemMessages.ZH_CN);
        assertThat(ProblemMessages.negotiate("fr-FR, en;q=0.5")).isEqualTo(ProblemMessages.EN);
        assertThat(ProblemMessages.negotiate("en;q=0.2, zh;q=0.8")).isEqualTo(ProblemMessages.ZH_CN);
        assertThat(ProblemMessages.negotiate("en;q=0, de")).isEqualTo(ProblemMessages.ZH_CN);
        assertThat(ProblemMessages.negotiate("*")).isEqualTo(ProblemMessages.ZH_CN);
        assertThat(ProblemMessages.negotiate("not a ;; header q=x")).isEqualTo(ProblemMessages.ZH_CN);
        assertThat(ProblemMessages.languageTag(ProblemMessages.EN)).isEqualTo("en");
        assertThat(ProblemMessages.languageTag(ProblemMessages.ZH_CN)).isEqualTo("zh-CN");
    }

    @Test
    void bothLanguagesHaveTheSameKeysAndEveryCodeHasATitle() throws Exception {
        Properties zh = load("problems_zh_CN.properties");
        Properties en = load("problems_en.properties");
        assertThat(en.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(zh.stringPropertyNames());
        for (var field : ProblemCodes.class.getFields()) {
            if (field.getType() == String.class && !field.getName().equals("TYPE_BASE")) {
                String code = (String) field.get(null);
                assertThat(zh.getProperty("title." + code)).as("zh title of " + code).isNotBlank();
                assertThat(en.getProperty("title." + code)).as("en title of " + code).isNotBlank();
            }
        }
        assertThat(zh.getProperty("title.not-found")).isEqualTo("资源不存在"); // read as UTF-8
    }

    @Test
    void placeholdersAreNamedOrPositionalAndApostrophesAreSafe() {
        assertThat(ProblemMessages.format("detail.not-found", Map.of("0", new ProblemException.Msg("kind.department", "department"), "1", "x"),
                ProblemMessages.EN, null)).isEqualTo("There is no department \"x\".");
        assertThat(ProblemMessages.format("detail.not-found", Map.of("0", new ProblemException.Msg("kind.department", "department"), "1", "x"),
                ProblemMessages.ZH_CN, null)).isEqualTo("部门“x”不存在。");
        assertThat(ProblemMessages.format("xiaoneng.validation.code-format", Map.of(), ProblemMessages.EN, null))
                .isEqualTo("lower-case letters, digits and '-', starting with a letter or digit");
        assertThat(ProblemMessages.format("jakarta.validation.constraints.Size.message", Map.of("min", 1, "max", 40),
                ProblemMessages.EN, null)).isEqualTo("size must be between 1 and 40");
        assertThat(ProblemMessages.format("no.such.key", Map.of("a", "b"), ProblemMessages.EN, "literal {a} {unknown}"))
                .isEqualTo("literal b {unknown}");
    }

    @Test
    void aServiceBundleAddsNounsAndOverridesPlatformTexts() {
        assertThat(ProblemMessages.find("kind.widget", ProblemMessages.EN)).contains("widget of the test service");
        assertThat(ProblemMessages.find("kind.widget", ProblemMessages.ZH_CN)).contains("测试部件");
        assertThat(ProblemMessages.title("not-found", 404, ProblemMessages.EN)).isEqualTo("Nothing here (test service)");
        assertThat(ProblemMessages.title("not-found", 404, ProblemMessages.ZH_CN)).isEqualTo("资源不存在");
        // an unknown code falls back to the title of its status
        assertThat(ProblemMessages.title("some-service-code", 409, ProblemMessages.EN)).isEqualTo("Conflict");
    }

    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = ProblemMessages.class.getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
