-- Term targets of town heads (任期目标) and yearly investment-attraction targets of county departments (一岗双责)
-- with the sanction ladder driven by consecutive misses.

create table term_target (
    id                uuid          primary key,
    department_code   varchar(40)   not null,       -- the town
    head_name         varchar(100)  not null,       -- the town head (a public office holder)
    first_year        integer       not null,
    last_year         integer       not null,
    baseline_revenue  numeric(16, 2) not null,      -- fiscal revenue of the year before the term, 10k CNY (万元)
    status            varchar(20)   not null check (status in ('RUNNING', 'MET', 'NOT_MET')),
    reward            numeric(16, 2),
    reward_share      numeric(7, 6),                -- the share in force when the reward was computed
    case_id           uuid,
    created_by        varchar(100)  not null,
    created_at        timestamptz   not null,
    version           bigint        not null default 0,
    check (last_year >= first_year)
);
create index term_target_department on term_target (department_code, first_year);

-- One row per year of the term: the year's fiscal-revenue target (the last year's is the term target) and, once
-- evaluated, what was reached.
create table term_target_year (
    target_id       uuid          not null references term_target (id),
    year            integer       not null,
    target_revenue  numeric(16, 2) not null,
    actual_revenue  numeric(16, 2),
    met             boolean,
    primary key (target_id, year)
);

create table investment_target (
    id                  uuid          primary key,
    department_code     varchar(40)   not null,
    year                integer       not null,
    target_amount       numeric(16, 2) not null check (target_amount > 0),   -- 10k CNY (万元)
    attracted_amount    numeric(16, 2),
    met                 boolean,
    consecutive_misses  integer,
    evaluated_by        varchar(100),
    evaluated_at        timestamptz,
    created_by          varchar(100)  not null,
    created_at          timestamptz   not null,
    version             bigint        not null default 0,
    unique (department_code, year)
);

-- The ladder as data: the step for n consecutive misses is the one with the largest consecutive_misses <= n.
create table sanction_ladder_step (
    consecutive_misses      integer      primary key check (consecutive_misses >= 1),
    sanction                varchar(40)  not null unique,
    name_zh                 varchar(100) not null,
    name_en                 varchar(200) not null,
    opens_resignation_case  boolean      not null
);
insert into sanction_ladder_step (consecutive_misses, sanction, name_zh, name_en, opens_resignation_case) values
    (1, 'PUBLIC_CRITICISM',          '通报批评',           'public criticism',                                      false),
    (2, 'ADMONISHMENT_AND_OFF_POST', '诫勉谈话、离岗招商', 'admonishment talk and leaving the post to attract investment', false),
    (3, 'RESIGNATION',               '引咎辞职',           'resignation',                                           true);

create table sanction (
    id                  uuid          primary key,
    department_code     varchar(40)   not null,
    year                integer       not null,
    consecutive_misses  integer       not null,
    sanction            varchar(40)   not null,
    target_id           uuid          not null references investment_target (id),
    case_id             uuid,
    decided_by          varchar(100)  not null,
    decided_at          timestamptz   not null,
    unique (department_code, year)
);
