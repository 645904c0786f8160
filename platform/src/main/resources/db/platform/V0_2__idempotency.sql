-- Idempotency-Key records (io.xiaoneng.platform.http.IdempotentRequests): the first successful response to a
-- creating request, replayed to retries with the same key. One row per (caller, key); rows expire after the
-- configured retention (xiaoneng.idempotency.retention, default 24h) and are deleted by a periodic cleanup.
create table idempotency_record (
    scope            varchar(255)  not null,          -- the caller: token subject, or 'anonymous'
    idempotency_key  varchar(255)  not null,          -- 1-255 printable ASCII characters
    request_method   varchar(10)   not null,
    request_path     varchar(2000) not null,
    request_hash     char(64)      not null,          -- SHA-256 hex of method, URI and canonical JSON body
    response_status  smallint      not null,
    response_headers text          not null,          -- JSON object: Location, ETag, Content-Location
    response_body    text,                            -- JSON as first sent
    created_at       timestamptz   not null default now(),
    expires_at       timestamptz   not null,
    primary key (scope, idempotency_key)
);
create index idempotency_record_expires_idx on idempotency_record (expires_at);
