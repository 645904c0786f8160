package io.xiaoneng.approval.config;

import io.quarkus.vertx.http.runtime.TrustedProxyCheck;
import io.quarkus.vertx.http.runtime.TrustedProxyCheckPartConverter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peers whose X-Forwarded-For is believed must be addresses or ranges, read as such by Quarkus' own converter.
 * Whatever it reads as a host name (a bare {@code ::1} is host ":" with port 1) is looked up in DNS on every request
 * before the request is handled: keep-alive calls then waited about 90 ms each, so the gateway's throughput collapsed.
 */
class TrustedProxiesTest {

    @Test
    void theServicesTrustedProxiesAreAddressesNotHostNames() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        List<String> entries = split(properties.getProperty("quarkus.http.proxy.trusted-proxies"));
        assertThat(entries).contains("127.0.0.1", "[::1]");
        entries.forEach(TrustedProxiesTest::assertAddress);
    }

    @Test
    void theClustersTrustedProxiesAreAddressesNotHostNames() throws IOException {
        String manifest = Files.readString(Path.of("..", "k8s", "base", "approval-service.yaml"));
        Matcher m = Pattern.compile("name: QUARKUS_HTTP_PROXY_TRUSTED_PROXIES\\s+value: \"([^\"]+)\"").matcher(manifest);
        assertThat(m.find()).as("the manifest sets the trusted proxies").isTrue();
        split(m.group(1)).forEach(TrustedProxiesTest::assertAddress);
    }

    @Test
    void aBareIpv6AddressWouldBeTakenForAHostName() {
        // the rule the test relies on: if Quarkus ever reads "::1" as an address, this fails and the comment goes
        assertThat(hostName("::1")).isNotNull();
        assertThat(hostName("[::1]")).isNull();
        assertThat(hostName("fc00::/7")).isNull();
    }

    private static void assertAddress(String entry) {
        assertThat(hostName(entry)).as("'%s' is looked up as a host name on every request", entry).isNull();
    }

    private static String hostName(String entry) {
        TrustedProxyCheck.TrustedProxyCheckPart part = new TrustedProxyCheckPartConverter().convert(entry);
        try {
            Field hostName = TrustedProxyCheck.TrustedProxyCheckPart.class.getDeclaredField("hostName");
            hostName.setAccessible(true);
            return (String) hostName.get(part);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Quarkus' TrustedProxyCheckPart changed: adapt this test", e);
        }
    }

    private static List<String> split(String value) {
        assertThat(value).isNotBlank();
        return Arrays.stream(value.split(",")).map(String::trim).toList();
    }
}
