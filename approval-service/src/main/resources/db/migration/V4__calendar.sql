-- The working-day calendar (item 8): approval-service owns it. One row per year, holding the year exactly in the
-- platform's format (io.xiaoneng.platform.calendar.CalendarYearParser, calendar/cn/<year>.json), validated before it
-- is stored. The years bundled with the platform are seeded on start where missing; an administrator loads new
-- years and corrects existing ones through PUT /api/v1/calendar/years/{year}.
create table calendar_year (
    year        integer      primary key check (year between 2000 and 9999),
    data        text         not null,                 -- the year as JSON in the platform format
    origin      varchar(10)  not null check (origin in ('BUNDLED', 'UPLOADED')),
    loaded_at   timestamptz  not null default now(),
    loaded_by   varchar(200) not null,                 -- user name, or 'system' for the bundled seed
    row_version bigint       not null default 0         -- ETag / If-Match, and what replicas compare to reload
);
