-- Working-day calendar years published by approval-service (topic xiaoneng.approval.calendar, log-compacted, keyed
-- by year; platform CalendarEvents). The deadlines of the four-step rule are counted with these years; a year not
-- published yet falls back to the platform's bundled data (see ProjectedCalendar).
create table calendar_year_projection (
    year     integer      primary key,
    data     text         not null,   -- the year in the platform calendar format (CalendarEvents.YearData)
    as_of    timestamptz  not null,   -- ce_time of the event that set this state: an older event never overwrites
    event_id varchar(200) not null
);
