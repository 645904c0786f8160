package io.xiaoneng.approval.application.app;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.application.domain.ApplicationStatus;
import io.xiaoneng.approval.application.domain.Light;
import io.xiaoneng.approval.application.domain.Transition;
import io.xiaoneng.approval.application.events.ApplicationEvents;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.events.OutboxRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableSet;
import java.util.UUID;

/**
 * The daily supervision sweep over every open case, set-based: what time does to a case by itself (deemed
 * acceptance, art. 32; the light) for all cases at once, in one transaction.
 *
 * <ol>
 *   <li><b>Deemed acceptances</b>: the cases whose acceptance due day has passed are found in SQL (partial index
 *       on the light rows of the acceptance clock), locked with {@code SKIP LOCKED} (a case a command holds is left
 *       to that command, which settles it itself, or to the next sweep), loaded in bulk and accepted by the domain
 *       ({@link Application#deemAcceptedIfDue}); history rows, events and new lights go out in batches.</li>
 *   <li><b>Lights</b>: one SQL statement recomputes the due day and the light of every open case from the clock
 *       inputs its light row keeps (start, allowed days, paused days, open pause, yellow threshold), with the
 *       working-day calendar passed as two arrays — the running count of working days per date, and the date of
 *       the n-th working day — so that "the n-th working day after" and "working days between" are array
 *       look-ups, not loops. Only rows whose light or due day changed are written; for each changed colour one
 *       {@code light-changed} event is recorded (one bulk insert into the outbox), in the same transaction.</li>
 * </ol>
 *
 * <p><b>Replicas.</b> The sweep takes a transaction-scoped advisory lock first ({@code pg_try_advisory_xact_lock});
 * a replica that does not get it does nothing (another one is sweeping). Commands run concurrently: the update
 * re-checks, on the row version it finally locks, that the clock inputs are the ones the light was computed from,
 * so a light a command has just recomputed is never overwritten with a stale one.
 */
@ApplicationScoped
public class SupervisionSweep {

    private static final Logger LOG = Logger.getLogger(SupervisionSweep.class);

    /** Advisory lock key: "xn-supervision". */
    public static final long LOCK_KEY = 0x786e5f7375707276L;
    static final String JOB = "supervision";

    @Inject
    EntityManager em;

    @Inject
    DataSource dataSource;

    @Inject
    Calendars calendars;

    @Inject
    LegalTime time;

    @Inject
    Supervision supervision;

    @Inject
    ApplicationAudit audit;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "xiaoneng.approval.supervision.batch-size", defaultValue = "1000")
    int batchSize;

    /** The platform outbox's bucket count: the light events are inserted by SQL with the outbox's own bucket rule. */
    @ConfigProperty(name = "xiaoneng.outbox.buckets", defaultValue = "16")
    int outboxBuckets;

    /**
     * Memory for the sweep's hash join and sort, set for its transaction only: with the default 4 MB a day of 100k
     * changes spills to temporary files in dozens of batches.
     */
    @ConfigProperty(name = "xiaoneng.approval.supervision.work-mem", defaultValue = "64MB")
    String workMem;

    @Inject
    jakarta.enterprise.event.Event<OutboxRecorded> recorded;

    @ConfigProperty(name = "xiaoneng.approval.supervision.transaction-timeout", defaultValue = "600s")
    java.time.Duration transactionTimeout;

    /** What a sweep did. {@code skipped}: another replica held the lock, or nothing was due. */
    public record Result(boolean skipped, boolean full, int lightsChanged, int dueDaysMoved, int deemedAccepted,
                         int recomputedInJava, long millis, long deemedMillis, long javaMillis, long sqlMillis, long outboxMillis,
                         int pledgesBroken) {
        static Result skippedRun() {
            return new Result(true, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /** The working-day calendar as arrays, for SQL (see the class comment). */
    public record CalendarArrays(LocalDate epoch, Integer[] cumulative, LocalDate[] workingDays, String fingerprint) {
        boolean covers(LocalDate day) {
            long i = ChronoUnit.DAYS.between(epoch, day);
            return i >= 1 && i < cumulative.length;
        }
    }

    /** Sweeps unless this day was already swept with this calendar (the scheduled path). */
    public Result runIfDue() {
        return run(false);
    }

    /** Sweeps now, whatever was swept before (tests, benchmarks, an operator). */
    public Result runNow() {
        return run(true);
    }

    private Result run(boolean force) {
        return QuarkusTransaction.requiringNew().timeout((int) transactionTimeout.toSeconds()).call(() -> sweep(force));
    }

    Result sweep(boolean force) {
        long started = System.nanoTime();
        Instant now = time.now();
        LocalDate today = WorkingDayCalendar.dateOf(now);
        CalendarArrays cal = arrays(calendars.current(), today);
        if (cal == null) {
            LOG.warnf("No working-day calendar for %d: lights are not recomputed until an administrator loads it", today.getYear());
            return Result.skippedRun();
        }
        try (Connection c = dataSource.getConnection()) {
            if (!tryLock(c)) {
                return Result.skippedRun(); // another replica is sweeping
            }
            try (PreparedStatement ps = c.prepareStatement("select set_config('work_mem', ?, true)")) {
                ps.setString(1, workMem);
                ps.execute();
            }
            String last = lastFingerprint(c, today);
            if (!force && last != null && last.startsWith("today:") && last.substring(6).equals(cal.fingerprint())) {
                return Result.skippedRun(); // this day was swept with this calendar
            }
            // every open case after a change of the calendar (or on the very first sweep); otherwise only those due
            boolean full = last == null || !last.endsWith(cal.fingerprint());
            long t0 = System.nanoTime();
            int deemed = deemAcceptances(c, cal, today, now);
            int broken = breakPledges(c, today, now);
            long t1 = System.nanoTime();
            int legacy = recomputeLegacyRows(c, now);
            long t2 = System.nanoTime();
            SqlSweep lights = sweepLights(c, cal, today, now, full);
            long t3 = System.nanoTime();
            long millis = (t3 - started) / 1_000_000;
            Result result = new Result(false, full, lights.lightsChanged(), lights.dueMoved(), deemed, legacy,
                    millis, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, lights.sqlMillis(), lights.outboxMillis(), broken);
            remember(c, today, cal.fingerprint(), now, result);
            if (result.lightsChanged() + result.deemedAccepted() + result.pledgesBroken() > 0) {
                LOG.infof("Supervision sweep %s (%s): %d lights changed, %d due days moved, %d deemed accepted, %d pledges broken, %d ms",
                        today, full ? "all open cases" : "cases due to change", result.lightsChanged(), result.dueDaysMoved(),
                        result.deemedAccepted(), result.pledgesBroken(), millis);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("Supervision sweep failed", e);
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The last sweep's calendar fingerprint, prefixed "today:" if it swept today; null if none. */
    private static String lastFingerprint(Connection c, LocalDate today) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select swept_on, calendar_fingerprint from supervision_sweep where job = ?")) {
            ps.setString(1, JOB);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return (rs.getObject(1, LocalDate.class).equals(today) ? "today:" : "") + rs.getString(2);
            }
        }
    }

    /** Which replica this is, as {@code supervision_sweep.swept_by} records it: the pod name, else host and process. */
    static final String REPLICA = replicaName();

    private static String replicaName() {
        String pod = System.getenv("HOSTNAME");
        String host;
        try {
            host = pod != null && !pod.isBlank() ? pod : java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    private static void remember(Connection c, LocalDate today, String fingerprint, Instant now, Result r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into supervision_sweep (job, swept_on, calendar_fingerprint, started_at, finished_at, full_recompute,
                    lights_changed, due_days_moved, deemed_accepted, runs, swept_by)
                values (?, ?, ?, ?, clock_timestamp(), ?, ?, ?, ?, 1, ?)
                on conflict (job) do update set swept_on = excluded.swept_on, calendar_fingerprint = excluded.calendar_fingerprint,
                    started_at = excluded.started_at, finished_at = excluded.finished_at, full_recompute = excluded.full_recompute,
                    lights_changed = excluded.lights_changed, due_days_moved = excluded.due_days_moved,
                    deemed_accepted = excluded.deemed_accepted, runs = supervision_sweep.runs + 1,
                    swept_by = excluded.swept_by""")) {
            ps.setString(1, JOB);
            ps.setObject(2, today, Types.DATE);
            ps.setString(3, fingerprint);
            ps.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setBoolean(5, r.full());
            ps.setInt(6, r.lightsChanged());
            ps.setInt(7, r.dueDaysMoved());
            ps.setInt(8, r.deemedAccepted());
            ps.setString(9, REPLICA);
            ps.executeUpdate();
        }
    }

    // --- the calendar as arrays ---------------------------------------------------------------------------------

    /**
     * The contiguous run of covered years around {@code today} as arrays: {@code cumulative[i]} (1-based in SQL) is
     * the number of working days in (epoch, epoch + i − 1], where epoch is the day before the run's first day;
     * {@code workingDays[k]} is the k-th working day after epoch. Null if today's year has no data.
     */
    public static CalendarArrays arrays(WorkingDayCalendar calendar, LocalDate today) {
        NavigableSet<Integer> years = calendar.coveredYears();
        if (!years.contains(today.getYear())) {
            return null;
        }
        int first = today.getYear();
        while (years.contains(first - 1)) {
            first--;
        }
        int last = today.getYear();
        while (years.contains(last + 1)) {
            last++;
        }
        LocalDate epoch = LocalDate.of(first, 1, 1).minusDays(1);
        LocalDate end = LocalDate.of(last, 12, 31);
        int days = (int) ChronoUnit.DAYS.between(epoch, end) + 1;
        Integer[] cumulative = new Integer[days];
        List<LocalDate> working = new ArrayList<>();
        cumulative[0] = 0;
        MessageDigest digest = sha256();
        for (int i = 1; i < days; i++) {
            LocalDate day = epoch.plusDays(i);
            boolean w = calendar.isWorkingDay(day);
            if (w) {
                working.add(day);
                digest.update(day.toString().getBytes(StandardCharsets.US_ASCII));
            }
            cumulative[i] = working.size();
        }
        digest.update(epoch.toString().getBytes(StandardCharsets.US_ASCII));
        digest.update(end.toString().getBytes(StandardCharsets.US_ASCII));
        return new CalendarArrays(epoch, cumulative, working.toArray(LocalDate[]::new), HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The calendar parameters as the first CTE of a statement: epoch, cumulative, working days, today. */
    private static final String CALENDAR_CTE = """
            p as materialized (select cast(? as date) as epoch, cast(? as int[]) as cum, cast(? as date[]) as wd,
                                      cast(? as date) as today)""";

    public static int bindCalendar(Connection c, PreparedStatement ps, CalendarArrays cal, LocalDate today) throws SQLException {
        ps.setObject(1, cal.epoch(), Types.DATE);
        ps.setArray(2, c.createArrayOf("int4", cal.cumulative()));
        Date[] wd = new Date[cal.workingDays().length];
        for (int i = 0; i < wd.length; i++) {
            wd[i] = Date.valueOf(cal.workingDays()[i]);
        }
        ps.setArray(3, c.createArrayOf("date", wd));
        ps.setObject(4, today, Types.DATE);
        return 5;
    }

    /**
     * Due day of a light row's clock, in SQL: the (allowed + paused)-th working day after its start, an open pause
     * counting the working days from its start to today. Null (nothing computed) when a day lies outside the
     * calendar's years: out-of-range array subscripts are null in PostgreSQL.
     */
    private static final String DUE = """
            p.wd[p.cum[l.clock_start - p.epoch + 1] + l.allowed_days + l.paused_days
                 + case when l.paused_since is not null and p.today > l.paused_since
                        then p.cum[p.today - p.epoch + 1] - p.cum[l.paused_since - p.epoch + 1] else 0 end]""";

    // --- 1. deemed acceptances ----------------------------------------------------------------------------------

    /** Cases whose acceptance limit has passed (parameters: {@link #bindCalendar}). */
    public static final String DEEMED_CANDIDATES_SQL = "with " + CALENDAR_CTE + """
            select l.application_id from application_light l cross join p
            where l.clock = 'ACCEPTANCE' and l.allowed_days is not null and l.clock_start < p.today
              and p.today >\s""" + DUE;

    int deemAcceptances(Connection c, CalendarArrays cal, LocalDate today, Instant now) throws SQLException {
        List<UUID> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(DEEMED_CANDIDATES_SQL)) {
            bindCalendar(c, ps, cal, today);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(rs.getObject(1, UUID.class));
                }
            }
        }
        int deemed = 0;
        for (int from = 0; from < due.size(); from += batchSize) {
            List<Application> cases = lockAndLoad(c, due.subList(from, Math.min(due.size(), from + batchSize)), true);
            Application.Act act = supervision.systemAct(now);
            List<ApplicationAudit.Recorded> transitions = new ArrayList<>();
            List<Application> accepted = new ArrayList<>();
            for (Application a : cases) {
                a.deemAcceptedIfDue(act).ifPresent(t -> {
                    transitions.add(new ApplicationAudit.Recorded(a, t, Application.SYSTEM));
                    accepted.add(a);
                });
            }
            em.flush();
            audit.recordAll(transitions);
            supervision.refreshLights(accepted, now);
            em.flush();
            em.clear();
            deemed += accepted.size();
        }
        return deemed;
    }

    // --- 1b. broken pledges (容缺受理) ----------------------------------------------------------------------------

    /** Open pledges past their deadline, of cases still being decided (partial index on open pledges). */
    static final String OVERDUE_PLEDGES_SQL = """
            select id from application
            where pledge_status = 'OPEN' and pledge_deadline < ? and status in ('ACCEPTED', 'UNDER_REVIEW', 'PAUSED')""";

    /**
     * Marks the pledges whose deadline passed without the materials as broken, through the domain
     * ({@link Application#breakPledgeIfDue}): one history row and one {@code pledge-broken} event each, in batches.
     * A case a command holds is skipped: that command settles it first ({@link Supervision#settleDue}).
     */
    int breakPledges(Connection c, LocalDate today, Instant now) throws SQLException {
        List<UUID> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(OVERDUE_PLEDGES_SQL)) {
            ps.setObject(1, today, Types.DATE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(rs.getObject(1, UUID.class));
                }
            }
        }
        int broken = 0;
        for (int from = 0; from < due.size(); from += batchSize) {
            List<Application> cases = lockAndLoad(c, due.subList(from, Math.min(due.size(), from + batchSize)), false);
            Application.Act act = supervision.systemAct(now);
            List<ApplicationAudit.Recorded> transitions = new ArrayList<>();
            for (Application a : cases) {
                a.breakPledgeIfDue(act).ifPresent(t -> transitions.add(new ApplicationAudit.Recorded(a, t, Application.SYSTEM)));
            }
            em.flush();
            audit.recordAll(transitions);
            em.flush();
            em.clear();
            broken += transitions.size();
        }
        return broken;
    }

    /**
     * Locks the cases (skipping those a command or another transaction holds) and loads them in one query.
     *
     * @param awaitingAcceptance only cases still waiting for the acceptance decision
     */
    private List<Application> lockAndLoad(Connection c, List<UUID> ids, boolean awaitingAcceptance) throws SQLException {
        List<UUID> locked = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id from application where id = any(?)"
                + (awaitingAcceptance ? " and status in ('SUBMITTED', 'RESUBMITTED')" : "") + " for update skip locked")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    locked.add(rs.getObject(1, UUID.class));
                }
            }
        }
        if (locked.isEmpty()) {
            return List.of();
        }
        // pauses and sub-cases in the same query (indexed lists: no bag problem), not one query per case
        return em.createQuery("select distinct a from Application a left join fetch a.pauses left join fetch a.subCases where a.id in :ids",
                Application.class).setParameter("ids", locked).getResultList();
    }

    // --- legacy rows --------------------------------------------------------------------------------------------

    /** Light rows without clock inputs (written before V30, or while a calendar year was missing): in Java. */
    int recomputeLegacyRows(Connection c, Instant now) throws SQLException {
        int done = 0;
        UUID after = new UUID(Long.MIN_VALUE, Long.MIN_VALUE);
        boolean first = true;
        while (true) {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select application_id from application_light where allowed_days is null and clock <> 'NONE'"
                    + (first ? "" : " and application_id > ?") + " order by application_id limit ?")) {
                int i = 1;
                if (!first) {
                    ps.setObject(i++, after);
                }
                ps.setInt(i, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            if (ids.isEmpty()) {
                return done;
            }
            first = false;
            after = ids.get(ids.size() - 1);
            List<Application> cases = lockAndLoad(c, ids, false);
            // What time did by itself first: a row written while the due year had no calendar data may belong to a
            // case the law has meanwhile deemed accepted — its light is that of the decision clock, not a false red
            // of the acceptance clock (the set-based deemed step above skips rows without clock inputs).
            for (Application a : cases) {
                supervision.settle(a, now);
            }
            em.flush();
            em.clear();
            done += cases.size();
            if (ids.size() < batchSize) {
                return done;
            }
        }
    }

    // --- 2. lights, in SQL --------------------------------------------------------------------------------------

    record SqlSweep(int lightsChanged, int dueMoved, long sqlMillis, long outboxMillis) {}

    /**
     * The statement of the light sweep (also shown by the benchmark under EXPLAIN). Parameters: the calendar
     * ({@link #bindCalendar}), then for the daily sweep today again (the index condition), then the time of the change,
     * then (with events) the outbox topic, type, source, data schema, the event time as ISO text and three times the
     * number of outbox buckets.
     *
     * <p>What a day costs is the rows it writes and the events it inserts, so each is kept cheap:
     * <ul>
     *   <li>the rows due are found through the BRIN index on {@code next_change_on} (lossy: the ranges that may hold
     *       a day up to today are read and rechecked), their due day, light, remaining/overdue days and next turning
     *       day computed once (lateral subqueries, the calendar arrays are not copied into the rows; the subquery is
     *       not materialized but joined row by row to the update);</li>
     *   <li>the update finds each row by the {@code ctid} the scan read it at (a TID scan, no index descent), and
     *       re-checks, on the row version it locks, that the clock inputs are those the light was computed from (a
     *       command may have changed them meanwhile: its own light then stands). Written in place (HOT) unless the
     *       light turns red: no b-tree indexes what else changes (V56);</li>
     *   <li>one {@code light-changed} event per changed colour, inserted into the platform's {@code outbox_event} by
     *       the same statement, its payload built by concatenation (the members and order of
     *       {@link ApplicationEvents#lightChanged}; strings of case data through {@code to_json}, so escaped as JSON;
     *       checked against the JSON Schema by {@code ApplicationEventsTest}) from the light row alone — the case data the
     *       event carries is kept in the light row — and its outbox bucket from the row's stored key hash
     *       ({@link #bucketOf}). No row travels to Java and back.</li>
     * </ul>
     * The statement returns one row: the rows written and the events recorded.
     *
     * @param full   every open case (after a change of the calendar: stored due days and turning days may be wrong);
     *               otherwise only the cases whose light may turn today or earlier ({@code next_change_on}; a paused
     *               case has one only while it is red or has no day left, see {@link Supervision#nextChange})
     * @param events record a {@code light-changed} event per changed colour (the sweep); without, only the lights
     */
    public static String lightSweepSql(boolean full, boolean events) {
        return "with " + CALENDAR_CTE + """
            , todo as (
                select l.ctid as row_id, l.application_id, l.light as old_light, l.clock, l.clock_start, l.allowed_days,
                       l.paused_days, l.paused_since, l.yellow_percent, c.due, c.new_light, c.remaining, c.overdue,
                       n.next_change, l.tracking_number, l.item_code, l.item_version, l.department_code, l.composite,
                       l.status, l.key_hash
                from application_light l cross join p
                     cross join lateral (select\s""" + DUE + """
             as due offset 0) d
                     cross join lateral (select p.cum[d.due - p.epoch + 1] as cum_due,
                                                p.cum[greatest(p.today, l.clock_start) - p.epoch + 1] as cum_from,
                                                p.cum[p.today - p.epoch + 1] as cum_today) k
                     cross join lateral (
                         select case when p.today > d.due then 'RED'
                                     when (k.cum_due - k.cum_from)::bigint * 100 > l.yellow_percent::bigint * l.allowed_days
                                     then 'GREEN' else 'YELLOW' end as new_light,
                                case when p.today > d.due then 0 else k.cum_due - k.cum_from end as remaining,
                                case when p.today > d.due then k.cum_today - k.cum_due else 0 end as overdue,
                                d.due) c
                     -- the day the light may turn next (Supervision.nextChange): a paused case only while red or
                     -- without a day left (daily: its pause day); red never; yellow the day after the due day; green
                     -- the working day with ordinal cum(due) - floor(yellow% × allowed)
                     cross join lateral (
                         select case when l.paused_since is not null
                                     then case when c.new_light = 'RED' or c.remaining = 0 then l.paused_since end
                                     when c.new_light = 'RED' then null
                                     when c.new_light = 'YELLOW' then c.due + 1
                                     else greatest(l.clock_start, p.wd[k.cum_due - (l.yellow_percent * l.allowed_days) / 100])
                                end as next_change) n
                where l.clock <> 'NONE' and l.allowed_days is not null""" + (full ? "" : """

                  and l.next_change_on <= ?""") + """

                  and d.due is not null
                  and (l.light is distinct from c.new_light or l.due_on is distinct from c.due
                       or l.next_change_on is distinct from n.next_change)
            ), changed as (
                update application_light l
                   set light = todo.new_light, due_on = todo.due, next_change_on = todo.next_change,
                       changed_at = case when l.light is distinct from todo.new_light then ? else l.changed_at end
                from todo
                where l.ctid = todo.row_id
                  -- re-checked on the row version the update locks: a command may have changed the clock meanwhile
                  and l.clock = todo.clock and l.clock_start = todo.clock_start and l.allowed_days = todo.allowed_days
                  and l.paused_days = todo.paused_days and l.paused_since is not distinct from todo.paused_since
                  and l.yellow_percent is not distinct from todo.yellow_percent
                returning todo.*
            )""" + (events ? """
            , ev as (
                insert into outbox_event (id, topic, bucket, aggregate_id, type, source, dataschema, payload, occurred_at)
                select gen_random_uuid(), cast(? as varchar), """ + bucketOf("ch.key_hash") + """
            , ch.application_id::text,
                       cast(? as varchar), cast(? as varchar), cast(? as varchar),
                       -- strings from case data through to_json (escaped); enum names (status, clock, lights: Java
                       -- enums and check constraints), the ISO instant and numbers as they are; the date as JSON (ISO)
                       '{"applicationId":"' || ch.application_id || '","trackingNumber":' || to_json(ch.tracking_number)
                       || ',"itemCode":' || to_json(ch.item_code) || ',"itemVersion":' || ch.item_version
                       || ',"department":' || to_json(ch.department_code) || ',"composite":' || ch.composite
                       || ',"status":"' || ch.status || '","occurredAt":"' || cast(? as text)
                       || '","clock":"' || ch.clock || '","light":"' || ch.new_light
                       || '","previousLight":' || coalesce('"' || ch.old_light || '"', 'null') || ',"dueOn":' || to_json(ch.due)
                       || ',"allowedWorkingDays":' || ch.allowed_days || ',"remainingWorkingDays":' || ch.remaining
                       || ',"overdueWorkingDays":' || ch.overdue || '}',
                       clock_timestamp()
                from changed ch
                where ch.old_light is distinct from ch.new_light
                returning 1
            )
            select (select count(*) from changed) as written, (select count(*) from ev) as events""" : """
            select (select count(*) from changed) as written, 0 as events""");
    }

    /** {@link #lightSweepSql(boolean, boolean)} with events: the sweep's statement. */
    public static String lightSweepSql(boolean full) {
        return lightSweepSql(full, true);
    }

    /**
     * The outbox bucket of a key in SQL, from Java's {@code String.hashCode} of the key ({@code hash}, the light row's
     * generated {@code key_hash}, V56): the platform outbox's rule {@code floorMod(hash, buckets)}, the bucket count
     * being the statement's parameter three times. One relay per bucket is what keeps a case's events in order.
     */
    public static String bucketOf(String hash) {
        return "cast(((" + hash + " % cast(? as int)) + cast(? as int)) % cast(? as int) as smallint)";
    }

    /** Binds {@link #lightSweepSql}'s parameters (with events: {@code buckets} outbox buckets). */
    public static void bindLightSweep(Connection c, PreparedStatement ps, boolean full, boolean events, int buckets,
                                      CalendarArrays cal, LocalDate today, Instant now) throws SQLException {
        int i = bindCalendar(c, ps, cal, today);
        if (!full) {
            ps.setObject(i++, today, Types.DATE);
        }
        ps.setObject(i++, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        if (events) {
            EventType type = ApplicationEvents.LIGHT_CHANGED;
            ps.setString(i++, type.topic());
            ps.setInt(i++, buckets);
            ps.setInt(i++, buckets);
            ps.setInt(i++, buckets);
            ps.setString(i++, type.type());
            ps.setString(i++, type.source());
            ps.setString(i++, type.dataschema());
            ps.setString(i, now.toString()); // as Jackson writes an Instant
        }
    }

    /** {@link #bindLightSweep} of the statement without events. */
    public static void bindLightSweep(Connection c, PreparedStatement ps, boolean full, CalendarArrays cal, LocalDate today,
                                      Instant now) throws SQLException {
        bindLightSweep(c, ps, full, false, 0, cal, today, now);
    }

    /**
     * The planner settings of the light statement, for its transaction: the update joins its rows by {@code ctid}
     * (a TID scan per row); with hash and merge joins allowed the planner, not knowing how few rows are due, prefers
     * to hash the whole table (a sequential scan of every light row, 1,000,000 at the benchmark's size).
     */
    public static void planForFewRows(Connection c, boolean on) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select set_config('enable_hashjoin', ?, true), set_config('enable_mergejoin', ?, true)")) {
            ps.setString(1, on ? "off" : "on");
            ps.setString(2, on ? "off" : "on");
            ps.execute();
        }
    }

    SqlSweep sweepLights(Connection c, CalendarArrays cal, LocalDate today, Instant now, boolean full) throws SQLException {
        long started = System.nanoTime();
        int written;
        int events;
        planForFewRows(c, true);
        try (PreparedStatement ps = c.prepareStatement(lightSweepSql(full, true))) {
            bindLightSweep(c, ps, full, true, outboxBuckets, cal, today, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                written = rs.getInt(1);
                events = rs.getInt(2);
            }
        } finally {
            planForFewRows(c, false);
        }
        if (events > 0) {
            recorded.fire(new OutboxRecorded(ApplicationEvents.LIGHT_CHANGED.topic())); // wake the relay, as Outbox does
        }
        // the events are written by the statement itself: no separate outbox time any more
        return new SqlSweep(events, written - events, (System.nanoTime() - started) / 1_000_000, 0);
    }
}
