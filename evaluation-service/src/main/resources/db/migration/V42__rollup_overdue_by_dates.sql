-- "Overdue unfixed" of the monthly department rollup is now judged by the dates (Rollups.DEPARTMENT_FIGURES): a
-- rectification (not cancelled) due within the completion year and not fixed by its end (fixed_on null or on/after
-- 1 January of the next year). Until V41 it was judged by the current status (still OPEN, no fix at all), so a fix
-- after the year end lowered a figure of a year already reported. The deltas retract what the new rule computes,
-- so the stored column is recomputed here once with the new rule; every other column is unchanged.
with overdue as (
    select a.department,
           cast(date_trunc('month', a.completed_at at time zone 'Asia/Shanghai') as date) as month,
           count(*) as n
    from application_projection a
    join rating r on r.application_id = a.application_id
    join rectification x on x.rating_id = r.id
    where a.completed_at is not null
      and x.status <> 'CANCELLED'
      and x.due_on < make_date(cast(extract(year from a.completed_at at time zone 'Asia/Shanghai') as integer) + 1, 1, 1)
      and (x.fixed_on is null
           or x.fixed_on >= make_date(cast(extract(year from a.completed_at at time zone 'Asia/Shanghai') as integer) + 1, 1, 1))
    group by 1, 2
)
update department_month_rollup d
set rect_overdue_year_end = coalesce((select o.n from overdue o where o.department = d.department and o.month = d.month), 0);
