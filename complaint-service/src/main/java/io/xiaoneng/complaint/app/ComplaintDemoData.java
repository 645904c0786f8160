package io.xiaoneng.complaint.app;

import io.xiaoneng.complaint.domain.Channel;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintReply;
import io.xiaoneng.complaint.domain.Finding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.function.Function;

/**
 * Demo complaints of the run command, one in each typical state (received, dispatched, replied, referred, closed),
 * against the demo departments {@code market} and {@code housing}. Loaded once (nothing is added when they
 * exist). The two demo departments are put into the projection if approval-service's events have not arrived yet;
 * the real events overwrite them (they are older by {@code as_of}).
 */
@ApplicationScoped
public class ComplaintDemoData {

    private static final Logger LOG = Logger.getLogger(ComplaintDemoData.class);
    static final String ACTOR = "demo";
    static final String FIRST = "窗口工作人员态度生硬，反复让我补材料却不一次说清。";

    @Inject
    EntityManager em;

    @Inject
    ComplaintService complaints;

    @Inject
    ComplaintRules rules;

    @Transactional
    void load() {
        if (Complaint.count("description", FIRST) > 0) {
            return; // loaded before
        }
        for (String[] d : new String[][] {{"market", "县市场监督管理局"}, {"housing", "县住房和城乡建设局"}}) {
            em.createNativeQuery("""
                    insert into department_projection (code, name, kind, active, as_of, event_id)
                    values (?1, ?2, 'COUNTY_AGENCY', true, timestamptz '1970-01-01 00:00Z', 'demo') on conflict (code) do nothing""")
                    .setParameter(1, d[0]).setParameter(2, d[1]).executeUpdate();
        }
        add("RECEIVED", new ComplaintService.NewComplaint(Channel.HOTLINE_12345, "attitude", FIRST,
                "market", null, null, null, null, null, null, null, false,
                new ComplaintService.Complainant("张先生", "13800000001", null)), c -> c);
        add("DISPATCHED", new ComplaintService.NewComplaint(Channel.WEB, "delay", "施工许可申请超过承诺时限仍未办结。", "housing",
                null, null, null, null, null, null, null, true, null), c -> {
            step(c, c.accept(act(c)));
            return step(c, c.dispatch("housing", act(c)));
        });
        add("REPLIED", new ComplaintService.NewComplaint(Channel.MONITORING_POINT, "unlawful-fees", "企业反映办理登记时被收取无依据的资料费。",
                "market", null, null, "mp-01", null, null, null, null, false,
                new ComplaintService.Complainant("县纺织有限公司 李经理", "0571-87654321", null)), c -> {
            step(c, c.accept(act(c)));
            step(c, c.dispatch("market", act(c)));
            step(c, c.handle(Finding.SUBSTANTIATED, "已退还所收费用，对经办人批评教育。", act(c)));
            Complaint.Transition t = c.reply(act(c));
            new ComplaintReply(c.id, c.id, "经查属实，费用已退还，感谢监督。", ACTOR, t.at()).persist();
            complaints.recordSystemReply(c, t, 1);
            return c;
        });
        add("REFERRED", new ComplaintService.NewComplaint(Channel.LETTER, "other", "来信反映市级公积金提取政策问题。", null,
                null, null, null, null, null, null, null, false, new ComplaintService.Complainant("王女士", null, "县城关镇人民路1号")),
                c -> step(c, c.refer("市住房公积金管理中心", act(c))));
        add("CLOSED", new ComplaintService.NewComplaint(Channel.WINDOW, "work-style", "窗口午休时间无人值守。", "market",
                null, null, null, null, null, null, null, true, null), c -> {
            step(c, c.accept(act(c)));
            step(c, c.dispatch("market", act(c)));
            step(c, c.handle(Finding.PARTLY_SUBSTANTIATED, "实行午间轮岗值守。", act(c)));
            Complaint.Transition t = c.reply(act(c));
            new ComplaintReply(c.id, c.id, "已安排午间轮岗，确保窗口有人。", ACTOR, t.at()).persist();
            complaints.recordSystemReply(c, t, 1);
            step(c, c.feedback(true, act(c)));
            return step(c, c.close(act(c)));
        });
    }

    private void add(String label, ComplaintService.NewComplaint in, Function<Complaint, Complaint> course) {
        ComplaintService.Registered r = complaints.receive(in, ACTOR, null);
        course.apply(r.complaint());
        // Demo only: the tracking code is printed so that the public tracking page can be tried out.
        LOG.infof("Demo complaint %s (%s): tracking code %s", r.complaint().reference, label, r.trackingCode());
    }

    private Complaint.Act act(Complaint c) {
        return rules.act(ACTOR, c.category);
    }

    private Complaint step(Complaint c, Complaint.Transition t) {
        complaints.recordSystem(c, t, null); // demo history: the states after each step are what matters
        return c;
    }
}
