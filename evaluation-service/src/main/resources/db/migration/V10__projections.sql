-- Local projections of other services' facts (issue 6, part A), each fed through the idempotent inbox and
-- rebuildable from its topic (ProjectionReplay). Business tables never reference them with foreign keys: a replay
-- empties and refills them.

-- Working-day calendar years published by approval-service (topic xiaoneng.approval.calendar, compacted).
create table calendar_year_projection (
    year     integer      primary key,
    data     text         not null,   -- the year in the platform calendar format (CalendarEvents.YearData)
    as_of    timestamptz  not null,
    event_id varchar(200) not null
);

-- Service-center windows and staff posts (topic xiaoneng.approval.org, keys window:<code> / post:<code>).
create table window_projection (
    code             varchar(40)  primary key,
    name             varchar(200) not null,
    number           varchar(10)  not null,
    department_codes varchar(40)[] not null,
    active           boolean      not null,
    as_of            timestamptz  not null,
    event_id         varchar(200) not null
);
-- A removed post stays as a tombstone (removed = true) so that an older "registered" record cannot revive it.
create table post_projection (
    code        varchar(40)  primary key,
    window_code varchar(40)  not null,
    title       varchar(200),
    assignees   varchar(100)[] not null,
    removed     boolean      not null,
    as_of       timestamptz  not null,
    event_id    varchar(200) not null
);

-- Applications (topic xiaoneng.approval.applications): what evaluation needs to know about each case.
create table application_projection (
    application_id           uuid         primary key,
    tracking_number          varchar(40)  not null,
    item_code                varchar(60)  not null,
    item_version             integer      not null,
    department               varchar(40)  not null,
    composite                boolean      not null,
    status                   varchar(30)  not null,
    status_at                timestamptz  not null,    -- occurredAt of the event that set the status
    channel                  varchar(30),
    applicant_kind           varchar(20),
    submitted_at             timestamptz,
    accepted_at              timestamptz,
    decided_at               timestamptz,
    decided_on               date,
    decision                 varchar(20),
    decided_on_time          boolean,
    working_days             integer,
    completed_at             timestamptz,
    delivered_on_time        boolean
);
create index application_projection_department_idx on application_projection (department, completed_at);
create index application_projection_item_idx on application_projection (item_code, decided_at);

-- The officials who acted on a case (every event actor other than "system" and "applicant"): such an official can
-- never rate the case.
create table application_handler (
    application_id uuid         not null,
    actor          varchar(100) not null,
    first_at       timestamptz  not null,
    primary key (application_id, actor)
);
create index application_handler_actor_idx on application_handler (actor);

-- Complaints (topic xiaoneng.complaint.complaints): no personal data, only what the assessments count.
create table complaint_projection (
    complaint_id     varchar(100) primary key,
    channel          varchar(40),
    category         varchar(60),
    department       varchar(40),
    post             varchar(40),
    application_id   varchar(100),
    status           varchar(40)  not null,
    status_at        timestamptz  not null,
    received_at      timestamptz,
    handled_at       timestamptz,
    finding          varchar(30),            -- SUBSTANTIATED | PARTLY_SUBSTANTIATED | UNSUBSTANTIATED
    satisfied        boolean,
    closed_at        timestamptz,
    closed_on_time   boolean,
    reopen_count     integer      not null default 0,
    bounce_count     integer      not null default 0
);
create index complaint_projection_department_idx on complaint_projection (department, received_at);
create index complaint_projection_post_idx on complaint_projection (post, handled_at);
