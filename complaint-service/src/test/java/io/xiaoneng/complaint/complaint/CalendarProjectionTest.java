package io.xiaoneng.complaint.complaint;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.complaint.events.CalendarProjection;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import io.xiaoneng.platform.events.CalendarEvents;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.xiaoneng.complaint.complaint.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deadlines are counted with the county's calendar as approval-service publishes it on
 * {@code xiaoneng.approval.calendar} (published here for real, as its outbox relay would), the bundled years being the
 * fallback: a published year gives deadlines where there were none, a corrected year (an extra holiday) moves new
 * and running deadlines, and a redelivered older event is a no-op (inbox). Year 2031: no other test uses it and
 * nothing is bundled for it.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "complaint"))
class CalendarProjectionTest {

    @Inject
    TestClock clock;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry registry;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void publishedHolidayMovesDeadlinesRedeliveryIsANoOp() {
        String dept = department();
        clock.set("2026-03-02"); // Monday, a bundled year: the fallback counts (accept within 1 working day)
        assertThat(register(null, web(dept)).get(intake()).<String>path("stepDueOn")).isEqualTo("2026-03-03");

        clock.set("2031-03-03"); // Monday of a year nobody has data for: no deadline rather than a guess
        Case early = register(null, web(dept));
        assertThat(early.get(intake()).<String>path("stepDueOn")).isNull();
        String earlyEtag = early.etag;

        String first = UUID.randomUUID().toString();
        publish(CalendarEvents.YEAR_PUBLISHED, "2031", year2031(false), first);
        await().atMost(Duration.ofSeconds(60)).until(() -> processed(first));
        assertThat(register(null, web(dept)).get(intake()).<String>path("stepDueOn")).isEqualTo("2031-03-04");
        var recounted = early.get(intake());
        assertThat(recounted.<String>path("stepDueOn")).as("a running deadline is recounted").isEqualTo("2031-03-04");
        assertThat(recounted.header("ETag")).as("the case itself did not change").isEqualTo(earlyEtag);

        // the county declares Tuesday 4 March a holiday: new and running deadlines move to Wednesday
        String corrected = UUID.randomUUID().toString();
        publish(CalendarEvents.YEAR_PUBLISHED, "2031", year2031(true), corrected);
        await().atMost(Duration.ofSeconds(60)).until(() -> processed(corrected));
        Case later = register(null, web(dept));
        assertThat(later.get(intake()).<String>path("stepDueOn")).isEqualTo("2031-03-05");
        assertThat(early.get(intake()).<String>path("stepDueOn")).isEqualTo("2031-03-05");
        later.ok(intake(), "accept", null); // dispatch within 1 working day, counted from Monday: Wednesday
        assertThat(later.get(intake()).<String>path("stepDueOn")).isEqualTo("2031-03-05");

        // the first event delivered again (its ce_time now newer): the inbox drops it, the correction stays
        double duplicates = duplicates();
        publish(CalendarEvents.YEAR_PUBLISHED, "2031", year2031(false), first);
        await().atMost(Duration.ofSeconds(60)).until(() -> duplicates() > duplicates);
        assertThat(register(null, web(dept)).get(intake()).<String>path("stepDueOn")).isEqualTo("2031-03-05");
        assertThat(early.get(intake()).<String>path("stepDueOn")).isEqualTo("2031-03-05");
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select event_id from calendar_year_projection where year = 2031").getSingleResult())).isEqualTo(corrected);
    }

    /** 2031 with its fixed-date statutory holidays; {@code extraHoliday}: Tuesday 4 March off as well. */
    static Map<String, Object> year2031(boolean extraHoliday) {
        List<Map<String, Object>> holidays = new ArrayList<>(List.of(
                Map.of("name", "元旦", "dates", List.of("2031-01-01")),
                Map.of("name", "劳动节", "dates", List.of("2031-05-01", "2031-05-02")),
                Map.of("name", "国庆节", "dates", List.of("2031-10-01", "2031-10-02", "2031-10-03"))));
        if (extraHoliday) {
            holidays.add(Map.of("name", "县级调休（测试）", "dates", List.of("2031-03-04")));
        }
        return Map.of("year", 2031, "sources", List.of("https://www.gov.cn/zhengce/2031-test"), "holidays", holidays,
                "makeUpWorkdays", List.of());
    }

    private boolean processed(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(
                "select 1 from inbox_event where event_id = ?1").setParameter(1, eventId).getResultList().isEmpty());
    }

    private double duplicates() {
        return registry.counter("xiaoneng.inbox.duplicates", "consumer", CalendarProjection.CONSUMER,
                "type", CalendarEvents.YEAR_PUBLISHED.type()).count();
    }
}
