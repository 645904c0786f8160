package io.xiaoneng.complaint.api;

import io.xiaoneng.complaint.app.ComplaintAccess;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Reminders before a step's deadline and overdue escalations raised by the deadline job. The handling department
 * sees its own; intake and the efficiency office see all (the escalation list is the supervisor's work queue).
 */
@Path("/api/v1/complaint-alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Complaint alerts", description = "Reminders and overdue escalations")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.CLERK, Roles.APPROVER, Roles.DEPT_HEAD, Roles.SUPERVISOR, Roles.ADMIN})
public class AlertResource {

    @Inject
    EntityManager em;

    @Inject
    ComplaintAccess access;

    public record AlertView(long id, UUID complaintId, String kind, String status, String department, LocalDate dueOn, Instant createdAt) {}

    /** The alerts a caller sees: ?1 the department he is confined to (null: all), ?2 the kind (null: both). */
    private static final String VISIBLE = """
            from complaint_alert
            where (cast(?1 as varchar) is null or department = ?1) and (cast(?2 as varchar) is null or kind = ?2)""";

    @GET
    @Operation(operationId = "listComplaintAlerts", summary = "Reminders (REMINDER) and escalations (OVERDUE), newest first")
    public PageOf<AlertView> list(@QueryParam("kind") @Pattern(regexp = "REMINDER|OVERDUE") String kind,
                                  @Valid @BeanParam PageRequest page) {
        String scope = null;
        if (!access.seesAll()) {
            scope = access.officialDepartment().orElseThrow(ComplaintAccess::forbidden);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, complaint_id, kind, status, department, due_on, created_at "
                        + VISIBLE + " order by created_at desc, id desc offset ?3 limit ?4")
                .setParameter(1, scope).setParameter(2, kind).setParameter(3, page.offset()).setParameter(4, page.size)
                .getResultList();
        long total = ((Number) em.createNativeQuery("select count(*) " + VISIBLE)
                .setParameter(1, scope).setParameter(2, kind).getSingleResult()).longValue();
        return PageOf.of(rows.stream().map(r -> new AlertView(((Number) r[0]).longValue(), (UUID) r[1], (String) r[2],
                (String) r[3], (String) r[4], toDate(r[5]), toInstant(r[6]))).toList(), total, page);
    }

    private static LocalDate toDate(Object o) {
        return o instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) o;
    }

    private static Instant toInstant(Object o) {
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        return (Instant) o;
    }
}
