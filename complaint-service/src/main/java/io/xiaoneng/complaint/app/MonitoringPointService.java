package io.xiaoneng.complaint.app;

import io.quarkus.panache.common.Sort;
import io.xiaoneng.complaint.domain.MonitoringPoint;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.security.CurrentUser;
import io.xiaoneng.platform.problem.ConflictProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class MonitoringPointService {

    static final String KIND = "monitoring-point";

    @Inject
    AuditTrail audit;

    @Inject
    CurrentUser user;

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
        audit.record(user.username(), KIND, code, "designated", null, state(point));
        return point;
    }

    /** The audited state: the point as designated (an enterprise, not a person). */
    static Map<String, Object> state(MonitoringPoint p) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("code", p.code);
        state.put("name", p.name);
        state.put("enterpriseName", p.enterpriseName);
        state.put("address", p.address);
        state.put("townCode", p.townCode);
        state.put("active", p.active);
        return state;
    }
}
