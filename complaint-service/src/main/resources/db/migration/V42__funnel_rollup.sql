-- Funnel statistics without scanning every complaint (README "Funnel statistics", bench/complaint-funnel.sh).
--
-- The funnel is a cohort view (complaints by receipt day) whose figures change as long as a case moves: a case
-- received a year ago may be closed today. So a nightly rollup alone would be stale, and a full aggregate over
-- complaint grows with the table (about 1 s per million rows here). What incremental view maintenance does (Oracle's
-- fast-refresh-on-commit materialized views, SQL Server's indexed views, pg_ivm, TimescaleDB's real-time continuous
-- aggregates) is done here explicitly, in two parts:
--
--  1. complaint_funnel_delta: every insert or update of a complaint that changes what it contributes to the funnel
--     appends, in the same transaction (trigger), its old contribution negated and its new one. Append-only: writers
--     never wait for one another on a shared counter row (no hot "today" row serializing the intake, no deadlocks
--     between transactions touching several cases).
--  2. complaint_funnel_daily: the deltas folded per (dimension, day, key) by the compaction job (every
--     xiaoneng.complaint.statistics.compaction-interval; one statement, "delete … returning" into an upsert, safe on
--     every replica). Small: ~70 rows a day (1 county + departments + handling departments + 6 categories + 8 channels).
--
-- A county-wide query reads the daily rows of its period plus the deltas not compacted yet, in one statement and so
-- in one snapshot: exact and current, whatever the compaction has done. Department-scoped queries (an official's
-- own department) stay on complaint, bounded by that department's own cases through the department indexes.

create table complaint_funnel_delta (
    day                 date         not null,   -- receipt day, Beijing time
    target_department   varchar(40)  not null,   -- '-' when none
    handling_department varchar(40)  not null,   -- '-' when none
    category_code       varchar(40)  not null,
    channel             varchar(20)  not null,
    received            integer      not null,   -- +1 / -1 (merged duplicates contribute nothing: they count in their master)
    accepted            integer      not null,
    referred            integer      not null,
    dispatched          integer      not null,
    handled             integer      not null,
    replied             integer      not null,
    rated               integer      not null,
    satisfied           integer      not null,
    closed              integer      not null,
    closed_on_time      integer      not null,
    accept_s double precision not null, accept_n integer not null,     -- seconds of the step, and how many had it
    dispatch_s double precision not null, dispatch_n integer not null,
    handle_s double precision not null, handle_n integer not null,
    reply_s double precision not null, reply_n integer not null,
    rate_s double precision not null, rate_n integer not null
);

create table complaint_funnel_daily (
    dimension  varchar(20)  not null check (dimension in ('COUNTY','DEPARTMENT','HANDLING_DEPARTMENT','CATEGORY','CHANNEL')),
    day        date         not null,
    key        varchar(40)  not null,
    received bigint not null, accepted bigint not null, referred bigint not null, dispatched bigint not null,
    handled bigint not null, replied bigint not null, rated bigint not null, satisfied bigint not null,
    closed bigint not null, closed_on_time bigint not null,
    accept_s double precision not null, accept_n bigint not null,
    dispatch_s double precision not null, dispatch_n bigint not null,
    handle_s double precision not null, handle_n bigint not null,
    reply_s double precision not null, reply_n bigint not null,
    rate_s double precision not null, rate_n bigint not null,
    primary key (dimension, day, key)
);

-- What one complaint contributes, times sign (+1 its new state, -1 its old one); nothing while it is a merged duplicate.
create function complaint_funnel_contribute(c complaint, sign integer) returns void language sql as $fn$
    insert into complaint_funnel_delta
    select (c.received_at at time zone 'Asia/Shanghai')::date,
           coalesce(c.target_department, '-'), coalesce(c.handling_department, '-'), c.category_code, c.channel,
           sign,
           sign * (c.accepted_at is not null)::int,
           sign * (c.referred_to is not null)::int,
           sign * (c.first_dispatched_at is not null)::int,
           sign * (c.handled_at is not null)::int,
           sign * (c.replied_at is not null)::int,
           sign * (c.rated_at is not null)::int,
           sign * (c.satisfied is true)::int,
           sign * (c.closed_at is not null)::int,
           sign * (c.closed_at is not null and c.overdue_steps = 0)::int,
           sign * coalesce(extract(epoch from c.accepted_at - c.received_at), 0)::double precision,
           sign * (c.accepted_at is not null)::int,
           sign * coalesce(extract(epoch from c.first_dispatched_at - c.accepted_at), 0)::double precision,
           sign * (c.first_dispatched_at is not null and c.accepted_at is not null)::int,
           sign * coalesce(extract(epoch from c.handled_at - c.dispatched_at), 0)::double precision,
           sign * (c.handled_at is not null and c.dispatched_at is not null)::int,
           sign * coalesce(extract(epoch from c.replied_at - coalesce(c.handled_at, c.accepted_at)), 0)::double precision,
           sign * (c.replied_at is not null and coalesce(c.handled_at, c.accepted_at) is not null)::int,
           sign * coalesce(extract(epoch from c.rated_at - c.replied_at), 0)::double precision,
           sign * (c.rated_at is not null and c.replied_at is not null)::int
    where c.status <> 'MERGED'
$fn$;

create function complaint_funnel_track() returns trigger language plpgsql as $fn$
begin
    if tg_op = 'UPDATE' then
        -- Most updates (deadline checks, redaction, deadline recounts, ETag-only changes) touch nothing the funnel
        -- counts: no delta at all.
        if (old.status, old.received_at, old.target_department, old.handling_department, old.category_code, old.channel,
            old.accepted_at, old.referred_to, old.first_dispatched_at, old.dispatched_at, old.handled_at, old.replied_at,
            old.rated_at, old.satisfied, old.closed_at, old.overdue_steps)
           is not distinct from
           (new.status, new.received_at, new.target_department, new.handling_department, new.category_code, new.channel,
            new.accepted_at, new.referred_to, new.first_dispatched_at, new.dispatched_at, new.handled_at, new.replied_at,
            new.rated_at, new.satisfied, new.closed_at, new.overdue_steps) then
            return null;
        end if;
        perform complaint_funnel_contribute(old, -1);
    end if;
    perform complaint_funnel_contribute(new, 1);
    return null;
end
$fn$;

create trigger complaint_funnel after insert or update on complaint
    for each row execute function complaint_funnel_track();

-- Department-scoped funnels read complaint itself: an official's department, by target or handling department,
-- within the period.
create index complaint_target_received on complaint (target_department, received_at);
create index complaint_handling_received on complaint (handling_department, received_at);
-- (target_department, received_at) serves every lookup by target department the old single-column index served.
drop index complaint_target_department;

-- The complaints registered before this migration: their contributions, as if they had just been written.
select complaint_funnel_contribute(c, 1) from complaint c;
