package io.xiaoneng.approval.application.app;

import io.xiaoneng.platform.identity.PiiCipher;
import io.quarkus.runtime.StartupEvent;
import io.xiaoneng.approval.application.domain.ApplicantKind;
import io.xiaoneng.approval.application.domain.Application;
import io.xiaoneng.approval.application.domain.Channel;
import io.xiaoneng.approval.application.domain.DeliveryMethod;
import io.xiaoneng.approval.application.domain.PauseReason;
import io.xiaoneng.approval.application.domain.Transition;
import io.xiaoneng.approval.calendar.app.Calendars;
import io.xiaoneng.approval.catalog.app.CatalogService;
import io.xiaoneng.approval.window.app.WindowDemoData;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.identity.PhoneNumber;
import io.xiaoneng.platform.identity.ResidentIdNumber;
import io.xiaoneng.platform.identity.UnifiedSocialCreditCode;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Demo applications of the run command ({@code xiaoneng.demo-data=true}), after the catalog: a handful of cases in
 * varied states, dated back from today in working days so that the clocks show something — one just filed, one
 * with a supplement notice, one under review, one RED (its decision limit ran out), a parallel approval waiting
 * for one department (blockedBy), one completed, one not accepted. Made through the domain and recorded like any
 * command (history, events, lights); the actors are the demo accounts of the realm (applicant-a, clerk-market, …).
 * Each has a fixed id, so a restart adds only what is missing.
 */
@ApplicationScoped
public class ApplicationDemoData {

    private static final Logger LOG = Logger.getLogger(ApplicationDemoData.class);

    /** After the catalog's demo data ({@code DemoData}) and the windows. */
    public static final int PRIORITY = WindowDemoData.PRIORITY + 20;

    static final String FIRM_REGISTRATION = "34112201000104001000";   // 企业设立登记 (market, 1 day)
    static final String FOOD_LICENCE = "34112201000104003000";        // 食品经营许可（新办） (market, 5 days)
    static final String BUILDING_PERMIT = "34112202000109001000";     // 建筑工程施工许可证核发 (housing)
    static final String REAL_ESTATE = "34112203000112005000";         // 不动产登记 (natural-resources, 5 days)
    static final String BUSINESS_START = "34112201000104101000";      // 企业开办并联审批 (market + natural-resources + housing)

    @ConfigProperty(name = "xiaoneng.demo-data")
    boolean enabled;

    @Inject
    EntityManager em;

    @Inject
    CatalogService catalog;

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

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        if (enabled) {
            int added = load();
            LOG.infof("Demo data: %d applications added", added);
        }
    }

    /** A demo case: its fixed id, what is filed, and the commands that bring it to its state. */
    record Demo(String key, String item, String applicantName, ApplicantKind kind, String idNumber, String account,
                Channel channel, String filedBy, int filedWorkingDaysAgo, List<Step> steps) {}

    /** A command {@code workingDaysAgo} working days before today, by {@code actor}. */
    record Step(int workingDaysAgo, String actor, BiFunction<Application, Application.Act, Transition> command) {}

    static List<Demo> demos() {
        return List.of(
                new Demo("just-filed", FIRM_REGISTRATION, "张伟", ApplicantKind.PERSON, "341122198503150019", "applicant-a",
                        Channel.ONLINE, "applicant-a", 0, List.of()),
                new Demo("supplement", BUILDING_PERMIT, "安徽某建设有限公司", ApplicantKind.ENTERPRISE, "91341122MA2N0DEM01",
                        "applicant-b", Channel.ONLINE, "applicant-b", 2, List.of(
                        new Step(1, "clerk-housing", (a, act) -> a.requestSupplement(act,
                                List.of("施工图设计文件审查合格书", "建设工程规划许可证（复印件）"), "一次性告知：请补齐以上两项材料")))),
                new Demo("under-review", FOOD_LICENCE, "李娜", ApplicantKind.PERSON, "341122199007070022", "applicant-a",
                        Channel.WINDOW, "clerk-market", 3, List.of(
                        new Step(3, "clerk-market", (a, act) -> a.accept(act, null)),
                        new Step(2, "approver-market", Application::startReview))),
                new Demo("red-light", REAL_ESTATE, "王芳", ApplicantKind.PERSON, "341122197811200036", "applicant-b",
                        Channel.WINDOW, "clerk-natural-resources", 12, List.of(
                        new Step(12, "clerk-natural-resources", (a, act) -> a.accept(act, null)),
                        new Step(11, "approver-natural-resources", Application::startReview))),
                new Demo("parallel", BUSINESS_START, "合肥某餐饮管理有限公司", ApplicantKind.ENTERPRISE, "91341122MA2N0DEM14",
                        "applicant-b", Channel.WINDOW, "clerk-market", 6, List.of(
                        new Step(6, "clerk-market", (a, act) -> a.accept(act, null)),
                        new Step(5, "approver-market", Application::startReview),
                        new Step(3, "approver-market", (a, act) -> a.decideSubCase(act, "market", true, null)),
                        new Step(2, "approver-natural-resources", (a, act) -> a.decideSubCase(act, "natural-resources", true, null)))),
                new Demo("paused", FOOD_LICENCE, "赵强", ApplicantKind.PERSON, "341122198503150019", "applicant-a",
                        Channel.ONLINE, "applicant-a", 4, List.of(
                        new Step(4, "clerk-market", (a, act) -> a.accept(act, null)),
                        new Step(3, "approver-market", Application::startReview),
                        new Step(2, "approver-market", (a, act) -> a.pause(act, PauseReason.INSPECTION, "现场核查经营场所")))),
                new Demo("completed", FIRM_REGISTRATION, "陈静", ApplicantKind.PERSON, "341122199007070022", "applicant-a",
                        Channel.ONLINE, "applicant-a", 8, List.of(
                        new Step(8, "clerk-market", (a, act) -> a.accept(act, null)),
                        new Step(8, "approver-market", Application::startReview),
                        new Step(7, "approver-market", (a, act) -> a.approve(act, "材料齐全，符合法定形式")),
                        new Step(6, "clerk-market", (a, act) -> a.deliverCertificate(act, DeliveryMethod.ELECTRONIC, "91341122MA8DEMO01X")),
                        new Step(6, "clerk-market", Application::complete))),
                new Demo("not-accepted", REAL_ESTATE, "刘洋", ApplicantKind.PERSON, "341122197811200036", "applicant-b",
                        Channel.ONLINE, "applicant-b", 5, List.of(
                        new Step(4, "clerk-natural-resources", (a, act) -> a.reject(act, "申请事项不属于本机关职权范围（林地权属争议）",
                                "请向县林业主管部门申请权属争议调处后再行申请")))));
    }

    /** Adds the missing demo cases; returns how many. Public for the demo-data test. */
    @Transactional
    public int load() {
        WorkingDayCalendar calendar = calendars.current();
        LocalDate today = time.today();
        if (!calendar.covers(today)) {
            LOG.warnf("Demo applications skipped: no working-day calendar for %d", today.getYear());
            return 0;
        }
        int added = 0;
        Instant now = time.now();
        for (Demo d : demos()) {
            UUID id = UUID.nameUUIDFromBytes(("xiaoneng-demo-application:" + d.key()).getBytes(StandardCharsets.UTF_8));
            if (em.find(Application.class, id) != null) {
                continue;
            }
            CatalogService.FilingTerms v = catalog.filingTerms(d.item());
            Application.Act filed = act(d.filedBy(), calendar, today, d.filedWorkingDaysAgo(), 9);
            Application a = Application.file(id, codes.trackingNumber(filed.today(), v.trackingSequence()), codes.hash(codes.newCode()),
                    new Application.ItemSnapshot(v.implementationCode(), v.version(), v.name(), v.itemDepartment(), v.committedLimitDays(),
                            v.acceptWithPledge(), v.composite(), v.leadDepartment(), v.participatingDepartments(), v.yellowPercent()),
                    applicant(d), new Application.Filing(d.channel(), d.filedBy(),
                            d.channel() == Channel.ONLINE ? null : d.filedBy(), null,
                            d.channel() == Channel.WINDOW ? receivingWindow(v.composite() ? v.leadDepartment() : v.itemDepartment()) : null,
                            List.of("申请书")), filed);
            em.persist(a);
            audit.record(a, a.submitted(filed), publicActor(d.filedBy(), d));
            int hour = 10;
            for (Step s : d.steps()) {
                Application.Act act = act(s.actor(), calendar, today, s.workingDaysAgo(), hour++);
                audit.record(a, s.command().apply(a, act), publicActor(s.actor(), d));
            }
            supervision.refreshLight(a, now);
            added++;
        }
        return added;
    }

    /** The first window in service (by its number) that serves the department: where a window filing was made. */
    private String receivingWindow(String department) {
        List<?> codes = em.createNativeQuery("""
                select w.code from service_window w join service_window_department d on d.window_code = w.code
                where d.department_code = ?1 and w.active order by w.number limit 1""").setParameter(1, department).getResultList();
        return codes.isEmpty() ? null : (String) codes.get(0);
    }

    private static String publicActor(String actor, Demo d) {
        return actor.equals(d.account()) ? "applicant" : actor;
    }

    /** An act {@code workingDaysAgo} working days before today, at {@code hour} o'clock Beijing time. */
    private Application.Act act(String actor, WorkingDayCalendar calendar, LocalDate today, int workingDaysAgo, int hour) {
        LocalDate day = today;
        for (int left = workingDaysAgo; left > 0; ) {
            day = day.minusDays(1);
            if (calendar.covers(day) && calendar.isWorkingDay(day)) {
                left--;
            }
        }
        Instant at = day.equals(today) ? time.now() : day.atTime(LocalTime.of(Math.min(hour, 17), 0)).atZone(WorkingDayCalendar.ZONE).toInstant();
        return new Application.Act(actor, at, calendar, time.rules());
    }

    private Application.Applicant applicant(Demo d) {
        String id;
        String masked;
        if (d.kind() == ApplicantKind.PERSON) {
            ResidentIdNumber n = ResidentIdNumber.parse(d.idNumber());
            id = n.value();
            masked = n.masked();
        } else {
            UnifiedSocialCreditCode n = UnifiedSocialCreditCode.parse(d.idNumber());
            id = n.value();
            masked = n.masked();
        }
        PhoneNumber phone = PhoneNumber.parse("13800138000");
        return new Application.Applicant(d.kind(), d.applicantName(), pii.encrypt(id), masked, pii.encrypt(phone.value()),
                phone.masked(), d.account());
    }

}
