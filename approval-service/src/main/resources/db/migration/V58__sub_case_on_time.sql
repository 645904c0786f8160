-- Whether each department decided its part of a parallel approval within its own limit, so that a participating
-- department's statistics count the sub-cases it handled (the case row belongs to the lead department).
alter table application_sub_case add column decided_on_time boolean;

-- Sub-cases decided before this column existed: the decision's history row recorded it.
update application_sub_case s
set decided_on_time = (h.details ->> 'subCaseOnTime')::boolean
from application_history h
where h.application_id = s.application_id
  and h.details ->> 'subCaseDepartment' = s.department_code
  and h.details ? 'subCaseOnTime'
  and s.decided_on is not null;
