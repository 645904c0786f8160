package io.xiaoneng.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.xiaoneng.devstack.DevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser front-end: a static page on 127.0.0.1 logs in with keycloak-js (npm) against the stack's real
 * Keycloak and calls the API through the gateway, in headless Chromium (Debian's package, driven by playwright-core
 * from npm). Proves for browsers what the gateway promises: CORS for the configured origin only (a page on another
 * origin cannot read the answer), the token from Keycloak accepted at the edge, 401 problems readable by the page,
 * public routes open, and the request id echoed and exposed.
 *
 * <p>Needs node/npm (the npm packages are installed by this test with {@code npm ci} from
 * {@code src/test/browser/package-lock.json}) and Chromium ({@code /usr/bin/chromium}, Debian package
 * {@code chromium}, or {@code XIAONENG_CHROMIUM}); without them it is skipped with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserClientTest {

    static final int PORT_OFFSET = 21000;
    static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();

    Process launcher;
    final List<String> output = new ArrayList<>();
    HttpServer allowedSite;
    HttpServer refusedSite;
    String chromium;

    @BeforeAll
    void setUp() throws Exception {
        chromium = Optional.ofNullable(System.getenv("XIAONENG_CHROMIUM")).orElse("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(Path.of(chromium)),
                "Chromium not found at " + chromium + ": install Debian's package 'chromium' (apt-get install chromium) "
                        + "or set XIAONENG_CHROMIUM; the browser client test is skipped");
        assumeTrue(onPath("node") && onPath("npm"),
                "node and npm not found on PATH: the browser client test is skipped");
        npmCi();

        allowedSite = site("allowed");
        refusedSite = site("refused");
        startStack("http://127.0.0.1:" + allowedSite.getAddress().getPort());
    }

    @AfterAll
    void tearDown() throws Exception {
        if (allowedSite != null) allowedSite.stop(0);
        if (refusedSite != null) refusedSite.stop(0);
        if (launcher != null && launcher.isAlive()) {
            launcher.toHandle().destroy(); // SIGTERM: the launcher stops everything it started
            launcher.waitFor(2, TimeUnit.MINUTES);
        }
    }

    @Test
    void aPageOnAConfiguredOriginLogsInWithKeycloakJsAndCallsTheApiThroughTheGateway() throws Exception {
        JsonNode result = drive("http://127.0.0.1:" + allowedSite.getAddress().getPort() + "/",
                "http://127.0.0.1:" + refusedSite.getAddress().getPort() + "/", "head-market", "demo");
        assertThat(result.path("failure").isMissingNode()).as("browser run: %s", result).isTrue();

        assertThat(result.path("loginPage").asText()).as("keycloak-js sent the browser to Keycloak's login")
                .startsWith(keycloakUrl() + "/realms/xiaoneng/protocol/openid-connect/auth");
        JsonNode allowed = result.path("allowed");
        assertThat(allowed.path("authenticated").asBoolean()).as("%s", allowed).isTrue();
        assertThat(allowed.path("username").asText()).isEqualTo("head-market");

        JsonNode departments = allowed.path("departments");
        assertThat(departments.path("status").asInt()).as("%s", departments).isEqualTo(200);
        assertThat(departments.path("requestId").asText()).isEqualTo("browser-client-0001");
        assertThat(departments.path("traceparent").asText()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(departments.path("body").findValuesAsText("code")).contains("market", "housing");

        JsonNode withoutToken = allowed.path("withoutToken");
        assertThat(withoutToken.path("status").asInt()).as("%s", withoutToken).isEqualTo(401);
        assertThat(withoutToken.path("contentType").asText()).startsWith("application/problem+json");
        assertThat(withoutToken.path("body").path("code").asText()).isEqualTo("unauthorized");

        assertThat(allowed.path("catalog").path("status").asInt()).as("public catalog read").isEqualTo(200);

        JsonNode refused = result.path("refused").path("catalog");
        assertThat(refused.path("error").asText()).as("a page on an unlisted origin: %s", refused)
                .contains("Failed to fetch");
    }

    private JsonNode drive(String allowedUrl, String refusedUrl, String user, String password) throws Exception {
        Process node = new ProcessBuilder("node", "drive.mjs", chromium, allowedUrl, refusedUrl, user, password)
                .directory(BROWSER_DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String json = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no result from the browser driver:\n" + out));
        return new ObjectMapper().readTree(json);
    }

    /** The page and keycloak-js, served as static files; config.json tells the page where things are. */
    private HttpServer site(String mode) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/config.json")) {
                body = new ObjectMapper().writeValueAsBytes(Map.of("mode", mode, "gatewayUrl", gatewayUrl(),
                        "keycloakUrl", keycloakUrl(), "realm", "xiaoneng", "clientId", "xiaoneng-web"));
                type = "application/json";
            } else {
                Path file = switch (path) {
                    case "/", "/index.html" -> BROWSER_DIR.resolve("index.html");
                    case "/app.js" -> BROWSER_DIR.resolve("app.js");
                    case "/keycloak-js/keycloak.js" -> BROWSER_DIR.resolve("node_modules/keycloak-js/lib/keycloak.js");
                    default -> null;
                };
                if (file == null) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                body = Files.readAllBytes(file);
                type = path.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static void npmCi() throws Exception {
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(BROWSER_DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0).as("npm ci:\n%s", out).isTrue();
    }

    /** The run command's stack, on its own ports, with the gateway allowing the page's origin. */
    private void startStack(String pageOrigin) throws Exception {
        Path projectDir = Path.of("").toAbsolutePath().getParent();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = projectDir.resolve("devstack/target/classes") + ":" + projectDir.resolve("devstack/target/lib") + "/*";
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", classpath, DevStack.class.getName(),
                "--project-dir", projectDir.toString(), "--data-dir", projectDir.resolve("system-tests/target/browser-stack").toString(),
                "--port-offset", Integer.toString(PORT_OFFSET), "--fresh")
                .redirectErrorStream(true);
        pb.environment().put("XIAONENG_GATEWAY_CORS_ORIGINS", pageOrigin);
        launcher = pb.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    System.out.println("[stack] " + line);
                    if (line.startsWith(DevStack.READY_LINE)) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the launcher exited
            }
            ready.countDown();
        }, "browser-stack-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(8, TimeUnit.MINUTES) || !launcher.isAlive()) {
            synchronized (output) {
                throw new IllegalStateException("The stack did not start:\n" + String.join("\n", output));
            }
        }
    }

    static String gatewayUrl() { return "http://127.0.0.1:" + (8080 + PORT_OFFSET); }
    static String keycloakUrl() { return "http://127.0.0.1:" + (8180 + PORT_OFFSET); }

    private static boolean onPath(String command) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
