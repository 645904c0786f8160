package io.xiaoneng.evaluation.target.app;

import io.xiaoneng.evaluation.org.DepartmentScope;
import io.xiaoneng.evaluation.target.domain.SanctionLadder;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sanction ladder as versioned, effective-dated data (tables {@code sanction_ladder_version} and
 * {@code sanction_ladder_step}). The ladder in force for a year is the version with the latest
 * {@code effectiveFromYear} not after it. The committee changes the rules by adding a version:
 * <ul>
 *   <li>it starts after every existing version (history is never edited), and</li>
 *   <li>not in a year for which a sanction was already decided — the departments of one year are judged by one
 *       ladder, and a decided sanction keeps the version it was decided under ({@code sanction.ladder_version}).</li>
 * </ul>
 * Audited as aggregate {@code sanction-ladder} (id = version).
 */
@ApplicationScoped
public class SanctionLadders {

    public static final String KIND = "sanction-ladder";

    public record Version(int version, int effectiveFromYear, String note, String createdBy, Instant createdAt, SanctionLadder ladder) {}

    @Inject
    EntityManager em;

    @Inject
    DepartmentScope scope;

    @Inject
    AuditTrail audit;

    /** Every version, oldest first, with its steps. */
    @SuppressWarnings("unchecked")
    public List<Version> versions() {
        List<Object[]> heads = em.createNativeQuery("""
                select version, effective_from_year, note, created_by, created_at from sanction_ladder_version order by version""")
                .getResultList();
        List<Object[]> steps = em.createNativeQuery("""
                select version, consecutive_misses, sanction, name_zh, name_en, opens_resignation_case
                from sanction_ladder_step order by version, consecutive_misses""").getResultList();
        List<Version> out = new ArrayList<>();
        for (Object[] h : heads) {
            int v = ((Number) h[0]).intValue();
            List<SanctionLadder.Step> own = steps.stream().filter(s -> ((Number) s[0]).intValue() == v)
                    .map(s -> new SanctionLadder.Step(((Number) s[1]).intValue(), (String) s[2], (String) s[3], (String) s[4], (Boolean) s[5]))
                    .toList();
            out.add(new Version(v, ((Number) h[1]).intValue(), (String) h[2], (String) h[3], instant(h[4]), new SanctionLadder(own)));
        }
        return out;
    }

    public Version version(int version) {
        return versions().stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new NotFoundProblem(KIND, version));
    }

    /** The version in force for {@code year}; without a year, the latest. */
    public Version inForce(Optional<Integer> year) {
        List<Version> all = versions();
        Version found = all.get(0);
        for (Version v : all) {
            if (year.isEmpty() || v.effectiveFromYear() <= year.get()) {
                found = v;
            }
        }
        return found;
    }

    /**
     * Adds a version of the ladder in force from {@code effectiveFromYear}. Steps: one per number of consecutive
     * misses and one per sanction code (422 naming every offending step); the year must come after every existing
     * version and have no decided sanction yet (409).
     */
    @Transactional
    public Version create(int effectiveFromYear, String note, List<SanctionLadder.Step> steps) {
        List<ProblemException.FieldErrorSpec> errors = new ArrayList<>();
        Set<Integer> misses = new HashSet<>();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            SanctionLadder.Step s = steps.get(i);
            if (!misses.add(s.consecutiveMisses())) {
                errors.add(error("steps[" + i + "].consecutiveMisses", "ladder.duplicate-misses", s.consecutiveMisses()));
            }
            if (!codes.add(s.sanction())) {
                errors.add(error("steps[" + i + "].sanction", "ladder.duplicate-sanction", s.sanction()));
            }
        }
        if (!errors.isEmpty()) {
            UnprocessableProblem problem = new UnprocessableProblem("ladder.steps-rejected", errors.size());
            errors.forEach(problem::withFieldError);
            throw problem;
        }
        // One change at a time: the checks below and the insert see the same versions.
        em.createNativeQuery("lock table sanction_ladder_version in share row exclusive mode").executeUpdate();
        Version latest = inForce(Optional.empty());
        if (effectiveFromYear <= latest.effectiveFromYear()) {
            throw new ConflictProblem("ladder.not-after-latest", String.valueOf(effectiveFromYear), String.valueOf(latest.effectiveFromYear()));
        }
        Number decided = (Number) em.createNativeQuery("select max(year) from sanction where year >= ?1")
                .setParameter(1, effectiveFromYear).getSingleResult();
        if (decided != null) {
            throw new ConflictProblem("ladder.year-decided", String.valueOf(effectiveFromYear), String.valueOf(decided.intValue()));
        }
        int version = latest.version() + 1;
        Instant now = Instant.now();
        em.createNativeQuery("""
                insert into sanction_ladder_version (version, effective_from_year, note, created_by, created_at)
                values (?1, ?2, ?3, ?4, ?5)""")
                .setParameter(1, version).setParameter(2, effectiveFromYear).setParameter(3, note)
                .setParameter(4, scope.username()).setParameter(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).executeUpdate();
        for (SanctionLadder.Step s : steps) {
            em.createNativeQuery("""
                    insert into sanction_ladder_step (version, consecutive_misses, sanction, name_zh, name_en, opens_resignation_case)
                    values (?1, ?2, ?3, ?4, ?5, ?6)""")
                    .setParameter(1, version).setParameter(2, s.consecutiveMisses()).setParameter(3, s.sanction())
                    .setParameter(4, s.nameZh()).setParameter(5, s.nameEn()).setParameter(6, s.opensResignationCase()).executeUpdate();
        }
        Version created = new Version(version, effectiveFromYear, note, scope.username(), now, new SanctionLadder(steps));
        audit.record(scope.username(), KIND, String.valueOf(version), "version-created", state(latest), state(created));
        return created;
    }

    static Map<String, Object> state(Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("effectiveFromYear", v.effectiveFromYear());
        m.put("note", v.note());
        m.put("steps", v.ladder().steps());
        return m;
    }

    private static ProblemException.FieldErrorSpec error(String field, String key, Object... args) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            named.put(String.valueOf(i), args[i]);
        }
        return new ProblemException.FieldErrorSpec(field, "field." + key, named, key);
    }

    private static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        return null;
    }
}
