-- Service commitments (服务承诺制, issue 6 part A): each department's year-start commitments, submitted by a deadline,
-- approved by the evaluation committee, and checked at year end against the measured facts, with the evidence.
create table commitment_set (
    id            uuid         primary key,
    department    varchar(40)  not null,
    year          integer      not null,
    status        varchar(20)  not null check (status in ('DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'CHECKED')),
    submitted_by  varchar(100),
    submitted_at  timestamptz,
    decided_by    varchar(100),
    decided_at    timestamptz,
    decision_note varchar(2000),
    checked_by    varchar(100),
    checked_at    timestamptz,
    version       bigint       not null default 0,
    unique (department, year)
);

create table commitment (
    id                uuid          primary key,
    set_id            uuid          not null references commitment_set (id),
    position          integer       not null,
    kind              varchar(20)   not null check (kind in ('TIME_LIMIT', 'ON_TIME_RATE', 'SATISFACTION', 'FREE_TEXT')),
    item_code         varchar(60),                -- TIME_LIMIT: the approval item
    target            numeric(7, 2),              -- working days (TIME_LIMIT) or percent (rates)
    text              varchar(2000) not null,     -- the commitment as published
    result            varchar(20)   check (result in ('MET', 'NOT_MET', 'NO_DATA')),
    measured          numeric(9, 2),
    evidence          text,                       -- JSON: the numbers and the query period the result rests on
    assessed_by       varchar(100),               -- FREE_TEXT: assessed manually by the committee
    assessment_note   varchar(2000),
    unique (set_id, position),
    check ((kind = 'TIME_LIMIT') = (item_code is not null)),
    check ((kind = 'FREE_TEXT') = (target is null))
);
