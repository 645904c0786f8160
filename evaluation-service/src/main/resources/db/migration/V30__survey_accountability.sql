-- Year-end survey (年终评议) and accountability cases (问责). Part B of issue 6 uses versions V30-V49.

-- One survey per year. The accountability rules in force are frozen on the row when it is closed, so the
-- results read the same later whatever the configuration says then.
create table survey (
    year                   integer      primary key check (year between 2000 and 2100),
    status                 varchar(20)  not null check (status in ('OPEN', 'CLOSED')),
    opened_by              varchar(100) not null,
    opened_at              timestamptz  not null,
    closed_by              varchar(100),
    closed_at              timestamptz,
    explanation_threshold  numeric(7, 6),
    resignation_threshold  numeric(7, 6),
    minimum_valid          integer,
    confidence             numeric(7, 6),
    version                bigint       not null default 0
);

-- A service recipient who returned a ballot sheet. reference is the sheet number (or an enterprise's credit
-- code, which is public): never a person's name or ID number.
create table survey_respondent (
    id               uuid         primary key,
    survey_year      integer      not null references survey (year),
    reference        varchar(60)  not null,
    respondent_type  varchar(40)  not null,
    registered_by    varchar(100) not null,
    registered_at    timestamptz  not null,
    unique (survey_year, reference)
);

-- One ballot per respondent per department (the primary key says so).
create table survey_ballot (
    respondent_id    uuid         not null references survey_respondent (id),
    department_code  varchar(40)  not null,
    survey_year      integer      not null,
    verdict          varchar(30)  not null check (verdict in ('SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED', 'INVALID')),
    primary key (respondent_id, department_code)
);
create index survey_ballot_year_department on survey_ballot (survey_year, department_code, verdict);

-- What the closing decided per department (the ballots stay the raw facts it is recomputed from).
create table survey_result (
    survey_year          integer      not null references survey (year),
    department_code      varchar(40)  not null,
    ballots              integer      not null,
    valid_ballots        integer      not null,
    satisfied            integer      not null,
    basically_satisfied  integer      not null,
    dissatisfied         integer      not null,
    rate                 numeric(7, 6),
    wilson_low           numeric(7, 6) not null,
    wilson_high          numeric(7, 6) not null,
    outcome              varchar(30)  not null,
    case_id              uuid,
    primary key (survey_year, department_code)
);

-- An accountability case against a department's head: opened by the survey (explanation / resignation
-- required) or by a missed term or investment-attraction target (resignation required).
create table accountability_case (
    id                    uuid         primary key,
    kind                  varchar(30)  not null check (kind in ('EXPLANATION_REQUIRED', 'RESIGNATION_REQUIRED')),
    source                varchar(30)  not null check (source in ('SURVEY', 'TERM_TARGET', 'INVESTMENT_TARGET')),
    department_code       varchar(40)  not null,
    year                  integer      not null,
    status                varchar(30)  not null,
    dissatisfaction_rate  numeric(7, 6),
    valid_ballots         integer,
    target_id             varchar(60),
    statement             text,
    justification         text,
    decision_reason       text,
    opened_at             timestamptz  not null,
    updated_at            timestamptz  not null,
    version               bigint       not null default 0
);
create index accountability_case_department_year on accountability_case (department_code, year);
-- At most one survey case per department and year, whatever happens to a closing retried twice.
create unique index accountability_case_one_per_survey on accountability_case (department_code, year) where source = 'SURVEY';
