-- Applications under the legal clock (Administrative License Law). The domain rules live in
-- io.xiaoneng.approval.application.domain; the checks here only keep impossible rows out.

create sequence application_tracking_seq;

create table application (
    id                     uuid         primary key,
    tracking_number        varchar(32)  not null unique,
    verification_hash      char(64)     not null,            -- SHA-256 hex of the tracking verification code
    item_code              varchar(60)  not null,
    item_version           integer      not null,
    item_name              varchar(300) not null,
    committed_limit_days   integer      not null check (committed_limit_days > 0),
    accept_with_pledge     boolean      not null,
    department_code        varchar(40)  not null references department (code),   -- handling / lead department
    composite              boolean      not null,
    applicant_kind         varchar(12)  not null check (applicant_kind in ('PERSON', 'ENTERPRISE')),
    applicant_name         varchar(200) not null,
    applicant_id_cipher    text         not null,            -- AES-GCM, see PiiCipher; never stored in clear
    applicant_id_masked    varchar(32)  not null,
    applicant_phone_cipher text,
    applicant_phone_masked varchar(32),
    applicant_account      varchar(100),
    channel                varchar(24)  not null check (channel in ('WINDOW', 'ONLINE', 'PROVINCIAL_PLATFORM', 'CITY_PLATFORM', 'AGENT')),
    submitted_by           varchar(100) not null,
    first_inquiry_officer  varchar(100),
    agent                  varchar(100),
    materials              varchar(300)[] not null default '{}',
    status                 varchar(24)  not null check (status in ('SUBMITTED', 'SUPPLEMENT_REQUESTED', 'RESUBMITTED',
                               'NOT_ACCEPTED', 'ACCEPTED', 'UNDER_REVIEW', 'PAUSED', 'APPROVED', 'DENIED',
                               'CERTIFICATE_DELIVERED', 'COMPLETED', 'WITHDRAWN')),
    paused_from            varchar(24),
    submitted_at           timestamptz  not null,
    received_on            date         not null,
    supplement_requested_at timestamptz,
    supplement_materials   varchar(300)[],
    supplement_note        varchar(1000),
    resubmitted_at         timestamptz,
    not_accepted_reason    varchar(2000),
    not_accepted_remedy    varchar(2000),
    accepted_on            date,
    accepted_at            timestamptz,
    accepted_by            varchar(100),
    deemed_accepted        boolean      not null default false,
    pledge_materials       varchar(300)[],
    pledge_deadline        date,
    decision_limit_days    integer      not null default 0,
    extension_days         integer      not null default 0 check (extension_days >= 0),
    extension_reason       varchar(2000),
    extended_by            varchar(100),
    extended_at            timestamptz,
    review_started_at      timestamptz,
    decided_on             date,
    decided_at             timestamptz,
    decided_by             varchar(100),
    decision_note          varchar(2000),
    denial_reasons         varchar(4000),
    denied_by_department   varchar(40),
    decision_due_on        date,
    decision_working_days  integer,
    decided_on_time        boolean,
    delivered_on           date,
    delivered_at           timestamptz,
    delivery_method        varchar(16),
    certificate_number     varchar(100),
    delivered_on_time      boolean,
    completed_at           timestamptz,
    withdrawn_at           timestamptz,
    withdrawal_reason      varchar(2000),
    version                bigint       not null default 0,
    foreign key (item_code, item_version) references catalog_item_version (implementation_code, version),
    check (status <> 'NOT_ACCEPTED' or (not_accepted_reason is not null and not_accepted_remedy is not null)),
    check (status <> 'DENIED' or denial_reasons is not null),
    check (status <> 'PAUSED' or paused_from is not null)
);
create index application_department_idx on application (department_code, status);
create index application_account_idx on application (applicant_account) where applicant_account is not null;
create index application_submitted_by_idx on application (submitted_by);
create index application_open_idx on application (status) where status not in ('NOT_ACCEPTED', 'COMPLETED', 'WITHDRAWN');

-- Pauses of the decision clock (art. 45), in order.
create table application_pause (
    application_id uuid         not null references application (id),
    position       integer      not null,
    reason         varchar(16)  not null check (reason in ('HEARING', 'INSPECTION', 'TESTING', 'QUARANTINE',
                                    'APPRAISAL', 'EXPERT_REVIEW', 'BIDDING', 'AUCTION')),
    note           varchar(1000),
    paused_on      date         not null,
    paused_at      timestamptz  not null,
    paused_by      varchar(100) not null,
    resumed_on     date,
    resumed_at     timestamptz,
    resumed_by     varchar(100),
    primary key (application_id, position),
    check (resumed_on is null or resumed_on >= paused_on)
);

-- One sub-case per department of a parallel approval (并联审批), each with its own clock.
create table application_sub_case (
    application_id  uuid         not null references application (id),
    position        integer      not null,
    department_code varchar(40)  not null references department (code),
    lead            boolean      not null,
    status          varchar(12)  not null check (status in ('WAITING', 'PENDING', 'APPROVED', 'DENIED', 'CLOSED')),
    started_on      date,
    started_at      timestamptz,
    decided_on      date,
    decided_at      timestamptz,
    decided_by      varchar(100),
    reasons         varchar(4000),
    primary key (application_id, position),
    unique (application_id, department_code)
);
create index application_sub_case_department_idx on application_sub_case (department_code, status);

-- The audit trail: who did what when, from which state to which. Append-only: the trigger refuses any
-- update or delete, so not even the service itself can rewrite history.
create table application_history (
    id             bigserial    primary key,
    application_id uuid         not null references application (id),
    at             timestamptz  not null,
    actor          varchar(100) not null,
    command        varchar(40)  not null,
    from_state     varchar(24),
    to_state       varchar(24)  not null,
    details        jsonb        not null default '{}'
);
create index application_history_application_idx on application_history (application_id, id);

create function application_history_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'application_history is append-only (% refused)', tg_op;
end;
$$;
create trigger application_history_no_update before update or delete on application_history
    for each row execute function application_history_append_only();
create trigger application_history_no_truncate before truncate on application_history
    for each statement execute function application_history_append_only();

-- E-supervision lights (电子监察), as last computed by a command or the supervision job. Kept apart from the
-- application row so that recomputing a light never changes the application's version (and so its ETag).
create table application_light (
    application_id     uuid         primary key references application (id),
    department_code    varchar(40)  not null,
    clock              varchar(12)  not null check (clock in ('ACCEPTANCE', 'DECISION', 'DELIVERY', 'NONE')),
    light              varchar(8)   check (light in ('GREEN', 'YELLOW', 'RED')),
    due_on             date,
    remaining_days     integer,
    overdue_days       integer,
    checked_on         date         not null,
    changed_at         timestamptz  not null
);
create index application_light_red_idx on application_light (light, department_code);
