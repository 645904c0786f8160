package io.xiaoneng.approval.application.app;

import io.xiaoneng.platform.identity.PiiCipher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xiaoneng.approval.application.domain.ApplicantKind;
import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.integration.PlatformChannels;
import io.xiaoneng.approval.integration.PlatformClient;
import io.xiaoneng.approval.window.domain.ServiceWindow;
import io.xiaoneng.approval.application.domain.ApplicationStatus;
import io.xiaoneng.approval.application.domain.Channel;
import io.xiaoneng.approval.application.domain.Command;
import io.xiaoneng.approval.application.domain.PledgeStatus;
import io.xiaoneng.approval.application.domain.ApplicationRuleViolation;
import io.xiaoneng.approval.application.domain.Transition;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.approval.catalog.app.CatalogService;
import io.xiaoneng.platform.events.Outbox;
import io.xiaoneng.platform.http.IfMatch;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.identity.InvalidIdentifierException;
import io.xiaoneng.platform.identity.PhoneNumber;
import io.xiaoneng.platform.identity.ResidentIdNumber;
import io.xiaoneng.platform.identity.UnifiedSocialCreditCode;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.ProblemException;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Filing, commands and reads of applications: loads the case with a row lock, authorizes the caller
 * ({@link CaseAccess}), checks {@code If-Match}, lets the domain decide, and records the transition (history,
 * events) and the new light in the same transaction.
 */
@ApplicationScoped
public class ApplicationService {

    static final String KIND = "application";

    @Inject
    EntityManager em;

    @Inject
    CatalogService catalog;

    @Inject
    CaseAccess access;

    @Inject
    PiiCipher pii;

    @Inject
    TrackingCodes codes;

    @Inject
    LegalTime time;

    @Inject
    Calendars calendars;

    @Inject
    ApplicationAudit audit;

    @Inject
    Supervision supervision;

    @Inject
    ObjectMapper json;

    @Inject
    Outbox outbox;

    @Inject
    PlatformClient platformClient;

    @Inject
    PlatformChannels platformChannels;

    /** A filing as the caller sent it; the identifier in clear, validated here. */
    public record NewApplication(String itemCode, ApplicantKind applicantKind, String applicantName, String idNumber,
                                 String phone, Channel channel, String applicantAccount, String firstInquiryOfficer,
                                 String agent, String window, List<String> materials) {}

    /** The filed case and its verification code: the code exists in clear only in this answer. */
    public record Filed(Application application, String verificationCode) {}

    public record HistoryEntry(long id, Instant at, String actor, String command, String fromState, String toState, JsonNode details) {}

    public Application.Act act(Instant now) {
        return new Application.Act(access.username(), now, calendars.current(), time.rules());
    }

    // --- filing ---------------------------------------------------------------------------------------------------

    @Transactional
    public Filed submit(NewApplication in) {
        CatalogService.FilingTerms v;
        try {
            v = catalog.filingTerms(in.itemCode());
        } catch (NotFoundProblem e) {
            ProblemException.Msg kind = new ProblemException.Msg("kind.catalog-item", "catalog-item");
            throw new UnprocessableProblem("reference-not-found", kind, in.itemCode())
                    .withFieldError("itemCode", "reference-not-found", kind, in.itemCode());
        }
        if (!v.retained()) {
            throw new ApplicationRuleViolation("item-cancelled", in.itemCode());
        }
        String handling = v.composite() ? v.leadDepartment() : v.itemDepartment();

        Channel channel = in.channel();
        String account = in.applicantAccount();
        String firstInquiry = in.firstInquiryOfficer();
        String agent = in.agent();
        if (access.isOfficial()) {
            // Window staff file for their own department's items only.
            if (!access.officialDepartment().orElseThrow().equals(handling)) {
                throw CaseAccess.forbidden();
            }
            channel = channel == null ? Channel.WINDOW : channel;
            requireChannel(channel, Set.of(Channel.WINDOW, Channel.AGENT));
            firstInquiry = firstInquiry == null ? access.username() : firstInquiry;
            if (channel == Channel.AGENT && agent == null) {
                agent = access.username();
            }
        } else if (access.isPlatform()) {
            Channel own = platformChannels.channels().get(platformClient.id());
            if (own == null) {
                throw CaseAccess.forbidden(); // a platform client the county has not registered files nothing
            }
            channel = channel == null ? own : channel;
            requireChannel(channel, Set.of(own));
        } else if (access.isApplicant()) {
            channel = channel == null ? Channel.ONLINE : channel;
            requireChannel(channel, Set.of(Channel.ONLINE));
            account = access.username(); // an applicant files for himself, whatever the body says
            firstInquiry = null;         // assigned when an official first takes the case up
            agent = null;
        } else {
            throw CaseAccess.forbidden();
        }

        String window = receivingWindow(in.window(), channel, handling);
        Application.Applicant applicant = applicant(in, account);
        Instant now = time.now();
        Application.Act act = act(now);
        String code = codes.newCode();
        Application a = Application.file(UUID.randomUUID(), codes.trackingNumber(act.today(), v.trackingSequence()), codes.hash(code),
                new Application.ItemSnapshot(v.implementationCode(), v.version(), v.name(), v.itemDepartment(),
                        v.committedLimitDays(), v.acceptWithPledge(), v.composite(), v.leadDepartment(), v.participatingDepartments(),
                        v.yellowPercent()),
                applicant, new Application.Filing(channel, access.username(), firstInquiry, agent, window, in.materials()), act);
        em.persist(a);
        // one round trip for the filing's events: submitted and the first light
        List<Outbox.Entry> events = new ArrayList<>(audit.history(a, a.submitted(act), publicActor(a)));
        supervision.lightOfNewCase(a, now, events);
        outbox.recordEvents(events);
        return new Filed(a, code);
    }

    /**
     * The window that received a filing: named by the center's staff for window and agency filings (statistics per
     * window); it must be in service and serve the department that handles the item. Online and platform filings
     * reach no window.
     */
    private static String receivingWindow(String code, Channel channel, String handlingDepartment) {
        if (code == null) {
            return null;
        }
        if (channel != Channel.WINDOW && channel != Channel.AGENT) {
            throw new ApplicationRuleViolation("window-not-for-channel", channel).withFieldError("window", "application.window-not-for-channel", channel);
        }
        ServiceWindow window = ServiceWindow.findById(code);
        if (window == null) {
            ProblemException.Msg kind = new ProblemException.Msg("kind.window", "window");
            throw new UnprocessableProblem("reference-not-found", kind, code).withFieldError("window", "reference-not-found", kind, code);
        }
        if (!window.active) {
            throw new UnprocessableProblem("window.inactive", code).withFieldError("window", "window.inactive", code);
        }
        if (!window.serves(handlingDepartment)) {
            throw new ApplicationRuleViolation("window-not-serving", code, handlingDepartment)
                    .withFieldError("window", "application.window-not-serving", code, handlingDepartment);
        }
        return code;
    }

    private static void requireChannel(Channel channel, Set<Channel> allowed) {
        if (channel == null || !allowed.contains(channel)) {
            throw new ApplicationRuleViolation("channel-not-allowed", channel)
                    .withFieldError("channel", "unknown-value", allowed.stream().map(Enum::name).sorted().toList());
        }
    }

    /** Validates the identifier by its standard, keeps it encrypted and masked; never in clear in the database. */
    private Application.Applicant applicant(NewApplication in, String account) {
        String value;
        String masked;
        try {
            if (in.applicantKind() == ApplicantKind.PERSON) {
                ResidentIdNumber id = ResidentIdNumber.parse(in.idNumber());
                value = id.value();
                masked = id.masked();
            } else {
                UnifiedSocialCreditCode code = UnifiedSocialCreditCode.parse(in.idNumber());
                value = code.value();
                masked = code.masked();
            }
        } catch (InvalidIdentifierException e) {
            throw e.fieldProblem("applicant.idNumber");
        }
        String phoneCipher = null;
        String phoneMasked = null;
        if (in.phone() != null && !in.phone().isBlank()) {
            try {
                PhoneNumber phone = PhoneNumber.parse(in.phone());
                phoneCipher = pii.encrypt(phone.value());
                phoneMasked = phone.masked();
            } catch (InvalidIdentifierException e) {
                throw e.fieldProblem("applicant.phone");
            }
        }
        return new Application.Applicant(in.applicantKind(), in.applicantName().strip(), pii.encrypt(value), masked,
                phoneCipher, phoneMasked, account);
    }

    // --- commands -------------------------------------------------------------------------------------------------

    /**
     * Runs one command: 404 unknown case or one the caller may not read (its existence is none of their business,
     * as for reads) → 403 readable but not the caller's to command → 412 stale {@code If-Match} → 409 not allowed in
     * the state (naming what is) → the change, its history row, its events and its light, atomically.
     *
     * @param department the sub-case's department for sub-case commands, else null
     */
    @Transactional
    public Application execute(UUID id, IfMatch ifMatch, Command command, String department,
                               BiFunction<Application, Application.Act, Transition> action) {
        supervision.settleDue(id); // the law's deemed acceptance first, committed on its own
        Application a = em.find(Application.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (a == null || !access.canRead(a)) {
            throw new NotFoundProblem(KIND, id);
        }
        access.authorize(a, command, department);
        ifMatch.check(a.version);
        Instant now = time.now();
        Transition t = action.apply(a, act(now));
        audit.record(a, t, publicActor(a));
        supervision.refreshLight(a, now);
        em.flush(); // the new version, for the ETag of the answer
        return a;
    }

    private String publicActor(Application a) {
        return access.actsAsApplicant(a) || (access.isApplicant() && !access.isOfficial() && !access.isPlatform())
                ? "applicant" : access.username();
    }

    // --- reads ----------------------------------------------------------------------------------------------------

    /** A case the caller may read; 404 for every other (its existence is none of their business). */
    public Application get(UUID id) {
        supervision.settleDue(id);
        Application a = em.find(Application.class, id);
        if (a == null || !access.canRead(a)) {
            throw new NotFoundProblem(KIND, id);
        }
        return a;
    }

    /** Anonymous tracking: the same 404 for an unknown number and a wrong code. */
    public Application track(String trackingNumber, String code) {
        List<Application> found = em.createQuery("select a from Application a where a.trackingNumber = :n", Application.class)
                .setParameter("n", trackingNumber).getResultList();
        // compare even when there is no case, so that timing does not tell numbers that exist
        String storedHash = found.isEmpty() ? "0".repeat(64) : found.get(0).verificationHash;
        if (!codes.matches(code, storedHash) || found.isEmpty()) {
            throw new NotFoundProblem(KIND, trackingNumber);
        }
        supervision.settleDue(found.get(0).id);
        em.clear();
        return em.find(Application.class, found.get(0).id);
    }

    /**
     * The applicant's own cases, the official's department's (handled or taking part in), or all for supervisors,
     * newest first; only those with a pledge in state {@code pledge} unless it is null.
     */
    public PageOf<Application> list(ApplicationStatus status, String department, PledgeStatus pledge, PageRequest page) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (!access.seesAll()) {
            List<String> scopes = new ArrayList<>();
            access.officialDepartment().ifPresent(d -> {
                scopes.add("a.departmentCode = :own or a.id in (select b.id from Application b join b.subCases s where s.department = :own)");
                params.put("own", d);
            });
            if (access.isApplicant()) {
                scopes.add("a.applicantAccount = :me");
                params.put("me", access.username());
            }
            if (access.isPlatform()) {
                scopes.add("a.submittedBy = :platform");
                params.put("platform", access.username());
            }
            if (scopes.isEmpty()) {
                return PageOf.empty(page);
            }
            where.append(" and (").append(String.join(" or ", scopes)).append(")");
        }
        if (status != null) {
            where.append(" and a.status = :status");
            params.put("status", status);
        }
        if (department != null) {
            where.append(" and a.departmentCode = :department");
            params.put("department", department);
        }
        if (pledge != null) {
            where.append(" and a.pledgeStatus = :pledge");
            params.put("pledge", pledge);
        }
        TypedQuery<Long> count = em.createQuery("select count(a) from Application a" + where, Long.class);
        TypedQuery<Application> select = em.createQuery("select a from Application a" + where + " order by a.submittedAt desc, a.id", Application.class);
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            select.setParameter(k, v);
        });
        return PageOf.of(select, count, page);
    }

    /** The audit trail of a case the caller may read, oldest first. */
    public List<HistoryEntry> history(UUID id) {
        Application a = get(id);
        // the applicant's login is personal data: shown only to those who see the applicant in clear
        boolean named = access.seesPersonalData(a);
        List<?> rows = em.createNativeQuery("""
                select id, at, actor, command, from_state, to_state, cast(details as text)
                from application_history where application_id = ?1 order by id""").setParameter(1, id).getResultList();
        List<HistoryEntry> entries = new ArrayList<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            String actor = (String) r[2];
            if (!named && actor.equals(a.applicantAccount)) {
                actor = "applicant";
            }
            entries.add(new HistoryEntry(((Number) r[0]).longValue(), toInstant(r[1]), actor, (String) r[3],
                    (String) r[4], (String) r[5], parse((String) r[6])));
        }
        return entries;
    }

    /** The identifier in clear, for those {@link CaseAccess#seesPersonalData} allows. */
    public String applicantId(Application a) {
        return pii.decrypt(a.applicantIdCipher);
    }

    public String applicantPhone(Application a) {
        return pii.decrypt(a.applicantPhoneCipher);
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("history details unreadable", e);
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
