package io.xiaoneng.evaluation.report.app;

import io.quarkus.panache.common.Sort;
import io.xiaoneng.evaluation.commitment.app.Today;
import io.xiaoneng.evaluation.domain.BasisNotFinalProblem;
import io.xiaoneng.evaluation.org.DepartmentScope;
import io.xiaoneng.evaluation.survey.domain.Survey;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.persistence.TransactionLocks;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemCodes;
import io.xiaoneng.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Drafting, refreshing and approving the yearly report. Approval needs a second committee member (four eyes): the
 * drafter cannot publish his own draft. Only a report on final figures is published: once its year is over, its
 * year-end survey (if any) closed, and the draft as the facts now give it. Once published, the snapshot never changes
 * and there is no retraction: {@link #verify} recomputes it from today's raw facts and says whether it still
 * reproduces, and the year's survey can no longer be opened ({@link #publishedUnderLock}).
 */
@ApplicationScoped
public class ReportService {

    /**
     * The verification's answer. {@code differingSections}: every section whose recomputation differs from the
     * snapshot. {@code sectionsChangedByRules}: those of them whose rules changed after the report's
     * {@code rulesVersion} ({@link ReportRules}) — they differ because today's code computes them differently, and
     * can tell nothing about the facts. A differing section not in that list means the facts behind it changed.
     */
    public record Verification(int year, boolean reproducible, String storedSha256, String recomputedSha256,
                               List<String> differingSections, int rulesVersion, int currentRulesVersion,
                               List<String> sectionsChangedByRules) {}

    @Inject
    ReportBuilder builder;

    @Inject
    DepartmentScope scope;

    @Inject
    AuditTrail audit;

    @Inject
    Today today;

    @Inject
    EntityManager em;

    /**
     * First key of the two-int advisory lock on a year's publication (the second is the year): "rpub". Apart from the
     * single-key rollup lock and the platform's namespaces.
     */
    static final int PUBLICATION_LOCK = 0x72707562;

    @Transactional
    public PublishedReport draft(int year) {
        if (PublishedReport.findById(year) != null) {
            throw ConflictProblem.alreadyExists(PublishedReport.KIND, year);
        }
        PublishedReport r = new PublishedReport();
        r.year = year;
        r.status = PublishedReport.DRAFT;
        fill(r);
        r.persistAndFlush();
        audit.record(scope.username(), PublishedReport.KIND, String.valueOf(year), "drafted", null, r.state());
        return r;
    }

    /** Recomputes a draft from the current facts (e.g. after late corrections). */
    @Transactional
    public PublishedReport redraft(int year, IfMatch ifMatch) {
        PublishedReport r = locked(year);
        ifMatch.check(r.version);
        requireDraft(r, "redraft");
        PublishedReport.State before = r.state();
        fill(r);
        r.persistAndFlush();
        audit.record(scope.username(), PublishedReport.KIND, String.valueOf(year), "redrafted", before, r.state());
        return r;
    }

    @Transactional
    public PublishedReport approve(int year, IfMatch ifMatch) {
        PublishedReport r = locked(year);
        ifMatch.check(r.version);
        requireDraft(r, "approval");
        if (Objects.equals(r.draftedBy, scope.username())) {
            throw new ProblemException(403, ProblemCodes.FORBIDDEN, "report.four-eyes");
        }
        lockPublication(year);
        requireFinalBasis(r);
        PublishedReport.State before = r.state();
        r.status = PublishedReport.PUBLISHED;
        r.approvedBy = scope.username();
        r.publishedAt = Instant.now();
        r.persistAndFlush();
        audit.record(scope.username(), PublishedReport.KIND, String.valueOf(year), "approved", before, r.state());
        return r;
    }

    /**
     * Whether the report of {@code year} is published, read under the year's publication lock, held to the end of the
     * caller's transaction: the approval of that report takes the same lock before it checks its basis, so a change of
     * the basis that the caller makes after a {@code false} (opening the year's survey) is either seen by the approval
     * or waited for by it — it can never slip in beside a publication.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publishedUnderLock(int year) {
        lockPublication(year);
        return PublishedReport.<PublishedReport>findByIdOptional(year).map(PublishedReport::published).orElse(false);
    }

    private void lockPublication(int year) {
        TransactionLocks.exclusive(em, PUBLICATION_LOCK, year);
    }

    public PublishedReport get(int year) {
        return PublishedReport.<PublishedReport>findByIdOptional(year).orElseThrow(() -> new NotFoundProblem(PublishedReport.KIND, year));
    }

    public List<PublishedReport> list() {
        return PublishedReport.listAll(Sort.descending("year"));
    }

    /** A published report; drafts do not exist for the public. */
    public PublishedReport published(int year) {
        return PublishedReport.<PublishedReport>findByIdOptional(year).filter(PublishedReport::published)
                .orElseThrow(() -> new NotFoundProblem(PublishedReport.KIND, year));
    }

    public List<PublishedReport> publishedList() {
        return PublishedReport.list("status", Sort.descending("year"), PublishedReport.PUBLISHED);
    }

    @Transactional
    public Verification verify(int year) {
        PublishedReport r = get(year);
        // From the raw facts, not the rollups the draft read: a reproduced report also proves the rollups right.
        ReportBuilder.Content now = builder.build(year, ReportSource.FACTS);
        String text = builder.serialize(now);
        List<String> differing = new ArrayList<>();
        if (!text.equals(r.content)) {
            ReportBuilder.Content stored = builder.parse(r.content);
            for (ReportTable t : now.sections()) {
                ReportTable old = stored.sections().stream().filter(s -> s.key().equals(t.key())).findFirst().orElse(null);
                if (old == null || !canonical(year, old).equals(canonical(year, t))) {
                    differing.add(t.key());
                }
            }
            stored.sections().stream().map(ReportTable::key).filter(k -> now.sections().stream().noneMatch(t -> t.key().equals(k)))
                    .forEach(differing::add);
        }
        List<String> byRules = differing.stream().filter(ReportRules.changedSince(r.rulesVersion)::contains).toList();
        return new Verification(year, differing.isEmpty() && text.equals(r.content), r.contentSha256, ReportBuilder.sha256(text),
                differing, r.rulesVersion, ReportRules.CURRENT, byRules);
    }

    /** A section as it reads after storage (numbers as parsed back), so a stored and a fresh table compare fairly. */
    private String canonical(int year, ReportTable t) {
        return builder.serialize(builder.parse(builder.serialize(new ReportBuilder.Content(year, List.of(t), List.of()))));
    }

    /**
     * A published report never changes, so it must not rest on figures that still move: the year must be over (ratings
     * and cases of its last days come in until then), its survey closed (ballots are entered until then), and the draft
     * must be what those final facts give — a draft made in December, or before a late correction, is redrafted first.
     * A year without a survey is published without one.
     */
    private void requireFinalBasis(PublishedReport r) {
        if (!BasisNotFinalProblem.yearOver(r.year, today.date())) {
            throw BasisNotFinalProblem.reportYearNotOver(r.year);
        }
        Survey survey = Survey.findById(r.year);
        if (survey != null && survey.isOpen()) {
            throw BasisNotFinalProblem.reportSurveyOpen(r.year);
        }
        if (!builder.serialize(builder.build(r.year)).equals(r.content)) {
            throw BasisNotFinalProblem.reportDraftOutdated(r.year);
        }
    }

    private void fill(PublishedReport r) {
        r.content = builder.serialize(builder.build(r.year));
        r.contentSha256 = ReportBuilder.sha256(r.content);
        r.rulesVersion = ReportRules.CURRENT;
        r.draftedBy = scope.username();
        r.draftedAt = Instant.now();
    }

    private PublishedReport locked(int year) {
        return PublishedReport.<PublishedReport>findByIdOptional(year, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem(PublishedReport.KIND, year));
    }

    private static void requireDraft(PublishedReport r, String command) {
        if (r.published()) {
            throw new IllegalTransitionProblem(PublishedReport.KIND, r.year, r.status, command, List.of());
        }
    }
}
