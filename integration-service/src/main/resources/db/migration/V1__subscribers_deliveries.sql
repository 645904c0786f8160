-- integration-service: subscribers of the outbound push and the delivery log (issue 7, outbound integration).

-- A subscriber endpoint registered by an administrator: where to POST, which event types, the HMAC secret.
create table subscriber (
    id           uuid primary key,
    name         varchar(200)  not null,
    url          varchar(2000) not null,
    -- HMAC-SHA256 key, shown once at registration; encrypted at rest (AES-GCM, xiaoneng.integration.secret.key)
    -- because signing needs it in clear, so it cannot be a hash.
    secret       varchar(500)  not null,
    -- CloudEvent types, one per line: exact types or prefixes ending in '*' ("xiaoneng.complaint.*")
    event_types  text          not null,
    owner_client varchar(100),
    active       boolean       not null default true,
    created_at   timestamptz   not null,
    created_by   varchar(100)  not null,
    version      bigint        not null default 0
);

-- One delivery per (subscriber, event): the CloudEvent in structured JSON, attempts, backoff and outcome.
create table delivery (
    id              uuid primary key,
    subscriber_id   uuid          not null references subscriber (id),
    event_id        varchar(200)  not null,
    event_type      varchar(200)  not null,
    subject         varchar(200),
    payload         text          not null,
    status          varchar(20)   not null check (status in ('PENDING', 'DELIVERED', 'DEAD')),
    attempts        int           not null default 0,
    next_attempt_at timestamptz   not null,
    last_attempt_at timestamptz,
    last_status     int,
    last_error      varchar(500),
    delivered_at    timestamptz,
    dead_at         timestamptz,
    created_at      timestamptz   not null,
    version         bigint        not null default 0,
    unique (subscriber_id, event_id)
);
-- the worker's query: due pending deliveries, oldest first
create index delivery_due on delivery (next_attempt_at) where status = 'PENDING';
create index delivery_log on delivery (created_at desc, id);
