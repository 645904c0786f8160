-- Complaints under the four-step rule (有投必受、有受必理、有理必果、有果必复). See complaint-service README.

-- Local projection of approval-service's departments (topic xiaoneng.approval.org): complaints name a target
-- department without calling another service.
create table department_projection (
    code        varchar(40)  primary key,
    name        varchar(200) not null,
    kind        varchar(20)  not null,
    parent_code varchar(40),
    active      boolean      not null,
    as_of       timestamptz  not null,   -- ce_time of the event that set this state
    event_id    varchar(200) not null
);

-- Categories with their step limits in working days; null = the configured default
-- (xiaoneng.complaint.deadlines.*). Administrators change them through the API.
create table complaint_category (
    code          varchar(40)  primary key,
    name_zh       varchar(100) not null,
    name_en       varchar(100) not null,
    description   varchar(500),
    accept_days   integer check (accept_days >= 0),
    dispatch_days integer check (dispatch_days >= 0),
    handle_days   integer check (handle_days >= 1),
    reply_days    integer check (reply_days >= 0),
    reopen_days   integer check (reopen_days >= 0),
    active        boolean      not null default true,
    position      integer      not null default 0,
    version       bigint       not null default 0
);
insert into complaint_category (code, name_zh, name_en, description, position) values
    ('work-style',           '工作作风', 'work style',           '作风漂浮、推诿扯皮、门难进脸难看事难办', 1),
    ('delay',                '办事拖延', 'delay',                '超时限办理、久拖不办', 2),
    ('attitude',             '服务态度', 'attitude',             '态度生硬、刁难群众', 3),
    ('unlawful-fees',        '乱收费',   'unlawful fees',        '超标准、无依据收费或不按下限收取', 4),
    ('improper-hospitality', '违规接待', 'improper hospitality', '吃拿卡要、违规公务接待', 5),
    ('other',                '其他',     'other',                null, 6);

create sequence complaint_reference_seq;

create table complaint (
    id                  uuid         primary key,
    reference           varchar(20)  not null unique,        -- public number (Open311 service_request_id), guessable by design
    tracking_hash       char(64)     not null unique,        -- SHA-256 of the secret tracking code; the code itself is never stored
    channel             varchar(20)  not null,
    category_code       varchar(40)  not null references complaint_category (code),
    description         varchar(4000) not null,
    target_department   varchar(40),
    post_code           varchar(40),
    application_id      uuid,
    monitoring_point    varchar(40)  references monitoring_point (code),
    forwarded_reference varchar(100),                        -- the province's or city's own number
    open311_client      bigint,
    open311_token       uuid         unique,                -- GeoReport v2 token given to the submitting client
    address             varchar(300),
    lat                 double precision,
    lon                 double precision,
    anonymous           boolean      not null,
    -- complainant identity, AES-GCM encrypted (v1:…); null once redacted or when anonymous
    complainant_name    varchar(500),
    complainant_phone   varchar(500),
    complainant_contact varchar(1000),
    personal_data_redacted_at timestamptz,
    status              varchar(20)  not null,
    handling_department varchar(40),
    referred_to         varchar(200),
    bounce_count        integer      not null default 0,
    reopen_count        integer      not null default 0,
    overdue_steps       integer      not null default 0,     -- steps finished after their deadline
    finding             varchar(30),
    measures            varchar(4000),
    satisfied           boolean,
    merged_into         uuid         references complaint (id),
    received_at         timestamptz  not null,
    accepted_at         timestamptz,
    first_dispatched_at timestamptz,
    dispatched_at       timestamptz,
    handled_at          timestamptz,
    replied_at          timestamptz,
    rated_at            timestamptz,
    closed_at           timestamptz,
    step_due_on         date,                                -- deadline of the current step (end of that day, Beijing time)
    step_started_at     timestamptz  not null,
    step_seq            integer      not null default 0,     -- increments with every transition: alerts are per step instance
    alerts_checked_on   date,
    updated_at          timestamptz  not null,
    version             bigint       not null default 0,
    check (status in ('RECEIVED','ACCEPTED','REFERRED','DISPATCHED','AWAITING_DECISION','HANDLED','REPLIED','RATED','CLOSED','MERGED')),
    check (finding is null or finding in ('SUBSTANTIATED','PARTLY_SUBSTANTIATED','UNSUBSTANTIATED'))
);
-- One automatic supervision case per overdue application (redelivered or repeated red lights do not duplicate it).
create unique index complaint_supervision_per_application on complaint (application_id) where channel = 'E_SUPERVISION';
create index complaint_handling_department on complaint (handling_department, status);
create index complaint_target_department on complaint (target_department);
create index complaint_status_due on complaint (status, step_due_on);
create index complaint_received_at on complaint (received_at);
create index complaint_merged_into on complaint (merged_into) where merged_into is not null;
create index complaint_redaction on complaint (closed_at) where personal_data_redacted_at is null and closed_at is not null;
create index complaint_monitoring_point on complaint (monitoring_point) where monitoring_point is not null;

-- The reply, once per complainant: a merged case's reply reaches every complainant of its duplicates, and each
-- of them gives feedback on his own record.
create table complaint_reply (
    id            bigserial    primary key,
    complaint_id  uuid         not null references complaint (id),   -- the case that was answered (the master)
    addressee_id  uuid         not null references complaint (id),   -- whose complainant receives it
    text          varchar(4000) not null,
    replied_by    varchar(100) not null,
    replied_at    timestamptz  not null,
    satisfied     boolean,
    feedback_note varchar(2000),
    feedback_at   timestamptz,
    unique (complaint_id, addressee_id, replied_at)
);
create index complaint_reply_addressee on complaint_reply (addressee_id, replied_at desc);

-- Reminders before a step's deadline and overdue escalations, once per step instance and kind (several replicas
-- may run the job: the unique key makes a second insert a no-op).
create table complaint_alert (
    id            bigserial    primary key,
    complaint_id  uuid         not null references complaint (id),
    step_seq      integer      not null,
    kind          varchar(20)  not null check (kind in ('REMINDER','OVERDUE')),
    status        varchar(20)  not null,
    department    varchar(40),
    due_on        date         not null,
    created_at    timestamptz  not null,
    unique (complaint_id, step_seq, kind)
);
create index complaint_alert_department on complaint_alert (department, created_at desc);

-- Registered Open311 GeoReport v2 clients; only a SHA-256 of the API key is stored.
create table open311_client (
    id            bigserial    primary key,
    name          varchar(200) not null,
    api_key_hash  char(64)     not null unique,
    active        boolean      not null default true,
    created_at    timestamptz  not null
);
alter table complaint add constraint complaint_open311_client_fk foreign key (open311_client) references open311_client (id);
