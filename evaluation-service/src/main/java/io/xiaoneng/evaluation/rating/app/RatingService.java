package io.xiaoneng.evaluation.rating.app;

import io.xiaoneng.evaluation.domain.RatingLevel;
import io.xiaoneng.evaluation.projection.ProjectedCalendar;
import io.xiaoneng.evaluation.rating.domain.Rating;
import io.xiaoneng.evaluation.rating.domain.RatingAppeal;
import io.xiaoneng.evaluation.rating.domain.Rectification;
import io.xiaoneng.evaluation.rating.domain.RectificationStatus;
import io.xiaoneng.evaluation.rollup.Rollups;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.events.EvaluationEventTypes;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import io.xiaoneng.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Ratings (好差评), their rectifications and appeals. Every change is audited and published through the outbox in its
 * transaction. Checks run in the order 404 → 403 → 412 → 409 → 422.
 */
@ApplicationScoped
public class RatingService {

    public static final String KIND = "rating";

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    AuditTrail audit;

    @Inject
    ProjectedCalendar calendars;

    @Inject
    DepartmentScope scope;

    @ConfigProperty(name = "xiaoneng.evaluation.rectification.deadline-working-days", defaultValue = "15")
    int rectificationWorkingDays;

    @Inject
    Rollups rollups;

    Clock clock = Clock.system(WorkingDayCalendar.ZONE);

    /** What the rating needs to know about the case, from the application projection. */
    record Case(UUID id, String trackingNumber, String department, String itemCode, String status) {}

    // ---- rating -----------------------------------------------------------------------------------------------

    @Transactional
    public Rating rate(UUID applicationId, String trackingNumber, String levelCode, String comment) {
        Case c = findCase(applicationId)
                .filter(k -> k.trackingNumber().equals(trackingNumber))
                .orElseThrow(() -> new NotFoundProblem("application", applicationId));
        String me = scope.username();
        if (handledBy(applicationId, me)) {
            throw DepartmentScope.forbidden("rating.own-case");
        }
        if (!"COMPLETED".equals(c.status())) {
            throw new ConflictProblem("rating.not-completed", c.status());
        }
        if (Rating.count("applicationId", applicationId) > 0) {
            throw ConflictProblem.alreadyExists(KIND, applicationId);
        }
        RatingLevel level = level(levelCode, "level");
        OffsetDateTime now = now();
        rollups.retract(applicationId);   // the case's figures leave the monthly rollups and come back rated
        Rating r = new Rating();
        r.id = UUID.randomUUID();
        r.applicationId = applicationId;
        r.department = c.department();
        r.itemCode = c.itemCode();
        r.rater = me;
        r.level = level.code;
        r.comment = comment;
        r.ratedAt = now;
        r.persist();
        em.flush();   // the unique application_id decides a race between two first ratings (409)
        audit.record(me, KIND, r.id.toString(), "rated", null, r.state());
        outbox.record(EvaluationEventTypes.RATING_SUBMITTED, applicationId.toString(), new RatingSubmitted(r.id,
                applicationId, r.department, r.itemCode, level.code, level.rank, level.badReview, now));
        if (level.badReview) {
            openRectification(r, level, now);
        }
        rollups.apply(applicationId);
        return r;
    }

    private void openRectification(Rating r, RatingLevel level, OffsetDateTime now) {
        Rectification x = new Rectification();
        x.id = UUID.randomUUID();
        x.ratingId = r.id;
        x.applicationId = r.applicationId;
        x.department = r.department;
        x.status = RectificationStatus.OPEN;
        x.openedAt = now;
        x.dueOn = calendars.current().addWorkingDays(today(), rectificationWorkingDays);
        x.persist();
        audit.record("system", Rectification.KIND, x.id.toString(), "opened", null, x.state());
        outbox.record(EvaluationEventTypes.RECTIFICATION_OPENED, r.applicationId.toString(),
                new RectificationOpened(x.id, r.id, r.applicationId, r.department, level.code, now, x.dueOn));
    }

    /** The rating, if the caller may see it: its rater, officials of its department, county-wide roles. */
    public Rating get(UUID id) {
        Rating r = Rating.<Rating>findByIdOptional(id).orElseThrow(() -> new NotFoundProblem(KIND, id));
        if (!r.rater.equals(scope.username()) && !scope.sees(r.department)) {
            throw new NotFoundProblem(KIND, id);
        }
        return r;
    }

    public boolean showsRater(Rating r) {
        return scope.countyWide() || r.rater.equals(scope.username());
    }

    /** Applicants: their own ratings; officials: their department's; county-wide roles: all or one department. */
    public PageOf<Rating> list(String department, PageRequest page) {
        io.quarkus.hibernate.orm.panache.PanacheQuery<Rating> q;
        io.quarkus.panache.common.Sort sort = io.quarkus.panache.common.Sort.descending("ratedAt").and("id");
        if (scope.applicantOnly()) {
            q = Rating.find("rater", sort, scope.username());
        } else {
            var d = scope.listScope(department);
            q = d.isPresent() ? Rating.find("department", sort, d.get()) : Rating.findAll(sort);
        }
        return PageOf.of(q, page);
    }

    /**
     * The rectification each of these ratings opened (rating id → rectification id; ratings without one are absent).
     * The rating view carries it: whoever may see a rating may see its rectification, and the rater needs its id for
     * his re-rating.
     */
    public java.util.Map<UUID, UUID> rectificationIds(java.util.Collection<UUID> ratingIds) {
        if (ratingIds.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<UUID, UUID> ids = new java.util.HashMap<>();
        Rectification.<Rectification>list("ratingId in ?1", ratingIds).forEach(x -> ids.put(x.ratingId, x.id));
        return ids;
    }

    // ---- rectification ----------------------------------------------------------------------------------------

    public Rectification rectification(UUID id) {
        Rectification x = Rectification.<Rectification>findByIdOptional(id).orElseThrow(() -> new NotFoundProblem(Rectification.KIND, id));
        Rating r = Rating.findById(x.ratingId);
        if (!scope.sees(x.department) && !r.rater.equals(scope.username())) {
            throw new NotFoundProblem(Rectification.KIND, id);
        }
        return x;
    }

    /**
     * Applicants: the rectifications their own ratings opened (so the rater finds the one to re-rate); officials:
     * their department's; county-wide roles: all or one department.
     */
    public PageOf<Rectification> rectifications(String department, RectificationStatus status, PageRequest page) {
        StringBuilder where = new StringBuilder("1 = 1");
        var params = new java.util.HashMap<String, Object>();
        if (scope.applicantOnly()) {
            where.append(" and ratingId in (select r.id from Rating r where r.rater = :rater)");
            params.put("rater", scope.username());
        } else {
            scope.listScope(department).ifPresent(v -> {
                where.append(" and department = :department");
                params.put("department", v);
            });
        }
        if (status != null) {
            where.append(" and status = :status");
            params.put("status", status);
        }
        var q = Rectification.<Rectification>find(where.toString(),
                io.quarkus.panache.common.Sort.ascending("dueOn").and("id"), params);
        return PageOf.of(q, page);
    }

    private static final Set<String> RECTIFYING_ROLES = Set.of(Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD);

    @Transactional
    public Rectification fix(UUID id, IfMatch ifMatch, String measures) {
        Rectification x = lockedRectification(id);
        requireOfficialOf(x.department);
        ifMatch.check(x.version);
        var before = x.state();
        rollups.retract(x.applicationId);
        x.fix(measures, scope.username(), today());
        rollups.apply(x.applicationId);
        audit.record(scope.username(), Rectification.KIND, id.toString(), "measures", before, x.state());
        return x;
    }

    @Transactional
    public Rectification callBack(UUID id, IfMatch ifMatch, boolean reached, String note) {
        Rectification x = lockedRectification(id);
        requireOfficialOf(x.department);
        ifMatch.check(x.version);
        var before = x.state();
        rollups.retract(x.applicationId);
        x.callBack(reached, note, scope.username(), today());
        rollups.apply(x.applicationId);
        audit.record(scope.username(), Rectification.KIND, id.toString(), "call-back", before, x.state());
        return x;
    }

    /** The rater rates the fix after the call-back: the rectification closes. */
    @Transactional
    public Rectification reRate(UUID id, IfMatch ifMatch, String levelCode) {
        Rectification x = lockedRectification(id);
        Rating r = Rating.findById(x.ratingId);
        if (!r.rater.equals(scope.username())) {
            throw DepartmentScope.forbidden("rectification.not-the-rater");
        }
        ifMatch.check(x.version);
        x.require("re-rating");
        RatingLevel level = level(levelCode, "level");
        var before = x.state();
        rollups.retract(x.applicationId);
        x.reRate(level.code, now());
        rollups.apply(x.applicationId);
        audit.record(scope.username(), Rectification.KIND, id.toString(), "re-rated", before, x.state());
        outbox.record(EvaluationEventTypes.RECTIFICATION_CLOSED, x.applicationId.toString(), closed(x, "RESOLVED"));
        return x;
    }

    private RectificationClosed closed(Rectification x, String outcome) {
        return new RectificationClosed(x.id, x.ratingId, x.applicationId, x.department, outcome, x.reRatingLevel, x.dueOn,
                x.fixedOn, x.onTime, x.closedAt);
    }

    private Rectification lockedRectification(UUID id) {
        Rectification x = Rectification.<Rectification>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(Rectification.KIND, id));
        Rating r = Rating.findById(x.ratingId);
        if (!scope.sees(x.department) && !r.rater.equals(scope.username())) {
            throw new NotFoundProblem(Rectification.KIND, id);
        }
        return x;
    }

    private void requireOfficialOf(String department) {
        if (!scope.actsFor(department, RECTIFYING_ROLES)) {
            throw DepartmentScope.forbidden();
        }
    }

    // ---- appeal -----------------------------------------------------------------------------------------------

    /** The head of the rated department appeals against a bad review he holds malicious. */
    @Transactional
    public RatingAppeal appeal(UUID ratingId, String reason) {
        Rating r = Rating.<Rating>findByIdOptional(ratingId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(KIND, ratingId));
        if (!scope.sees(r.department) && !r.rater.equals(scope.username())) {
            throw new NotFoundProblem(KIND, ratingId);
        }
        if (!scope.actsFor(r.department, Set.of(Roles.DEPT_HEAD))) {
            throw DepartmentScope.forbidden();
        }
        if (RatingAppeal.count("ratingId", ratingId) > 0) {
            throw ConflictProblem.alreadyExists(RatingAppeal.KIND, ratingId);
        }
        if (!RatingLevel.<RatingLevel>findById(r.level).badReview) {
            throw new UnprocessableProblem("rating.appeal-not-bad-review", r.level);
        }
        RatingAppeal a = new RatingAppeal();
        a.id = UUID.randomUUID();
        a.ratingId = ratingId;
        a.department = r.department;
        a.filedBy = scope.username();
        a.reason = reason;
        a.filedAt = now();
        a.status = RatingAppeal.Status.FILED;
        a.persist();
        em.flush();
        audit.record(scope.username(), RatingAppeal.KIND, a.id.toString(), "filed", null, a.state());
        return a;
    }

    public RatingAppeal getAppeal(UUID id) {
        RatingAppeal a = RatingAppeal.<RatingAppeal>findByIdOptional(id).orElseThrow(() -> new NotFoundProblem(RatingAppeal.KIND, id));
        if (!scope.sees(a.department)) {
            throw new NotFoundProblem(RatingAppeal.KIND, id);
        }
        return a;
    }

    /** The efficiency office or the evaluation committee decides; upheld excludes the rating and cancels its rectification. */
    @Transactional
    public RatingAppeal decide(UUID id, IfMatch ifMatch, boolean upheld, String note) {
        RatingAppeal a = RatingAppeal.<RatingAppeal>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(RatingAppeal.KIND, id));
        ifMatch.check(a.version);
        var before = a.state();
        OffsetDateTime now = now();
        a.decide(upheld, note, scope.username(), now);
        em.flush();
        audit.record(scope.username(), RatingAppeal.KIND, id.toString(), upheld ? "upheld" : "rejected", before, a.state());
        if (upheld) {
            Rating r = Rating.findById(a.ratingId, LockModeType.PESSIMISTIC_WRITE);
            // Locked before the case (Rollups.retract locks its projection row), in the order fix/call-back/re-rating
            // take them: rectification, then case.
            Rectification x = Rectification.find("ratingId", r.id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
            rollups.retract(r.applicationId);   // the rating leaves every figure, its rectification is cancelled
            var ratingBefore = r.state();
            r.excluded = true;
            em.flush();
            audit.record(scope.username(), KIND, r.id.toString(), "excluded", ratingBefore, r.state());
            outbox.record(EvaluationEventTypes.RATING_EXCLUDED, r.applicationId.toString(),
                    new RatingExcluded(r.id, r.applicationId, r.department, a.id, now));
            if (x != null && x.status.isOpen()) {
                var xBefore = x.state();
                x.cancel(now);
                em.flush();
                audit.record(scope.username(), Rectification.KIND, x.id.toString(), "cancelled", xBefore, x.state());
                outbox.record(EvaluationEventTypes.RECTIFICATION_CLOSED, x.applicationId.toString(), closed(x, "CANCELLED"));
            }
            rollups.apply(r.applicationId);
        }
        return a;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    Optional<Case> findCase(UUID applicationId) {
        List<Object[]> rows = em.createNativeQuery("""
                select application_id, tracking_number, department, item_code, status
                from application_projection where application_id = ?1""")
                .setParameter(1, applicationId).getResultList();
        return rows.stream().findFirst().map(r -> new Case((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4]));
    }

    boolean handledBy(UUID applicationId, String username) {
        return ((Number) em.createNativeQuery("select count(*) from application_handler where application_id = ?1 and actor = ?2")
                .setParameter(1, applicationId).setParameter(2, username).getSingleResult()).longValue() > 0;
    }

    private static RatingLevel level(String code, String field) {
        RatingLevel level = code == null ? null : RatingLevel.findById(code);
        if (level == null) {
            ProblemException.Msg kind = new ProblemException.Msg("kind.rating-level", "rating level");
            throw new UnprocessableProblem("reference-not-found", kind, code).withFieldError(field, "reference-not-found", kind, code);
        }
        return level;
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(WorkingDayCalendar.ZONE));
    }

    // ---- event data (no personal data: the rater is never named) ---------------------------------------------

    public record RatingSubmitted(UUID ratingId, UUID applicationId, String department, String itemCode, String level,
                                  int rank, boolean badReview, OffsetDateTime ratedAt) {}

    public record RatingExcluded(UUID ratingId, UUID applicationId, String department, UUID appealId, OffsetDateTime excludedAt) {}

    public record RectificationOpened(UUID rectificationId, UUID ratingId, UUID applicationId, String department,
                                      String level, OffsetDateTime openedAt, LocalDate dueOn) {}

    public record RectificationClosed(UUID rectificationId, UUID ratingId, UUID applicationId, String department,
                                      String outcome, String reRatingLevel, LocalDate dueOn, LocalDate fixedOn,
                                      Boolean onTime, OffsetDateTime closedAt) {}
}
