-- Public hospitality spending (公务接待费) per department and year, entered by the department or the committee: the
-- raw fact of the savings-rate indicator.
create table hospitality_spending (
    department_code  varchar(40)    not null,
    year             integer        not null check (year between 2000 and 2100),
    amount           numeric(16, 2) not null check (amount >= 0),   -- CNY
    entered_by       varchar(100)   not null,
    entered_at       timestamptz    not null,
    version          bigint         not null default 0,
    primary key (department_code, year)
);
