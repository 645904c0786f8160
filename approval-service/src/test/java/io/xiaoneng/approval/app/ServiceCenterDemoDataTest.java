package io.xiaoneng.approval.app;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.approval.appointment.app.MovableAppointmentClock;
import io.xiaoneng.approval.appointment.app.SlotDemoData;
import io.xiaoneng.approval.window.app.WindowDemoData;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;

/**
 * The demo windows, posts and a week of slots, loaded the way the run command loads them (departments first), and
 * loaded again without adding anything. "Today" is Monday 9 February 2026, so the week (10–16 February) holds the
 * 春节 make-up Saturday (14th, a working day) and the first two days of the break (15th, 16th).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class ServiceCenterDemoDataTest {

    @Inject
    DemoData departments;

    @Inject
    WindowDemoData windows;

    @Inject
    SlotDemoData slots;

    @Inject
    MovableAppointmentClock clock;

    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void demoWindowsPostsAndAWeekOfSlotsAreLoadedOnce() throws Exception {
        clock.setCenterTime(LocalDateTime.of(2026, 2, 9, 12, 0));
        departments.load();
        windows.load();
        slots.load();
        List<String> first = slotSummary();
        String counts = counts();

        departments.load();
        windows.load();
        slots.load();
        assertThat(slotSummary()).isEqualTo(first);
        assertThat(counts()).isEqualTo(counts);

        // 市场监管窗口: regular and extended-hours slots on the working days 10–14 Feb, holiday slots on 15–16 Feb.
        assertThat(first).contains(
                "market-window 2026-02-10 REGULAR 4", "market-window 2026-02-14 REGULAR 4",
                "market-window 2026-02-14 EXTENDED_HOURS 2", "market-window 2026-02-15 HOLIDAY 1",
                "market-window 2026-02-16 HOLIDAY 1");
        assertThat(first).noneMatch(s -> s.startsWith("market-window 2026-02-15 REGULAR"));
        // 住建窗口 offers no holiday service: nothing on the days off.
        assertThat(first).noneMatch(s -> s.startsWith("housing-window") && s.contains("HOLIDAY"));
        assertThat(first).contains("housing-window 2026-02-13 REGULAR 4");

        given().auth().oauth2(token("applicant-a", null, "applicant")).when().get("/api/v1/windows")
                .then().statusCode(200).body("name", hasItems("市场监管窗口", "住建窗口", "综合受理窗口"));
        given().auth().oauth2(token("clerk-market", "market", "clerk")).when().get("/api/v1/posts?assignee=clerk-market")
                .then().statusCode(200).body("code", hasItems("market-acceptance"));
    }

    /** "window date kind count" for the demo windows' slots. */
    private List<String> slotSummary() throws Exception {
        return query("""
                select window_code || ' ' || slot_date || ' ' || kind || ' ' || count(*) from appointment_slot
                where window_code in ('market-window', 'housing-window', 'general-window')
                group by window_code, slot_date, kind order by 1""");
    }

    private String counts() throws Exception {
        return query("""
                select (select count(*) from service_window where code in ('market-window', 'housing-window', 'general-window'))
                    || '/' || (select count(*) from staff_post where window_code in ('market-window', 'housing-window', 'general-window'))
                    || '/' || (select count(*) from department)""").get(0);
    }

    private List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
