package io.xiaoneng.systemtests;

import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.xiaoneng.devstack.ChildProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Horizontal scale-out on one machine (issue 9, item 4): a second instance of every service — gateway, approval,
 * complaint, evaluation, integration — against the same PostgreSQL, Kafka and Keycloak, as a Kubernetes Deployment
 * with two replicas runs them. The same workload runs first on the launcher's single instances, then spread over
 * both; the results must be identical, no event may be published, applied or pushed twice, Kafka must share the
 * partitions between the instances, and the daily supervision sweep must run once however many replicas try.
 * Runs after the other end-to-end classes that use the stack and before the fault tests; stops what it started.
 */
@Order(80)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutTest {

    /** Second instances listen on their service's base port + 200 (8280 gateway, 8281 approval, …). */
    static final int SECOND = 200;
    /** A third approval-service for the scheduler race, on 8481. */
    static final int THIRD = 400;
    static final int CASES = 16;
    static final String APPLICATIONS_PREFIX = "xiaoneng.approval.application.";
    static final List<String> PUSHED_TYPES = List.of(APPLICATIONS_PREFIX + "submitted.v1", APPLICATIONS_PREFIX + "accepted.v1");

    static final List<String[]> summary = new ArrayList<>();
    static String item;
    static HttpServer receiver;
    /** Pushes received by the test's subscriber endpoint: CloudEvent id → how often. */
    static final Map<String, Integer> pushesById = new ConcurrentHashMap<>();
    /** … and per case (subject): the event types, with repetitions. */
    static final Map<String, List<String>> pushesBySubject = new ConcurrentHashMap<>();
    static String subscriberId;
    static List<Outcome> reference;
    /** The cases of the last {@link #run}, in filing order. */
    static List<UUID> lastCases;

    /** What a case ends as, everywhere it is seen: the comparison between the single- and the two-instance run. */
    record Outcome(String approvalStatus, String projectedStatus, int submittedEventsOnTopic, Map<String, Integer> pushedTypes) {}

    @BeforeAll
    static void stackAndSubscriber() throws Exception {
        SystemStack.get();
        item = given().baseUri(SystemStack.serviceUrl("approval")).queryParam("department", "market").queryParam("status", "RETAINED")
                .when().get("/api/v1/catalog/items").then().statusCode(200)
                .extract().path("items.find { !it.composite }.implementationCode");

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonPath event = new JsonPath(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                pushesById.merge(event.getString("id"), 1, Integer::sum);
                pushesBySubject.computeIfAbsent(event.getString("subject"), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(event.getString("type"));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        subscriberId = given().baseUri(RunningStack.gatewayUrl()).auth().oauth2(Tokens.of("admin")).contentType(ContentType.JSON)
                .body(Map.of("name", "scale-out test receiver",
                        "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                        "eventTypes", PUSHED_TYPES))
                .when().post("/api/v1/integration/subscribers").then().statusCode(201).extract().path("id");
    }

    @AfterAll
    static void stopWhatWasStarted() {
        try {
            if (subscriberId != null) {
                given().baseUri(RunningStack.gatewayUrl()).auth().oauth2(Tokens.of("admin"))
                        .when().post("/api/v1/integration/subscribers/" + subscriberId + "/deactivation");
            }
        } finally {
            SystemStack.stopReplacements();
            if (receiver != null) {
                receiver.stop(0);
            }
            StringBuilder sb = new StringBuilder("\nScale-out tests (two instances of every service)\n| check | cases tried | failures |\n|---|---:|---:|\n");
            summary.forEach(r -> sb.append("| ").append(String.join(" | ", r)).append(" |\n"));
            System.out.println(sb);
        }
    }

    @Test
    @Order(1)
    void theWorkloadOnSingleInstancesGivesTheReferenceResults() throws Exception {
        reference = run(List.of(RunningStack.gatewayUrl()));
        assertThat(reference).hasSize(CASES);
        summary.add(new String[] {"reference run on one instance of each service", Integer.toString(CASES), "0"});
    }

    @Test
    @Order(2)
    void twoInstancesOfEveryServiceShareTheWorkAndDoEverythingOnce() throws Exception {
        assertThat(reference).as("the single-instance run went first").isNotNull();
        String gateway2 = url(8080 + SECOND);
        Map<String, String> secondUpstreams = Map.of(
                "XIAONENG_GATEWAY_ROUTES_APPROVAL_URL", url(8081 + SECOND),
                "XIAONENG_GATEWAY_ROUTES_COMPLAINT_URL", url(8082 + SECOND),
                "XIAONENG_GATEWAY_ROUTES_EVALUATION_URL", url(8083 + SECOND),
                "XIAONENG_GATEWAY_ROUTES_INTEGRATION_URL", url(8084 + SECOND));
        Map<String, ChildProcess> started = new LinkedHashMap<>();
        started.put(url(8081 + SECOND), SystemStack.startInstance("approval-service", 8081 + SECOND, "approval", "approval-service-2", Map.of()));
        started.put(url(8082 + SECOND), SystemStack.startInstance("complaint-service", 8082 + SECOND, "complaint", "complaint-service-2", Map.of()));
        started.put(url(8083 + SECOND), SystemStack.startInstance("evaluation-service", 8083 + SECOND, "evaluation", "evaluation-service-2", Map.of()));
        started.put(url(8084 + SECOND), SystemStack.startInstance("integration-service", 8084 + SECOND, "integration", "integration-service-2", Map.of()));
        started.put(gateway2, SystemStack.startInstance("gateway", 8080 + SECOND, null, "gateway-2", secondUpstreams));
        for (var e : started.entrySet()) {
            awaitReady(e.getKey(), e.getValue());
        }
        // Kafka shares each consumer group's partitions between the two instances once both have joined.
        awaitBothMembersHavePartitions("evaluation-service.application-projection");
        awaitBothMembersHavePartitions("integration-service.push");

        Map<String, Double> before = counters();
        List<Outcome> scaled = run(List.of(RunningStack.gatewayUrl(), gateway2));
        Map<String, Double> after = counters();
        Map<String, Double> delta = new TreeMap<>();
        after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0.0)));

        assertThat(scaled).as("every case ends exactly as in the single-instance run (status, projection, events, pushes)")
                .isEqualTo(reference);
        // Each instance did part of the work: HTTP by the two gateways, events by Kafka's partition assignment.
        for (String evaluation : List.of("evaluation-1", "evaluation-2")) {
            assertThat(delta.get(evaluation + " applied")).as("events applied by %s", evaluation).isPositive();
            assertThat(delta.get(evaluation + " duplicates")).as("redelivered events %s applied again", evaluation).isZero();
        }
        for (String integration : List.of("integration-1", "integration-2")) {
            assertThat(delta.get(integration + " applied")).as("events fanned out by %s", integration).isPositive();
        }
        // Nothing twice: each of the cases' events on the topic is one inbox row of evaluation's projection, and the
        // two instances together applied exactly as many events as there are rows (none applied twice, none other).
        Set<String> events = new HashSet<>();
        FaultToleranceTest.eventIds(lastCases, null, Duration.ofMinutes(1)).values().forEach(events::addAll);
        int inboxRows = FaultToleranceTest.processedByEvaluation(events);
        assertThat(inboxRows).as("the cases' events applied by evaluation (submitted + accepted at least)")
                .isGreaterThanOrEqualTo(CASES + CASES / 2);
        assertThat(delta.get("evaluation-1 applied") + delta.get("evaluation-2 applied"))
                .as("events applied by both evaluation instances together = the cases' inbox rows").isEqualTo((double) inboxRows);
        int pushes = pushCount(lastCases);
        assertThat(pushesById.values()).as("pushes per event id (both runs)").allMatch(n -> n == 1);
        assertThat(delta.get("integration-1 delivered") + delta.get("integration-2 delivered"))
                .as("deliveries sent by both integration instances together = pushes received").isEqualTo((double) pushes);
        summary.add(new String[] {"two instances each: same results as one, nothing twice (work per instance: "
                + describe(delta) + ")", Integer.toString(CASES), "0"});
        summary.add(new String[] {"pushes received, each event once", Integer.toString(pushes), "0"});
    }

    /**
     * The daily supervision sweep with three approval replicas polling every second: however often the day is made
     * due again, it is swept exactly once each time ({@code supervision_sweep.runs}), by whichever replica came first.
     */
    @Test
    @Order(3)
    void theDailySweepRunsOnceWhateverTheNumberOfReplicas() throws Exception {
        Map<String, String> everySecond = Map.of("XIAONENG_APPROVAL_SUPERVISION_INTERVAL", "1s",
                "XIAONENG_APPROVAL_SUPERVISION_INITIAL_DELAY", "1s");
        ChildProcess fast1 = SystemStack.startInstance("approval-service", 8081 + THIRD, "approval", "approval-service-3", everySecond);
        ChildProcess fast2 = SystemStack.startInstance("approval-service", 8081 + THIRD + 1, "approval", "approval-service-4", everySecond);
        awaitReady(url(8081 + THIRD), fast1);
        awaitReady(url(8081 + THIRD + 1), fast2);
        long runsBefore = awaitSweptToday();
        int days = 6;
        Map<String, Integer> sweptBy = new TreeMap<>();
        for (int i = 0; i < days; i++) {
            sql("update supervision_sweep set swept_on = swept_on - 1 where job = 'supervision'");
            awaitSweptToday();
            Thread.sleep(2_500); // the other replicas poll again meanwhile: a second sweep of the day would show now
            sweptBy.merge(String.valueOf(query("select swept_by from supervision_sweep where job = 'supervision'")), 1, Integer::sum);
        }
        long runs = ((Number) query("select runs from supervision_sweep where job = 'supervision'")).longValue();
        assertThat(runs - runsBefore).as("sweeps run for %d days made due (by replica: %s)", days, sweptBy).isEqualTo(days);
        summary.add(new String[] {"daily sweep, several approval replicas (two polling every second): once per day (by " + sweptBy + ")",
                Integer.toString(days), Long.toString(Math.abs(runs - runsBefore - days))});
    }

    // --- the workload ---------------------------------------------------------------------------------------------

    /**
     * Files {@link #CASES} applications as applicant A and accepts every second one as the market clerk, the calls
     * going round-robin over {@code gateways}; then waits until every effect has arrived everywhere and reads the
     * outcome of each case in filing order.
     */
    static List<Outcome> run(List<String> gateways) throws Exception {
        List<UUID> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Response filed = given().baseUri(gateways.get(i % gateways.size())).auth().oauth2(Tokens.of("applicant-a"))
                    .contentType(ContentType.JSON).body(FaultToleranceTest.application(item))
                    .when().post("/api/v1/applications");
            assertThat(filed.statusCode()).as(filed.asString()).isEqualTo(201);
            cases.add(UUID.fromString(filed.path("application.id")));
        }
        for (int i = 0; i < CASES; i += 2) {
            String gateway = gateways.get((i / 2) % gateways.size());
            String etag = given().baseUri(gateway).auth().oauth2(Tokens.of("clerk-market"))
                    .when().get("/api/v1/applications/" + cases.get(i)).then().statusCode(200).extract().header("ETag");
            given().baseUri(gateway).auth().oauth2(Tokens.of("clerk-market")).header("If-Match", etag)
                    .contentType(ContentType.JSON).body("{}")
                    .when().post("/api/v1/applications/" + cases.get(i) + "/acceptance").then().statusCode(200);
        }
        assertThat(FaultToleranceTest.awaitProjected(cases, Duration.ofMinutes(2))).as("cases never projected").isEmpty();
        Map<UUID, String> source = awaitProjectedStatusesEqual(cases, Duration.ofMinutes(2));
        int expectedPushes = CASES + CASES / 2;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (pushCount(cases) < expectedPushes && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        Thread.sleep(3_000); // a duplicate push would arrive now
        Map<UUID, Set<String>> submitted = FaultToleranceTest.submittedEventIds(cases, Duration.ofMinutes(1));
        Map<UUID, String> projected = FaultToleranceTest.statuses("evaluation",
                "select application_id, status from application_projection where application_id in (" + idList(cases) + ")");
        List<Outcome> out = new ArrayList<>();
        for (UUID id : cases) {
            Map<String, Integer> types = new TreeMap<>();
            for (String t : pushesBySubject.getOrDefault(id.toString(), List.of())) {
                types.merge(t, 1, Integer::sum);
            }
            out.add(new Outcome(source.get(id), projected.get(id), submitted.getOrDefault(id, Set.of()).size(), types));
        }
        lastCases = cases;
        return out;
    }

    static int pushCount(List<UUID> cases) {
        return cases.stream().mapToInt(id -> pushesBySubject.getOrDefault(id.toString(), List.of()).size()).sum();
    }

    /** approval's statuses of {@code cases}, once evaluation's projection shows the same for each. */
    static Map<UUID, String> awaitProjectedStatusesEqual(List<UUID> cases, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<UUID, String> source = FaultToleranceTest.statuses("approval",
                    "select id, status from application where id in (" + idList(cases) + ")");
            Map<UUID, String> projected = FaultToleranceTest.statuses("evaluation",
                    "select application_id, status from application_projection where application_id in (" + idList(cases) + ")");
            if (source.equals(projected) || System.nanoTime() > deadline) {
                assertThat(projected).as("evaluation's projection of the cases").isEqualTo(source);
                return source;
            }
            Thread.sleep(250);
        }
    }

    static String idList(List<UUID> ids) {
        return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
    }

    // --- instances, Kafka groups, metrics -------------------------------------------------------------------------

    static String url(int basePort) {
        return "http://127.0.0.1:" + (basePort + RunningStack.PORT_OFFSET);
    }

    static void awaitReady(String url, ChildProcess process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (FaultToleranceTest.readiness(url) != 200) {
            process.checkAlive();
            assertThat(System.nanoTime()).as("%s ready within 4 minutes (log: %s)", process.name(), process.log()).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    static void awaitBothMembersHavePartitions(String group) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + (9092 + RunningStack.PORT_OFFSET));
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            List<Integer> assigned;
            do {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                assigned = d.members().stream().map(MemberDescription::assignment).map(a -> a.topicPartitions().size()).toList();
                if (assigned.size() >= 2 && assigned.stream().allMatch(n -> n > 0)) {
                    return;
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            assertThat(assigned).as("partitions per member of consumer group %s", group).hasSizeGreaterThanOrEqualTo(2).allMatch(n -> n > 0);
        }
    }

    /** The counters that show who did what, per instance. */
    static Map<String, Double> counters() {
        Map<String, Double> out = new HashMap<>();
        out.put("approval-1 published", metric(SystemStack.serviceUrl("approval"), "xiaoneng_outbox_published_total", null));
        out.put("approval-2 published", metric(url(8081 + SECOND), "xiaoneng_outbox_published_total", null));
        out.put("evaluation-1 applied", metric(SystemStack.serviceUrl("evaluation"), "xiaoneng_inbox_applied_total", "evaluation.application-projection"));
        out.put("evaluation-2 applied", metric(url(8083 + SECOND), "xiaoneng_inbox_applied_total", "evaluation.application-projection"));
        out.put("evaluation-1 duplicates", metric(SystemStack.serviceUrl("evaluation"), "xiaoneng_inbox_duplicates_total", "evaluation.application-projection"));
        out.put("evaluation-2 duplicates", metric(url(8083 + SECOND), "xiaoneng_inbox_duplicates_total", "evaluation.application-projection"));
        out.put("integration-1 applied", metric(SystemStack.serviceUrl("integration"), "xiaoneng_inbox_applied_total", "integration.push"));
        out.put("integration-2 applied", metric(url(8084 + SECOND), "xiaoneng_inbox_applied_total", "integration.push"));
        out.put("integration-1 delivered", metric(SystemStack.serviceUrl("integration"), "xiaoneng_integration_deliveries_delivered_total", null));
        out.put("integration-2 delivered", metric(url(8084 + SECOND), "xiaoneng_integration_deliveries_delivered_total", null));
        return out;
    }

    /** The sum of a Prometheus counter's series, optionally only those of one {@code consumer}. */
    static double metric(String service, String name, String consumer) {
        String text = given().baseUri(service).when().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (consumer == null || line.contains("consumer=\"" + consumer + "\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    static String describe(Map<String, Double> delta) {
        StringBuilder sb = new StringBuilder();
        delta.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v.longValue()));
        return sb.toString();
    }

    // --- the supervision sweep --------------------------------------------------------------------------------------

    /** Waits until the sweep row says today (Beijing) and returns its run count. */
    static long awaitSweptToday() throws Exception {
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            Object sweptOn = query("select swept_on from supervision_sweep where job = 'supervision'");
            if (sweptOn != null && today.toString().equals(sweptOn.toString())) {
                return ((Number) query("select runs from supervision_sweep where job = 'supervision'")).longValue();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the supervision sweep did not run for " + today + " within a minute");
    }

    static Object query(String sql) throws Exception {
        return query("approval", sql);
    }

    static Object query(String database, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SystemStack.jdbcUrl(database), "xiaoneng", "xiaoneng");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    static void sql(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SystemStack.jdbcUrl("approval"), "xiaoneng", "xiaoneng");
             Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
