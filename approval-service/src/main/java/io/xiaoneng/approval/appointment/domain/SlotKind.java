package io.xiaoneng.approval.appointment.domain;

/**
 * What kind of service time a slot is, which decides on which days it may lie (by the working-day calendar, never
 * by the weekday: make-up Saturdays are working days, holidays on weekdays are not).
 */
public enum SlotKind {
    /** Regular office hours: working days only. */
    REGULAR(true),
    /** 延时服务 (lunch break, evenings): working days only, at windows offering extended hours. */
    EXTENDED_HOURS(true),
    /** 节假日服务: non-working days only (weekends, statutory holidays), at windows offering holiday service. */
    HOLIDAY(false);

    private final boolean onWorkingDays;

    SlotKind(boolean onWorkingDays) {
        this.onWorkingDays = onWorkingDays;
    }

    /** Whether a slot of this kind may lie on a day that is ({@code true}) or is not a working day. */
    public boolean allowedOn(boolean workingDay) {
        return onWorkingDays == workingDay;
    }
}
