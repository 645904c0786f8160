package io.xiaoneng.approval.appointment.app;

import io.quarkus.runtime.StartupEvent;
import io.xiaoneng.approval.appointment.app.SlotService.SlotTime;
import io.xiaoneng.approval.appointment.domain.SlotKind;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.approval.window.app.WindowDemoData;
import io.xiaoneng.approval.window.domain.ServiceWindow;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A week of demo appointment slots (xiaoneng.demo-data=true) at the demo windows, from tomorrow on: regular slots on
 * working days, lunchtime and evening slots at windows with extended hours, holiday slots on the days off at windows
 * with holiday service. Generation keeps existing slots, so restarts add only the days that came into the week.
 */
@ApplicationScoped
public class SlotDemoData {

    private static final Logger LOG = Logger.getLogger(SlotDemoData.class);

    static final List<SlotTime> REGULAR = List.of(
            new SlotTime(LocalTime.of(9, 0), LocalTime.of(10, 0), 5),
            new SlotTime(LocalTime.of(10, 0), LocalTime.of(11, 0), 5),
            new SlotTime(LocalTime.of(14, 30), LocalTime.of(15, 30), 5),
            new SlotTime(LocalTime.of(15, 30), LocalTime.of(16, 30), 5));
    /** 延时服务: the lunch break and after closing time. */
    static final List<SlotTime> EXTENDED = List.of(
            new SlotTime(LocalTime.of(12, 0), LocalTime.of(13, 30), 3),
            new SlotTime(LocalTime.of(17, 30), LocalTime.of(18, 30), 3));
    static final List<SlotTime> HOLIDAY = List.of(
            new SlotTime(LocalTime.of(9, 30), LocalTime.of(11, 30), 5));

    @ConfigProperty(name = "xiaoneng.demo-data")
    boolean enabled;

    @Inject
    SlotService slots;

    @Inject
    Calendars calendars;

    @Inject
    AppointmentClock clock;

    void onStart(@Observes @Priority(WindowDemoData.PRIORITY + 10) StartupEvent event) {
        if (enabled) {
            load();
        }
    }

    /** Adds the missing demo slots of the coming week; public for the demo-data test, harmless to repeat. */
    @Transactional
    public void load() {
        LocalDate from = clock.today().plusDays(1);
        LocalDate to = from.plusDays(6);
        // A week reaching into a year without calendar data (late December before the State Council notice) is
        // cut at the year's end rather than guessed.
        while (!calendars.current().covers(to) && !to.isBefore(from)) {
            to = to.minusDays(1);
        }
        if (to.isBefore(from)) {
            LOG.warnf("Demo data: no appointment slots, no working-day calendar for %s", from);
            return;
        }
        int created = 0;
        for (String code : WindowDemoData.windowCodes()) {
            ServiceWindow window = ServiceWindow.findById(code);
            if (window == null || !window.active) {
                continue;
            }
            created += slots.generate(Caller.system(), window.code, from, to, SlotKind.REGULAR, REGULAR).created().size();
            if (window.extendedHours) {
                created += slots.generate(Caller.system(), window.code, from, to, SlotKind.EXTENDED_HOURS, EXTENDED).created().size();
            }
            if (window.holidayService) {
                created += slots.generate(Caller.system(), window.code, from, to, SlotKind.HOLIDAY, HOLIDAY).created().size();
            }
        }
        LOG.infof("Demo data: %d appointment slots added for %s to %s", created, from, to);
    }
}
