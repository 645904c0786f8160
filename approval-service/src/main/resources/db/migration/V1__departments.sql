-- Departments of the county: county agencies, the towns, and the service-center window units.
create table department (
    code        varchar(40)  primary key,
    name        varchar(200) not null,
    kind        varchar(20)  not null check (kind in ('COUNTY_AGENCY', 'TOWN', 'WINDOW_UNIT')),
    parent_code varchar(40)  references department (code),
    active      boolean      not null default true,
    created_at  timestamptz  not null default now(),
    version     bigint       not null default 0
);
create index department_kind_idx on department (kind);
