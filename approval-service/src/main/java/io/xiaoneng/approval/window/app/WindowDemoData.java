package io.xiaoneng.approval.window.app;

import io.quarkus.runtime.StartupEvent;
import io.xiaoneng.approval.domain.Department;
import io.xiaoneng.approval.window.app.PostService.PostData;
import io.xiaoneng.approval.window.app.WindowService.WindowData;
import io.xiaoneng.approval.window.domain.ServiceWindow;
import io.xiaoneng.approval.window.domain.StaffPost;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Demo windows and posts of the county service center (xiaoneng.demo-data=true). Runs after the departments'
 * demo data (observer priority), adds only what is missing, through the services so the events are published.
 */
@ApplicationScoped
public class WindowDemoData {

    /** After {@code DemoData} (default priority), which registers the departments the windows serve. */
    public static final int PRIORITY = ObserverMethod.DEFAULT_PRIORITY + 10;

    private static final Logger LOG = Logger.getLogger(WindowDemoData.class);

    @ConfigProperty(name = "xiaoneng.demo-data")
    boolean enabled;

    @Inject
    WindowService windows;

    @Inject
    PostService posts;

    record W(String code, WindowData data) {}

    record P(String code, PostData data) {}

    static final List<W> WINDOWS = List.of(
            new W("market-window", new WindowData("市场监管窗口", "A01", List.of("market"), "一楼东区",
                    true, true, true)),   // business registration also at weekends (节假日服务) and lunchtime (延时)
            new W("housing-window", new WindowData("住建窗口", "A02", List.of("housing"), "一楼东区",
                    true, false, true)),
            new W("general-window", new WindowData("综合受理窗口", "B01",
                    List.of("service-center", "natural-resources", "development-reform"), "一楼大厅",
                    true, true, true)));

    static final List<P> POSTS = List.of(
            new P("market-acceptance", new PostData("market-window", "市场监管受理岗",
                    "接收申请材料，一次性告知需补正的全部材料，出具受理凭证。", List.of("clerk-market"))),
            new P("market-approval", new PostData("market-window", "市场监管审批岗",
                    "在承诺时限内审查并作出决定，按规定收费（按下限收取）。", List.of("approver-market"))),
            new P("housing-acceptance", new PostData("housing-window", "住建受理岗",
                    "接收申请材料，一次性告知需补正的全部材料，出具受理凭证。", List.of("clerk-housing"))),
            new P("housing-approval", new PostData("housing-window", "住建审批岗",
                    "在承诺时限内审查并作出决定。", List.of("approver-housing"))),
            new P("general-acceptance", new PostData("general-window", "综合受理岗",
                    "首问负责，统一收件，分送各部门并联审批，全程代办。", List.of())));

    /** The codes of the demo windows (the appointment demo data gives these, and only these, slots). */
    public static List<String> windowCodes() {
        return WINDOWS.stream().map(W::code).toList();
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        if (enabled) {
            load();
        }
    }

    /** Adds the missing demo windows and posts; public for the demo-data test, harmless to repeat. */
    @Transactional
    public void load() {
        int windowsAdded = 0;
        int postsAdded = 0;
        for (W w : WINDOWS) {
            boolean departmentsThere = w.data().departmentCodes().stream().allMatch(d -> Department.findById(d) != null);
            if (ServiceWindow.findById(w.code()) == null && departmentsThere) {
                windows.create("system", w.code(), w.data());
                windowsAdded++;
            }
        }
        for (P p : POSTS) {
            if (StaffPost.findById(p.code()) == null && ServiceWindow.findById(p.data().windowCode()) != null) {
                posts.create("system", p.code(), p.data());
                postsAdded++;
            }
        }
        LOG.infof("Demo data: %d windows and %d posts added", windowsAdded, postsAdded);
    }
}
