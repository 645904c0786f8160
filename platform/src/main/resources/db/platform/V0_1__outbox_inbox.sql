-- Platform tables every service has (shipped in the platform jar, location db/platform). Platform migrations
-- use versions 0.x so they sort before every service migration.

-- Transactional outbox: an event row commits with the business change; the relay publishes it to Kafka and
-- deletes it once the broker acknowledged it (Kafka keeps the event; the table holds only what is unsent).
create table outbox_event (
    seq             bigserial    primary key,          -- publication order
    id              uuid         not null unique,      -- CloudEvent id
    topic           varchar(200) not null,
    bucket          smallint     not null,             -- hash of the key: one relay per bucket keeps key order
    aggregate_id    varchar(200) not null,             -- Kafka key and ce_subject
    type            varchar(200) not null,             -- ce_type
    source          varchar(200) not null,             -- ce_source
    dataschema      varchar(300) not null,
    payload         text         not null,             -- JSON data
    headers         text,                              -- extra headers as JSON (request id, traceparent)
    occurred_at     timestamptz  not null,
    attempts        integer      not null default 0,
    last_error      varchar(1000),
    next_attempt_at timestamptz  not null default now()
);

-- Idempotent consumers: a row per (consumer, CloudEvent id), written in the same transaction as the effect.
create table inbox_event (
    consumer     varchar(100) not null,
    event_id     varchar(200) not null,
    event_type   varchar(200),
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
