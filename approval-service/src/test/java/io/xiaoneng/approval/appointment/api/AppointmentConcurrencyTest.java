package io.xiaoneng.approval.appointment.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.xiaoneng.approval.appointment.app.MovableAppointmentClock;
import io.xiaoneng.approval.window.api.OrgFixtures;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.window.api.OrgFixtures.admin;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No overbooking under concurrent requests: many bookings released at the same instant against one slot, through
 * HTTP, then the database is asked what it holds.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class AppointmentConcurrencyTest {

    @Inject
    MovableAppointmentClock clock;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    String window;

    record Result(int status, String code, String id) {}

    @BeforeEach
    void setUp() {
        clock.setCenterTime(LocalDateTime.of(2026, 3, 1, 15, 0));
        window = OrgFixtures.window(List.of(OrgFixtures.department("conc")), false, false);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    long slot(String start, int capacity) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("windowCode", window, "date", "2026-03-02", "start", start, "end", "23:00", "kind", "REGULAR", "capacity", capacity))
                .when().post(SlotResourceTest.SLOTS).then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void thirtySimultaneousBookingsOfFivePlacesGiveExactlyFive() throws Exception {
        long slot = slot("09:00", 5);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tokens.add(token("conc-" + i + "-" + UUID.randomUUID(), null, "applicant"));
        }
        List<Result> results = race(tokens.stream().map(t -> (Callable<Result>) () -> post(t, slot)).toList());

        assertThat(results.stream().filter(r -> r.status() == 201)).hasSize(5);
        assertThat(results.stream().filter(r -> r.status() != 201))
                .hasSize(25)
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(409);
                    assertThat(r.code()).isEqualTo("slot-full");
                });
        assertThat(booked(slot)).isEqualTo(5);
        assertThat(activeBookings(slot)).isEqualTo(5);
    }

    @Test
    void oneApplicantClickingTenTimesAtOnceGetsOneBooking() throws Exception {
        long slot = slot("10:00", 5);
        String applicant = token("conc-double-" + UUID.randomUUID(), null, "applicant");
        List<Callable<Result>> same = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            same.add(() -> post(applicant, slot));
        }
        List<Result> results = race(same);

        assertThat(results.stream().filter(r -> r.status() == 201)).hasSize(1);
        // Every other click is told why: the booking exists (also one that raced past the first check: it looks
        // again once it holds the slot, and its rollback gives back the place it had taken).
        assertThat(results.stream().filter(r -> r.status() != 201))
                .allSatisfy(r -> assertThat(r.code()).isEqualTo("already-booked"));
        assertThat(booked(slot)).isEqualTo(1);
        assertThat(activeBookings(slot)).isEqualTo(1);
    }

    @Test
    void cancellationsRacingWithBookingsKeepTheCountExact() throws Exception {
        long slot = slot("11:00", 5);
        List<String> holders = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String t = token("conc-holder-" + i + "-" + UUID.randomUUID(), null, "applicant");
            holders.add(t);
            ids.add(post(t, slot).id());
        }
        List<Callable<Result>> work = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String t = holders.get(i);
            String id = ids.get(i);
            work.add(() -> send(t, "/api/v1/appointments/" + id + "/cancellation", null));
        }
        for (int i = 0; i < 15; i++) {
            String t = token("conc-late-" + i + "-" + UUID.randomUUID(), null, "applicant");
            work.add(() -> post(t, slot));
        }
        List<Result> results = race(work);

        assertThat(results.subList(0, 5)).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        long newBookings = results.subList(5, 20).stream().filter(r -> r.status() == 201).count();
        assertThat(results.subList(5, 20).stream().filter(r -> r.status() != 201))
                .allSatisfy(r -> assertThat(r.code()).isEqualTo("slot-full"));
        assertThat(newBookings).isBetween(0L, 5L);
        // Whatever the interleaving: the count is exactly the active bookings, never above capacity.
        assertThat(booked(slot)).isEqualTo((int) newBookings).isEqualTo(activeBookings(slot));
    }

    private Result post(String token, long slot) throws Exception {
        return send(token, "/api/v1/appointments", json.writeValueAsString(Map.of("slotId", slot, "itemCode", "ITEM-1")));
    }

    private Result send(String token, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        request.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = json.readTree(response.body());
        return new Result(response.statusCode(), node.path("code").asText(null), node.path("id").asText(null));
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** Runs all tasks on their own threads, released together by one latch. */
    private static List<Result> race(List<Callable<Result>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Callable<Result> task : tasks) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private int booked(long slot) throws Exception {
        return queryInt("select booked from appointment_slot where id = ?", slot);
    }

    private int activeBookings(long slot) throws Exception {
        return queryInt("select count(*) from appointment where slot_id = ? and status = 'BOOKED'", slot);
    }

    private int queryInt(String sql, long slot) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
