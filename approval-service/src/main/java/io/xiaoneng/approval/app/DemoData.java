package io.xiaoneng.approval.app;

import io.quarkus.runtime.StartupEvent;
import io.xiaoneng.approval.catalog.app.CatalogDemoData;
import io.xiaoneng.approval.domain.Department;
import io.xiaoneng.approval.domain.Department.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Demo data of the run command (xiaoneng.demo-data=true): the departments the demo accounts of the Keycloak
 * realm belong to, plus the county's 17 towns, then the catalog sample ({@link CatalogDemoData}). Idempotent, so it
 * can run on every start.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    @ConfigProperty(name = "xiaoneng.demo-data")
    boolean enabled;

    @Inject
    DepartmentService departments;

    @Inject
    CatalogDemoData catalog;

    record Row(String code, String name, Kind kind) {}

    static final List<Row> DEPARTMENTS = List.of(
            new Row("efficiency-office", "县机关效能建设办公室", Kind.COUNTY_AGENCY),
            new Row("evaluation-committee", "县机关效能评议委员会", Kind.COUNTY_AGENCY),
            new Row("market", "县市场监督管理局", Kind.COUNTY_AGENCY),
            new Row("housing", "县住房和城乡建设局", Kind.COUNTY_AGENCY),
            new Row("natural-resources", "县自然资源局", Kind.COUNTY_AGENCY),
            new Row("development-reform", "县发展和改革局", Kind.COUNTY_AGENCY),
            new Row("service-center", "县行政服务中心", Kind.WINDOW_UNIT));

    static final List<String> TOWNS = List.of("城关镇", "东关镇", "西关镇", "南山镇", "北河镇", "青石镇", "白水镇",
            "柳林镇", "桃园镇", "新华镇", "太平镇", "永安镇", "长兴镇", "龙泉镇", "凤凰镇", "石桥镇", "高庄镇");

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            load();
            catalog.load(); // after the departments, which the items belong to
        }
    }

    /** Public for the demo-data tests. */
    @Transactional
    public void load() {
        int added = 0;
        for (Row row : DEPARTMENTS) {
            added += addIfMissing(row.code(), row.name(), row.kind());
        }
        for (int i = 0; i < TOWNS.size(); i++) {
            added += addIfMissing(String.format("town-%02d", i + 1), TOWNS.get(i), Kind.TOWN);
        }
        LOG.infof("Demo data: %d departments added", added);
    }

    private int addIfMissing(String code, String name, Kind kind) {
        if (Department.findById(code) != null) {
            return 0;
        }
        departments.create("system", code, name, kind, null); // through the service, so the other services hear of it
        return 1;
    }
}
