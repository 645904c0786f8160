-- The yearly evaluation report: drafted by the evaluation committee from the raw facts, approved by a second member,
-- then public. content is the frozen snapshot exactly as serialized (text, not jsonb, so that it reproduces byte for
-- byte); content_sha256 lets anyone check a copy.
create table published_report (
    year            integer      primary key check (year between 2000 and 2100),
    status          varchar(20)  not null check (status in ('DRAFT', 'PUBLISHED')),
    content         text         not null,
    content_sha256  varchar(64)  not null,
    drafted_by      varchar(100) not null,
    drafted_at      timestamptz  not null,
    approved_by     varchar(100),
    published_at    timestamptz,
    version         bigint       not null default 0
);
