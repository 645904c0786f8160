-- Supervision sweep, set-based (issue 4): the light row keeps the inputs of its clock, so that the daily sweep
-- recomputes every open case's due day and light in one SQL statement (working-day arithmetic through arrays
-- of the calendar passed as parameters) and writes only the rows whose light or due day changed.
--
-- remaining_days / overdue_days change every working day for every case: storing them would rewrite every row
-- every day. They are computed when read (red list, events) instead. checked_on goes too: the sweep's state is
-- one row in supervision_sweep, not a date per case.
alter table application_light
    add column clock_start    date,             -- the day the running clock started (receipt, acceptance, decision)
    add column allowed_days   integer,          -- limit + extension, working days
    add column paused_days    integer not null default 0,  -- working days of closed pauses of this clock
    add column paused_since   date,             -- the day an open pause began (the due day moves on daily)
    add column yellow_percent integer check (yellow_percent between 0 and 100),
    add column next_change_on date,             -- the day the light turns next (yellow, then red); null: red or unknown
    drop column remaining_days,
    drop column overdue_days,
    drop column checked_on;
-- Rows written before this migration have no clock inputs (allowed_days is null): the first sweep recomputes
-- them case by case in Java, once.

drop index application_light_red_idx;
-- The red list: most overdue first = earliest due day first; partial, so it holds only the red cases.
create index application_light_red_idx on application_light (due_on, application_id) where light = 'RED';
create index application_light_red_department_idx on application_light (department_code, due_on, application_id) where light = 'RED';
-- The daily sweep reads only the cases whose light turns today, and those paused (their due day moves daily).
create index application_light_next_change_idx on application_light (next_change_on) where next_change_on is not null;
create index application_light_paused_idx on application_light (application_id) where paused_since is not null;
-- Candidates for deemed acceptance: cases waiting for the acceptance decision (a small share of the open ones).
create index application_light_acceptance_idx on application_light (clock_start) where clock = 'ACCEPTANCE';
-- Rows the sweep must fill in Java (legacy rows, see above).
create index application_light_legacy_idx on application_light (application_id) where allowed_days is null and clock <> 'NONE';

-- What the last sweep did; lets the scheduled job run once per day (and again when the calendar changes) on
-- whichever replica gets there first.
create table supervision_sweep (
    job                  varchar(40)  primary key,
    swept_on             date         not null,
    calendar_fingerprint varchar(64)  not null,
    started_at           timestamptz  not null,
    finished_at          timestamptz  not null,
    full_recompute       boolean      not null,     -- every open case (calendar changed), or only those due
    lights_changed       integer      not null,
    due_days_moved       integer      not null,
    deemed_accepted      integer      not null
);
