-- Annual assessment of officials on 德能勤绩 (+廉): scores, the weighted total, the grade by score band and the final
-- grade after the cap on 优秀 of the department.
create table personal_assessment (
    id              uuid          primary key,
    year            integer       not null,
    department_code varchar(40)   not null,
    staff_ref       varchar(60)   not null,
    name            varchar(100)  not null,
    morality        numeric(5, 2) not null check (morality between 0 and 100),
    ability         numeric(5, 2) not null check (ability between 0 and 100),
    diligence       numeric(5, 2) not null check (diligence between 0 and 100),
    achievement     numeric(5, 2) not null check (achievement between 0 and 100),
    integrity       numeric(5, 2) check (integrity between 0 and 100),
    total           numeric(6, 3) not null,
    band_grade      varchar(30)   not null,
    grade           varchar(30),
    graded_by       varchar(100),
    graded_at       timestamptz,
    version         bigint        not null default 0,
    unique (year, staff_ref)
);
create index personal_assessment_department_year on personal_assessment (department_code, year);
