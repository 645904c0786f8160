package io.xiaoneng.complaint.app;

import io.quarkus.panache.common.Sort;
import io.xiaoneng.complaint.domain.MonitoringPoint;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;

@ApplicationScoped
public class MonitoringPointService {

    static final String KIND = "monitoring-point";

    public List<MonitoringPoint> list() {
        return MonitoringPoint.listAll(Sort.by("code"));
    }

    public MonitoringPoint get(String code) {
        return MonitoringPoint.<MonitoringPoint>findByIdOptional(code).orElseThrow(() -> new NotFoundProblem(KIND, code));
    }

    @Transactional
    public MonitoringPoint designate(String code, String name, String enterpriseName, String address, String townCode) {
        if (MonitoringPoint.findById(code) != null) {
            throw ConflictProblem.alreadyExists(KIND, code);
        }
        MonitoringPoint point = new MonitoringPoint(code, name, enterpriseName, address, townCode);
        point.persist();
        return point;
    }
}
