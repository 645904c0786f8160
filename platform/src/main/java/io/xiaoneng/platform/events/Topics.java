package io.xiaoneng.platform.events;

/** Kafka topics of the system, one place for producers, consumers, docker-compose and Kubernetes to agree on. */
public final class Topics {
    private Topics() {}

    /** Departments, windows and posts: log-compacted, keyed by code (approval-service). */
    public static final String ORG = "xiaoneng.approval.org";
    /** Working-day calendar years: log-compacted, keyed by year (approval-service). */
    public static final String CALENDAR = "xiaoneng.approval.calendar";
    /**
     * The approval catalog: every published version and every cancellation of an item, keyed by implementation code
     * (approval-service). Not compacted: an application is judged by the version it was filed under, so older
     * versions must stay readable for consumers.
     */
    public static final String CATALOG = "xiaoneng.approval.catalog";

    /**
     * Changes of appointment slots made by the service center and the bookings they cancel, keyed {@code slot:<id>}
     * (approval-service); see {@link AppointmentEventTypes}. Notification services tell the applicants.
     */
    public static final String APPOINTMENTS = "xiaoneng.approval.appointments";
    /** The application lifecycle, keyed by application id (approval-service); see {@link ApplicationEventTypes}. */
    public static final String APPLICATIONS = "xiaoneng.approval.applications";

    /**
     * Accountability of departments and their heads (evaluation-service): accountability cases opened by the year-end
     * survey or by missed targets and every step of them, and sanctions of the investment-attraction ladder; keyed by
     * case id or sanction id. See {@link AccountabilityEventTypes}.
     */
    public static final String ACCOUNTABILITY = "xiaoneng.evaluation.accountability";

    /**
     * Ratings (好差评) and their rectifications, keyed by application id (evaluation-service); see
     * {@link EvaluationEventTypes}.
     */
    public static final String RATINGS = "xiaoneng.evaluation.ratings";

    /** The complaint lifecycle, keyed by complaint id (complaint-service); see {@link ComplaintEventTypes}. */
    public static final String COMPLAINTS = "xiaoneng.complaint.complaints";
}
