-- Windows of the county's service center (窗口) and the staff posts at them (岗位).
-- A window is never deleted: appointments and the window-post assessments refer to it; it is deactivated instead.
create table service_window (
    code            varchar(40)  primary key,
    name            varchar(200) not null,
    number          varchar(10)  not null unique,          -- the number shown above the counter, e.g. A01
    location        varchar(200) not null,
    extended_hours  boolean      not null default false,   -- 延时服务: lunch-break and evening slots on working days
    holiday_service boolean      not null default false,   -- 节假日服务: open on weekends and statutory holidays
    active          boolean      not null default true,
    created_at      timestamptz  not null default now(),
    version         bigint       not null default 0
);

-- The departments whose matters a window handles (a comprehensive window serves several).
create table service_window_department (
    window_code     varchar(40) not null references service_window (code),
    department_code varchar(40) not null references department (code),
    primary key (window_code, department_code)
);
create index service_window_department_dept_idx on service_window_department (department_code);

create table staff_post (
    code             varchar(40)  primary key,
    window_code      varchar(40)  not null references service_window (code),
    title            varchar(200) not null,
    responsibilities text         not null,
    created_at       timestamptz  not null default now(),
    version          bigint       not null default 0
);
create index staff_post_window_idx on staff_post (window_code);

-- The officials (Keycloak usernames) holding a post (岗位责任制: every post has named holders).
create table staff_post_assignee (
    post_code varchar(40)  not null references staff_post (code) on delete cascade,
    username  varchar(100) not null,
    primary key (post_code, username)
);
create index staff_post_assignee_username_idx on staff_post_assignee (username);
