-- The sanction ladder as versioned, effective-dated data (issue 6): the committee changes the rules by adding a
-- version that applies from a given year on. A sanction records the version it was decided under; a new version never
-- rewrites a past decision, and it may not start in a year in which sanctions were already decided (the departments
-- of one year are judged by one ladder).
create table sanction_ladder_version (
    version              integer       primary key check (version >= 1),
    effective_from_year  integer       not null unique check (effective_from_year between 2000 and 2100),
    note                 varchar(2000),
    created_by           varchar(100)  not null,
    created_at           timestamptz   not null
);
-- The seeded ladder of V31 (the report's three steps) becomes version 1, in force from the first possible year.
insert into sanction_ladder_version (version, effective_from_year, note, created_by, created_at)
values (1, 2000, '通报批评 / 诫勉谈话、离岗招商 / 引咎辞职 (seeded)', 'system', now());

alter table sanction_ladder_step add column version integer not null default 1 references sanction_ladder_version (version);
alter table sanction_ladder_step alter column version drop default;
alter table sanction_ladder_step drop constraint sanction_ladder_step_pkey;
alter table sanction_ladder_step drop constraint sanction_ladder_step_sanction_key;
alter table sanction_ladder_step add primary key (version, consecutive_misses);
alter table sanction_ladder_step add constraint sanction_ladder_step_version_sanction_key unique (version, sanction);

alter table sanction add column ladder_version integer references sanction_ladder_version (version);
update sanction set ladder_version = 1;
alter table sanction alter column ladder_version set not null;
