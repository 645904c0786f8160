-- Window-post assessment (勤绩, issue 6 part A): entered inputs beside the measured facts of the projections, and the
-- standardized-window acceptance checklist (标准化服务窗口验收评比) with its reviews.

-- Attendance per post and month, entered by the department head or the efficiency office.
create table post_attendance (
    post_code    varchar(40)  not null,
    month        date         not null check (extract(day from month) = 1),
    due_days     integer      not null check (due_days between 0 and 31),
    present_days integer      not null check (present_days >= 0),
    entered_by   varchar(100) not null,
    entered_at   timestamptz  not null,
    version      bigint       not null default 0,
    primary key (post_code, month),
    check (present_days <= due_days)
);

-- The acceptance checklist: items with their maximum points (rules as data; the administrator maintains them).
create table acceptance_checklist_item (
    code       varchar(40)   primary key,
    title      varchar(200)  not null,
    max_points numeric(6, 1) not null check (max_points > 0),
    position   integer       not null,
    active     boolean       not null default true,
    version    bigint        not null default 0
);
insert into acceptance_checklist_item (code, title, max_points, position) values
    ('signage',          '窗口标识、岗位牌、办事指南公开规范', 15, 1),
    ('one-time-notice',  '一次性告知与材料清单公开',           15, 2),
    ('time-limits',      '承诺时限公开并按时办结',             20, 3),
    ('conduct',          '文明用语、着装与工作纪律',           15, 4),
    ('first-inquiry',    '首问责任与全程代办落实',             15, 5),
    ('fees',             '收费项目、依据、标准公开并按下限收取', 10, 6),
    ('records',          '台账、评价器与投诉处理记录完整',      10, 7);

-- One acceptance review per window and year, with the points given per item.
create table window_acceptance_review (
    id          uuid          primary key,
    window_code varchar(40)   not null,
    year        integer       not null,
    reviewed_by varchar(100)  not null,
    reviewed_at timestamptz   not null,
    total       numeric(7, 1) not null,
    max_total   numeric(7, 1) not null,
    passed      boolean       not null,
    version     bigint        not null default 0,
    unique (window_code, year)
);
create table window_acceptance_score (
    review_id uuid          not null references window_acceptance_review (id),
    item_code varchar(40)   not null references acceptance_checklist_item (code),
    points    numeric(6, 1) not null check (points >= 0),
    max_points numeric(6, 1) not null,
    note      varchar(1000),
    primary key (review_id, item_code)
);
