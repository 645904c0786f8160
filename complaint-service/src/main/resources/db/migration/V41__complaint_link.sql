-- Related cases (关联件): the same matter reported through several channels, handled separately (unlike a merge,
-- both stay open, each with its own deadlines and reply). One row per pair, stored in id order so that A–B and B–A
-- are the same link; unlinking deletes the row (the audit trail of both cases keeps the history).
create table complaint_link (
    low_id     uuid          not null references complaint (id),
    high_id    uuid          not null references complaint (id),
    linked_by  varchar(100)  not null,
    linked_at  timestamptz   not null,
    reason     varchar(2000),
    primary key (low_id, high_id),
    check (low_id < high_id)
);
create index complaint_link_high on complaint_link (high_id);
