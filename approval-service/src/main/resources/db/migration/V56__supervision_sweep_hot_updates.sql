-- The daily supervision sweep at 1,000,000 open cases (issue 4; bench/results/supervision-sweep.md). What a day of the
-- sweep costs is the rows it changes (50,000–120,000) and the light-changed events it inserts; this migration makes
-- each of them cheaper:
--
-- 1. The event's constant case data lives in the light row (kept by every command's light upsert, Supervision), so
--    the sweep's event insert needs no join to `application` (one random heap page per event). `status` is the case's
--    status: every command and the sweep's deemed acceptances rewrite the light row after a transition.
-- 2. The hash of the Kafka key (Java's String.hashCode of the case id's text, the platform outbox's bucket rule) is a
--    generated column: the event's outbox bucket is floorMod(key_hash, buckets), not 36 multiplications per event.
-- 3. HOT updates: a row version written in place on its page without new index entries needs that no b-tree indexes a
--    column the update changes. The sweep changes light, due_on, next_change_on and changed_at; so
--    - the red list's indexes no longer use `light` and `due_on` but `red_due_on`, generated, set only for red
--      lights: a light turning yellow, or a paused case's due day moving on, leaves it null and the update HOT;
--    - the turning-day index is a BRIN index (summarizing: PostgreSQL 16+ does not count it against HOT);
--    - fillfactor 80 leaves room on each page for the new versions.
--    Only a case turning red (or a red case whose due day moves) gets new b-tree entries.
-- 4. A paused case's light cannot change while it is paused (its due day moves on with every paused working day, its
--    remaining days stand still), except for a case with no day left, which is red on a day off after its due day. So
--    the sweep reads a paused case only while it is red or has no day left (next_change_on = paused_since, i.e. every
--    day), not every paused case every day; the due_on of another paused case is that of the day it was last written
--    (the case's own API computes its clock itself; a command's upsert or the resumption rewrites it).

alter table application_light
    add column tracking_number varchar(32),
    add column item_code       varchar(60),
    add column item_version    integer,
    add column composite       boolean,
    add column status          varchar(24);    -- application.status, for the light-changed event

-- backfill, and the paused cases' turning day under the new rule: every paused case is read by the first sweep, which
-- keeps the day only for those that may still turn
update application_light l
   set tracking_number = a.tracking_number, item_code = a.item_code, item_version = a.item_version,
       composite = a.composite, status = a.status,
       next_change_on = case when l.paused_since is not null then l.paused_since else l.next_change_on end
  from application a
 where a.id = l.application_id;

alter table application_light
    alter column tracking_number set not null,
    alter column item_code set not null,
    alter column item_version set not null,
    alter column composite set not null,
    alter column status set not null;

-- Java's String.hashCode of a UUID's text (36 characters: 32 lower-case hex digits and 4 dashes), i.e.
-- s[0]·31^35 + … + s[35] modulo 2^32, signed. Computed from the 16 bytes (uuid_send), not from the text: the
-- character of a hex digit d is '0' + d, plus 39 more for a–f; the powers of 31 modulo 2^32 are constants. Every term
-- is below 2^38, the sum below 2^46: no bigint overflow. Single expressions, so PostgreSQL inlines both functions
-- (a few microseconds per call: the generated key_hash below is computed at every insert). LightEventBucketTest
-- checks it against Java.
create function xn_hex_digit_offset(d integer) returns integer language sql immutable strict parallel safe as $$
    select d + 39 * ((d + 6) >> 4)
$$;
create function xn_uuid_text_hash(id uuid) returns integer language sql immutable strict parallel safe as $$
    select (((2952071499840  -- the 32 hex digits' '0' and the 4 dashes' '-', times their powers of 31
        + xn_hex_digit_offset(get_byte(uuid_send($1), 0) >> 4)::bigint * 1950300255 + xn_hex_digit_offset(get_byte(uuid_send($1), 0) & 15)::bigint * 1725480897
        + xn_hex_digit_offset(get_byte(uuid_send($1), 1) >> 4)::bigint * 1025491999 + xn_hex_digit_offset(get_byte(uuid_send($1), 1) & 15)::bigint * 2111290369
        + xn_hex_digit_offset(get_byte(uuid_send($1), 2) >> 4)::bigint * 2284863455 + xn_hex_digit_offset(get_byte(uuid_send($1), 2) & 15)::bigint * 350799937
        + xn_hex_digit_offset(get_byte(uuid_send($1), 3) >> 4)::bigint * 11316127 + xn_hex_digit_offset(get_byte(uuid_send($1), 3) & 15)::bigint * 693101697
        + xn_hex_digit_offset(get_byte(uuid_send($1), 4) >> 4)::bigint * 961614017 + xn_hex_digit_offset(get_byte(uuid_send($1), 4) & 15)::bigint * 31019807
        + xn_hex_digit_offset(get_byte(uuid_send($1), 5) >> 4)::bigint * 2217757953 + xn_hex_digit_offset(get_byte(uuid_send($1), 5) & 15)::bigint * 4227960543
        + xn_hex_digit_offset(get_byte(uuid_send($1), 6) >> 4)::bigint * 2256911007 + xn_hex_digit_offset(get_byte(uuid_send($1), 6) & 15)::bigint * 211350913
        + xn_hex_digit_offset(get_byte(uuid_send($1), 7) >> 4)::bigint * 3886143071 + xn_hex_digit_offset(get_byte(uuid_send($1), 7) & 15)::bigint * 3450495425
        + xn_hex_digit_offset(get_byte(uuid_send($1), 8) >> 4)::bigint * 1353309697 + xn_hex_digit_offset(get_byte(uuid_send($1), 8) & 15)::bigint * 3784433119
        + xn_hex_digit_offset(get_byte(uuid_send($1), 9) >> 4)::bigint * 1507551809 + xn_hex_digit_offset(get_byte(uuid_send($1), 9) & 15)::bigint * 3789408671
        + xn_hex_digit_offset(get_byte(uuid_send($1), 10) >> 4)::bigint * 129082719 + xn_hex_digit_offset(get_byte(uuid_send($1), 10) & 15)::bigint * 2498015937
        + xn_hex_digit_offset(get_byte(uuid_send($1), 11) >> 4)::bigint * 4098453791 + xn_hex_digit_offset(get_byte(uuid_send($1), 11) & 15)::bigint * 2487512833
        + xn_hex_digit_offset(get_byte(uuid_send($1), 12) >> 4)::bigint * 1742810335 + xn_hex_digit_offset(get_byte(uuid_send($1), 12) & 15)::bigint * 887503681
        + xn_hex_digit_offset(get_byte(uuid_send($1), 13) >> 4)::bigint * 28629151 + xn_hex_digit_offset(get_byte(uuid_send($1), 13) & 15)::bigint * 923521
        + xn_hex_digit_offset(get_byte(uuid_send($1), 14) >> 4)::bigint * 29791 + xn_hex_digit_offset(get_byte(uuid_send($1), 14) & 15)::bigint * 961
        + xn_hex_digit_offset(get_byte(uuid_send($1), 15) >> 4)::bigint * 31 + xn_hex_digit_offset(get_byte(uuid_send($1), 15) & 15)::bigint * 1
      ) % 4294967296 + 2147483648) % 4294967296 - 2147483648)::integer
$$;

drop index application_light_red_idx;
drop index application_light_red_department_idx;
drop index application_light_next_change_idx;
drop index application_light_paused_idx;        -- the sweep no longer reads every paused case

-- fillfactor 80: the free space of each page takes the daily sweep's new row versions (HOT). Autovacuum after every
-- day's sweep (2 % of the rows changed instead of the default 20 %), so that this space is free again by the next day.
alter table application_light set (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02,
                                   autovacuum_analyze_scale_factor = 0.05);
-- one table rewrite for both (it packs the pages to the new fillfactor and drops the backfill's dead versions)
alter table application_light
    add column red_due_on date generated always as (case when light = 'RED' then due_on end) stored,
    add column key_hash integer generated always as (xn_uuid_text_hash(application_id)) stored;

-- The red list, most overdue first (earliest due day first); partial, so it holds only the red cases.
create index application_light_red_idx on application_light (red_due_on, application_id) where red_due_on is not null;
create index application_light_red_department_idx on application_light (department_code, red_due_on, application_id)
    where red_due_on is not null;
-- The cases whose light may turn today. Summarizing: does not block HOT. Lossy: a range whose days are all later is
-- skipped, others are read and rechecked.
create index application_light_next_change_idx on application_light using brin (next_change_on)
    with (pages_per_range = 8, autosummarize = on);
