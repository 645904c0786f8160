-- Deemed-acceptance candidates (SupervisionSweep.DEEMED_CANDIDATES_SQL) read the clock inputs of every case waiting
-- for acceptance and keep the few whose limit ran out: with the inputs in the index (include) the query is an
-- index-only scan instead of one heap page per row (the 2026-11-27 plan: 14,658 heap blocks for 100 results).
drop index application_light_acceptance_idx;
create index application_light_acceptance_idx on application_light (clock_start)
    include (application_id, allowed_days, paused_days, paused_since) where clock = 'ACCEPTANCE';
