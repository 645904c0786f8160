-- The audit trail of every state change of every aggregate a service owns: who, when, what, before and after.
-- Append-only: triggers refuse update, delete and truncate, so not even the service itself can rewrite history.
create table audit_record (
    id             bigserial    primary key,
    at             timestamptz  not null,
    actor          varchar(100) not null,
    aggregate_type varchar(60)  not null,
    aggregate_id   varchar(100) not null,
    action         varchar(60)  not null,
    before_state   jsonb,
    after_state    jsonb,
    request_id     varchar(100)
);
create index audit_record_aggregate_idx on audit_record (aggregate_type, aggregate_id, id);

create function audit_record_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_record is append-only (% refused)', tg_op;
end;
$$;
create trigger audit_record_no_update before update or delete on audit_record
    for each row execute function audit_record_append_only();
create trigger audit_record_no_truncate before truncate on audit_record
    for each statement execute function audit_record_append_only();
