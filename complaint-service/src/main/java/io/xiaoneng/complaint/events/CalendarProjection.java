package io.xiaoneng.complaint.events;

import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.complaint.app.DeadlineRecalculation;
import io.xiaoneng.complaint.app.ProjectedCalendar;
import io.xiaoneng.platform.calendar.CalendarYearParser;
import io.xiaoneng.platform.events.CalendarEvents;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.RedrivableConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The working-day calendar years approval-service publishes ({@code xiaoneng.approval.calendar}, compacted, keyed by
 * year), applied once through the inbox. A year is checked with the platform's parser before it is stored: a year
 * the parser refuses is retried and dead-lettered, never half-applied. An older event (by ce_time) never
 * overwrites a newer year. A stored year recounts the running deadlines it affects ({@link DeadlineRecalculation});
 * {@link ProjectedCalendar} builds the calendar the deadlines are counted with.
 */
@ApplicationScoped
public class CalendarProjection implements RedrivableConsumer {

    public static final String CONSUMER = "complaint.calendar-projection";
    static final List<String> TYPES = List.of(CalendarEvents.YEAR_PUBLISHED.type());

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

    @Inject
    ProjectedCalendar calendar;

    @Inject
    DeadlineRecalculation deadlines;

    @Incoming("calendar")
    @Blocking
    public void onCalendarEvent(ConsumerRecord<String, byte[]> record) {
        take(record);
    }

    /** The path of one record of the channel, also a redrive's ({@link RedrivableConsumer}). */
    EventProcessor.Outcome take(ConsumerRecord<String, byte[]> record) {
        return processor.process(CONSUMER, TYPES, record, this::apply);
    }

    @Override
    public Map<String, Function<ConsumerRecord<String, byte[]>, EventProcessor.Outcome>> channels() {
        return Map.of("calendar", this::take);
    }

    void apply(InboundEvent event) {
        int year = event.data().get("year").asInt();
        String json = event.data().toString();
        CalendarYearParser.parse(json, year);
        int stored = em.createNativeQuery("""
                insert into calendar_year_projection (year, data, as_of, event_id) values (?1, ?2, ?3, ?4)
                on conflict (year) do update set data = excluded.data, as_of = excluded.as_of, event_id = excluded.event_id
                where calendar_year_projection.as_of <= excluded.as_of""")
                .setParameter(1, year)
                .setParameter(2, json)
                .setParameter(3, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC))
                .setParameter(4, event.id())
                .executeUpdate();
        if (stored > 0) {
            em.flush();
            deadlines.afterCalendarChange(year);
            calendar.changedInThisTransaction();
        }
    }
}
