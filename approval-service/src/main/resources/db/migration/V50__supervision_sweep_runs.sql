-- How many sweeps have run, and which replica ran the last one: an operator sees at a glance that several replicas
-- share one daily sweep (the count grows by one per day and calendar change, never by one per replica).
alter table supervision_sweep add column runs bigint not null default 1;
alter table supervision_sweep add column swept_by varchar(200);
