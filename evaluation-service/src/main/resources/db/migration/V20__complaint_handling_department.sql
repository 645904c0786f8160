-- complaint-service's real contract (ComplaintEventTypes): besides the department complained about (`department`,
-- may be null) every event names the department the case is with (null before dispatch, after a bounce, when referred).
alter table complaint_projection add column handling_department varchar(40);
create index complaint_projection_handling_department_idx on complaint_projection (handling_department, handled_at);
