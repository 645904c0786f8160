package io.xiaoneng.complaint.app;

import io.quarkus.panache.common.Sort;
import io.xiaoneng.complaint.domain.MonitoringPoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.List;

@ApplicationScoped
public class MonitoringPointService {

    public List<MonitoringPoint> list() {
        return MonitoringPoint.listAll(Sort.by("code"));
    }

    public MonitoringPoint get(String code) {
        return MonitoringPoint.<MonitoringPoint>findByIdOptional(code)
                .orElseThrow(() -> new NotFoundException("monitoring point " + code));
    }

    @Transactional
    public MonitoringPoint designate(String code, String name, String enterpriseName, String address, String townCode) {
        if (MonitoringPoint.findById(code) != null) {
            throw new WebApplicationException("monitoring point " + code + " exists", Response.Status.CONFLICT);
        }
        MonitoringPoint point = new MonitoringPoint(code, name, enterpriseName, address, townCode);
        point.persist();
        return point;
    }
}
