package io.xiaoneng.complaint.app;

import io.quarkus.runtime.StartupEvent;
import io.xiaoneng.complaint.domain.MonitoringPoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;

/** Demo data of the run command: the county's 14 investment-environment monitoring points. Idempotent. */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    @ConfigProperty(name = "xiaoneng.demo-data")
    boolean enabled;

    static final List<String> ENTERPRISES = List.of("县纺织有限公司", "县食品加工厂", "县建材集团", "县光伏科技有限公司",
            "县中药材合作社", "县物流园", "县机械制造有限公司", "县电子元件厂", "县酒店管理公司", "县农业开发公司",
            "中外合资县陶瓷有限公司", "县汽车配件厂", "县医药有限公司", "县文旅发展公司");

    @Inject
    ComplaintDemoData complaints;

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            load();
            complaints.load();
        }
    }

    @Transactional
    void load() {
        int added = 0;
        for (int i = 0; i < ENTERPRISES.size(); i++) {
            String code = String.format("mp-%02d", i + 1);
            if (MonitoringPoint.findById(code) == null) {
                new MonitoringPoint(code, "投资环境监测点" + (i + 1), ENTERPRISES.get(i), null,
                        String.format("town-%02d", i % 17 + 1)).persist();
                added++;
            }
        }
        LOG.infof("Demo data: %d monitoring points added", added);
    }
}
