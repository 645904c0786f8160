-- Accept-with-pledge (容缺受理) deadline enforcement (issue 4): the pledge has a state of its own. OPEN until the
-- pledged materials arrive (FULFILLED) or the deadline passes without them (BROKEN, set by the supervision sweep or
-- by the next command/read of the case, with a history row and a pledge-broken event). A case with an outstanding
-- pledge cannot be approved (补齐后发证).
alter table application
    add column pledge_status       varchar(12) check (pledge_status in ('OPEN', 'FULFILLED', 'BROKEN')),
    add column pledge_broken_on    date,
    add column pledge_fulfilled_on date,
    add column pledge_fulfilled_by varchar(100),
    add constraint application_pledge_state_check check ((pledge_status is null) = (pledge_deadline is null));

-- pledges given before this migration are open
update application set pledge_status = 'OPEN' where pledge_deadline is not null;

-- The sweep's candidates: open pledges by deadline (a small partial index; fulfilled and broken ones leave it).
create index application_pledge_open_idx on application (pledge_deadline) where pledge_status = 'OPEN';
-- Supervisors' list of broken pledges.
create index application_pledge_broken_idx on application (department_code) where pledge_status = 'BROKEN';
