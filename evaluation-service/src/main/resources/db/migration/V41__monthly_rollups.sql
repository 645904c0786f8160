-- Monthly rollups of the measured facts the yearly report publishes (ratings, rectification rates, window ranking),
-- so that the report reads at most 12 rows per department and post instead of every case of the year
-- (bench/results/annual-report.md). They are derived data only: maintained by io.xiaoneng.evaluation.rollup.Rollups
-- in the same transaction as every change of the facts they sum (projection events through the idempotent inbox,
-- ratings, appeals, rectifications), emptied with their projection by a replay and rebuilt from the raw facts at its
-- end (Rollups.rebuild). The verification of a published report still recomputes from the raw facts.
-- "month" is the first day of the Beijing (Asia/Shanghai) month: of the completion for cases, of the finding for
-- complaints. Rows whose counts fell back to 0 may stay; readers ignore them.

-- Per department and month of completion: the figures of RatingStatistics.
create table department_month_rollup (
    department            varchar(40) not null,
    month                 date        not null check (extract(day from month) = 1),
    completed             bigint      not null,
    rated                 bigint      not null,
    valid                 bigint      not null,   -- rated and not excluded by an upheld appeal
    rank5                 bigint      not null,   -- valid ratings per level rank (5 = very satisfied)
    rank4                 bigint      not null,
    rank3                 bigint      not null,
    rank2                 bigint      not null,
    rank1                 bigint      not null,
    good                  bigint      not null,
    bad                   bigint      not null,
    excluded              bigint      not null,
    rect_opened           bigint      not null,   -- rectifications not cancelled
    rect_closed           bigint      not null,
    rect_closed_on_time   bigint      not null,
    rect_overdue_year_end bigint      not null,   -- still unfixed and due before the end of the completion year
    primary key (department, month)
);

-- Per post and month of completion: the cases the post's current holders handled (a case counted once per post).
create table post_month_rollup (
    post      varchar(40) not null,
    month     date        not null check (extract(day from month) = 1),
    handled   bigint      not null,
    decided   bigint      not null,
    on_time   bigint      not null,
    ratings   bigint      not null,   -- valid ratings of those cases
    rank_sum  bigint      not null,   -- sum of their level ranks (the average is rank_sum / ratings)
    primary key (post, month)
);

-- Per post and month of the finding: complaints against the post found substantiated or partly substantiated.
create table complaint_post_month_rollup (
    post           varchar(40) not null,
    month          date        not null check (extract(day from month) = 1),
    substantiated  bigint      not null,
    partly         bigint      not null,
    primary key (post, month)
);
