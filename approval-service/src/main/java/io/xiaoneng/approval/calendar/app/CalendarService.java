package io.xiaoneng.approval.calendar.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.panache.common.Sort;
import io.xiaoneng.approval.calendar.domain.CalendarYearRecord;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.calendar.CalendarYear;
import io.xiaoneng.platform.calendar.CalendarYearParser;
import io.xiaoneng.platform.calendar.InvalidCalendarDataException;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.events.CalendarEvents;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.persistence.TransactionLocks;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.PreconditionFailedProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The calendar data of record: one row per year in the platform format. Every stored or changed year is published
 * (outbox, same transaction) keyed by the year on the compacted calendar topic.
 */
@ApplicationScoped
public class CalendarService {

    static final String KIND = "calendar-year";
    /** Advisory lock serializing the seed of replicas that start together ("CALY" in ASCII). */
    static final long SEED_LOCK = 0x43414C59L;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    Clock clock = Clock.systemDefaultZone();

    /** What a load did: {@code created} a new year, {@code changed} an existing one, or neither (same data again). */
    public record Loaded(CalendarYearRecord record, boolean created, boolean changed) {}

    /**
     * Stores every bundled year the table does not have yet and publishes it. Runs on every start: a year that a
     * platform upgrade newly bundles is added, a year an administrator loaded or corrected is never overwritten.
     *
     * @return the years added
     */
    @Transactional
    public List<Integer> seedBundled() {
        TransactionLocks.exclusive(em, SEED_LOCK);
        WorkingDayCalendar bundled = WorkingDayCalendar.loadBundled();
        List<Integer> added = new ArrayList<>();
        for (int year : bundled.coveredYears()) {
            if (CalendarYearRecord.findById(year) == null) {
                CalendarYear data = bundled.year(year).orElseThrow();
                new CalendarYearRecord(year, write(data), CalendarYearRecord.Origin.BUNDLED, OffsetDateTime.now(clock), "system").persist();
                outbox.record(CalendarEvents.YEAR_PUBLISHED, String.valueOf(year), CalendarEvents.YearData.of(data));
                audit.record("system", KIND, String.valueOf(year), "seed-bundled", null, CalendarEvents.YearData.of(data));
                added.add(year);
            }
        }
        return added;
    }

    /**
     * Loads or corrects {@code year} from a document in the platform format. Nothing is stored unless the whole
     * document passes {@link CalendarYearParser} (422 listing every problem). The row is locked, and checked
     * against {@code ifMatch} when given (null = unconditional; a given If-Match on a year not loaded yet fails).
     * The same data again changes nothing and publishes nothing.
     */
    @Transactional
    public Loaded put(int year, String document, IfMatch ifMatch, String user) {
        CalendarYear parsed;
        try {
            parsed = CalendarYearParser.parse(document, year);
        } catch (InvalidCalendarDataException e) {
            throw new CalendarProblems.InvalidData(year, e.problems());
        }
        CalendarYearRecord record = CalendarYearRecord.findById(year, LockModeType.PESSIMISTIC_WRITE);
        if (ifMatch != null) {
            if (record == null) {
                throw new PreconditionFailedProblem();
            }
            ifMatch.check(record.rowVersion);
        }
        if (record != null && parse(record).equals(parsed)) {
            return new Loaded(record, false, false);
        }
        boolean created = record == null;
        CalendarEvents.YearData before = created ? null : CalendarEvents.YearData.of(parse(record));
        if (created) {
            record = new CalendarYearRecord(year, write(parsed), CalendarYearRecord.Origin.UPLOADED, OffsetDateTime.now(clock), user);
            record.persist();
        } else {
            record.data = write(parsed);
            record.origin = CalendarYearRecord.Origin.UPLOADED;
            record.loadedAt = OffsetDateTime.now(clock);
            record.loadedBy = user;
        }
        outbox.record(CalendarEvents.YEAR_PUBLISHED, String.valueOf(year), CalendarEvents.YearData.of(parsed));
        audit.record(user, KIND, String.valueOf(year), created ? "load" : "correct", before, CalendarEvents.YearData.of(parsed));
        em.flush(); // the new row_version is the response's ETag
        return new Loaded(record, created, !created);
    }

    @Transactional
    public List<CalendarYearRecord> list() {
        return CalendarYearRecord.listAll(Sort.by("year"));
    }

    @Transactional
    public CalendarYearRecord get(int year) {
        return CalendarYearRecord.<CalendarYearRecord>findByIdOptional(year)
                .orElseThrow(() -> new NotFoundProblem(KIND, year));
    }

    /**
     * A cheap summary of the table's state, "2024:0,2025:3,…": it changes with every committed insert or update,
     * so a replica reloads its calendar only when it differs from the one its calendar was built from.
     */
    @Transactional
    public String fingerprint() {
        Object result = em.createNativeQuery(
                "select coalesce(string_agg(year || ':' || row_version, ',' order by year), '') from calendar_year")
                .getSingleResult();
        return String.valueOf(result);
    }

    /** A stored year, parsed and checked again (the platform's rules apply to stored data too). */
    public static CalendarYear parse(CalendarYearRecord record) {
        return CalendarYearParser.parse(record.data, record.year);
    }

    /** The canonical document of a year: the platform format, pretty-printed so that it reads like the notice. */
    String write(CalendarYear year) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(CalendarEvents.YearData.of(year));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("calendar year " + year.year() + " cannot be written", e);
        }
    }
}
