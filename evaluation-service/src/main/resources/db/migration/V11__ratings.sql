-- Ratings (好差评) of completed applications, the rectifications bad reviews open, and appeals against malicious
-- reviews (issue 6, part A). application_id refers to application_projection without a foreign key: projections are
-- emptied and rebuilt by a replay, ratings never are.
create table rating (
    id             uuid          primary key,
    application_id uuid          not null unique,          -- one rating per completed case
    department     varchar(40)   not null,
    item_code      varchar(60)   not null,
    rater          varchar(100)  not null,                 -- the applicant's username; never published
    level_code     varchar(30)   not null references rating_level (code),
    comment        varchar(1000),
    rated_at       timestamptz   not null,
    excluded       boolean       not null default false,   -- an upheld appeal: malicious, out of every statistic
    version        bigint        not null default 0
);
create index rating_department_idx on rating (department, rated_at);
create index rating_rater_idx on rating (rater);

create table rectification (
    id               uuid          primary key,
    rating_id        uuid          not null unique references rating (id),
    application_id   uuid          not null,
    department       varchar(40)   not null,
    status           varchar(20)   not null check (status in ('OPEN', 'FIXED', 'CALLED_BACK', 'CLOSED', 'CANCELLED')),
    opened_at        timestamptz   not null,
    due_on           date          not null,
    measures         varchar(4000),
    fixed_by         varchar(100),
    fixed_on         date,
    callback_attempts integer      not null default 0,
    callback_by      varchar(100),
    callback_on      date,
    callback_note    varchar(2000),
    rerating_level   varchar(30)   references rating_level (code),
    closed_at        timestamptz,
    on_time          boolean,
    version          bigint        not null default 0
);
create index rectification_department_idx on rectification (department, status);

create table rating_appeal (
    id            uuid          primary key,
    rating_id     uuid          not null unique references rating (id),   -- one appeal per rating
    department    varchar(40)   not null,
    filed_by      varchar(100)  not null,
    reason        varchar(4000) not null,
    filed_at      timestamptz   not null,
    status        varchar(20)   not null check (status in ('FILED', 'UPHELD', 'REJECTED')),
    decided_by    varchar(100),
    decision_note varchar(4000),
    decided_at    timestamptz,
    version       bigint        not null default 0
);
