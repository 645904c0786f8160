-- Local projection of approval-service's departments (topic xiaoneng.approval.org), so evaluation never calls
-- another service to know a department.
create table department_projection (
    code        varchar(40)  primary key,
    name        varchar(200) not null,
    kind        varchar(20)  not null,
    parent_code varchar(40),
    active      boolean      not null,
    as_of       timestamptz  not null,   -- ce_time of the event that set this state
    event_id    varchar(200) not null
);
