package io.xiaoneng.evaluation.projection;

import io.smallrye.common.annotation.Blocking;
import io.xiaoneng.platform.calendar.CalendarYearParser;
import io.xiaoneng.platform.events.CalendarEvents;
import io.xiaoneng.platform.events.EventProcessor;
import io.xiaoneng.platform.events.InboundEvent;
import io.xiaoneng.platform.events.RedrivableConsumer;
import io.xiaoneng.platform.events.Topics;
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
 * The working-day calendar years approval-service publishes (compacted topic, keyed by year). A year is checked
 * with the platform's parser before it is stored: a year the parser refuses is retried and dead-lettered, never
 * half-applied. {@link ProjectedCalendar} builds the calendar from these rows.
 */
@ApplicationScoped
public class CalendarProjection implements Projection, RedrivableConsumer {

    public static final String CONSUMER = "evaluation.calendar-projection";
    static final List<String> TYPES = List.of(CalendarEvents.YEAR_PUBLISHED.type());

    @Inject
    EventProcessor processor;

    @Inject
    EntityManager em;

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

    @Override
    public String name() {
        return "calendar";
    }

    @Override
    public String consumer() {
        return CONSUMER;
    }

    @Override
    public String topic() {
        return Topics.CALENDAR;
    }

    @Override
    public List<String> types() {
        return TYPES;
    }

    @Override
    public List<String> tables() {
        return List.of("calendar_year_projection");
    }

    @Override
    public void apply(InboundEvent event) {
        int year = event.data().get("year").asInt();
        String json = event.data().toString();
        CalendarYearParser.parse(json, year);
        em.createNativeQuery("""
                insert into calendar_year_projection (year, data, as_of, event_id) values (?1, ?2, ?3, ?4)
                on conflict (year) do update set data = excluded.data, as_of = excluded.as_of, event_id = excluded.event_id
                where calendar_year_projection.as_of <= excluded.as_of""")
                .setParameter(1, year)
                .setParameter(2, json)
                .setParameter(3, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC))
                .setParameter(4, event.id())
                .executeUpdate();
    }
}
